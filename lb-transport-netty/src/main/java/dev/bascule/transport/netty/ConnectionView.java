package dev.bascule.transport.netty;

import dev.bascule.api.Nullable;
import dev.bascule.api.sample.TrafficView;

import io.netty.channel.Channel;
import dev.bascule.transport.netty.tls.TlsInfo;

import java.net.InetSocketAddress;

/** The rules' view of a client connection without a request (TCP mode), and TLS facts for every view. */
public final class ConnectionView implements TrafficView {
    private final Channel client;

    public ConnectionView(Channel client) {
        this.client = client;
    }

    @Override
    public InetSocketAddress source() {
        return (InetSocketAddress) client.remoteAddress();
    }

    @Override
    public InetSocketAddress destination() {
        return (InetSocketAddress) client.localAddress();
    }

    @Override
    public boolean secure() {
        return isTls(client);
    }

    @Override
    public @Nullable CharSequence serverName() {
        return serverName(client);
    }

    /** Whether {@code client} speaks TLS. */
    public static boolean isTls(Channel client) {
        return TlsInfo.isTls(client);
    }

    /** The SNI name {@code client} sent (lower-cased by Netty), or null. */
    public static @Nullable CharSequence serverName(Channel client) {
        return TlsInfo.serverName(client);
    }
}
