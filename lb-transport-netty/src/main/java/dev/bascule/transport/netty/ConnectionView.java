package dev.bascule.transport.netty;

import dev.bascule.api.Nullable;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.core.sample.VariableStore;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import dev.bascule.transport.netty.tls.TlsInfo;

import java.net.InetSocketAddress;

/**
 * The rules' view of a client connection: its addresses and TLS facts. TCP mode uses it as it is;
 * the HTTP view adds the current request.
 */
public class ConnectionView implements TrafficView {
    /** The connection's variables: its {@code sess} scope lives as long as the connection. */
    private static final AttributeKey<VariableStore> VARIABLES = AttributeKey.valueOf("bascule.variables");

    private final Channel client;
    private final VariableStore variables;

    public ConnectionView(Channel client) {
        this.client = client;
        VariableStore store = client.attr(VARIABLES).get();
        if (store == null) {
            store = new VariableStore();
            client.attr(VARIABLES).set(store);
        }
        this.variables = store;
    }

    @Override
    public VariableStore variables() {
        return variables;
    }

    private @Nullable String frontend;
    private @Nullable String backend;
    private @Nullable String server;

    /** The names {@code fe_name}, {@code be_name} and {@code srv_name} answer with in mode tcp. */
    public void proxyNames(@Nullable String frontendName, @Nullable String backendName, @Nullable String serverName) {
        frontend = frontendName;
        backend = backendName;
        server = serverName;
    }

    @Override
    public @Nullable CharSequence frontendName() {
        return frontend;
    }

    @Override
    public @Nullable CharSequence backendName() {
        return backend;
    }

    @Override
    public @Nullable CharSequence targetServerName() {
        return server;
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
