package dev.bascule.benchmarks;

import dev.bascule.api.sample.TrafficView;

import java.net.InetSocketAddress;

/**
 * A request head as arrays, the way the transport's view exposes it: {@code GET /index.html?x=1}
 * from 127.0.0.1:40000 to 127.0.0.1:{@code localPort}. Benchmarks extend it for what they
 * read beyond the request (captures, status, timers).
 */
public class RequestView implements TrafficView {
    public static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);

    private final InetSocketAddress local;
    private final boolean secure;
    private final String[] names;
    private final String[] values;

    public RequestView(int localPort, boolean secure, String[] names, String[] values) {
        this.local = new InetSocketAddress("127.0.0.1", localPort);
        this.secure = secure;
        this.names = names;
        this.values = values;
    }

    @Override
    public InetSocketAddress source() {
        return CLIENT;
    }

    @Override
    public InetSocketAddress destination() {
        return local;
    }

    @Override
    public boolean secure() {
        return secure;
    }

    @Override
    public CharSequence method() {
        return "GET";
    }

    @Override
    public CharSequence uri() {
        return "/index.html?x=1";
    }

    @Override
    public int requestHeaderCount() {
        return names.length;
    }

    @Override
    public CharSequence requestHeaderName(int index) {
        return names[index];
    }

    @Override
    public CharSequence requestHeaderValue(int index) {
        return values[index];
    }
}
