package dev.bascule.transport.netty;

import dev.bascule.api.Nullable;
import dev.bascule.api.sample.TrafficView;

import io.netty.channel.Channel;
import dev.bascule.transport.netty.tls.TlsInfo;

import java.net.InetSocketAddress;

/**
 * The rules' view of a client connection: its addresses and TLS facts. TCP mode uses it as it is;
 * the HTTP view adds the current request.
 */
public class ConnectionView implements TrafficView {
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
        return TlsInfo.isTls(client);
    }

    @Override
    public @Nullable CharSequence serverName() {
        return TlsInfo.serverName(client);
    }


}
