package dev.bascule.transport.netty;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.ServerTls;
import dev.bascule.core.Transport.TransportException;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ProxyRuntime;
import dev.bascule.core.runtime.ServerEndpoint;
import dev.bascule.core.runtime.ServerRuntime;
import dev.bascule.transport.netty.tls.ServerTlsContexts;
import dev.bascule.transport.netty.tls.TlsProvider;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.List;

import javax.net.ssl.SSLException;

/**
 * Opens connections to servers, one place for the three that do (the TCP relay, the HTTP
 * connector, health checks): the channel class for an IP or a UNIX socket server, where to
 * connect, and the TLS handshake of {@code ssl} servers, added once the connection is made so that
 * a PROXY protocol header goes first, in clear, as HAProxy sends it.
 */
public final class ServerDialer {
    private final IoMode mode;
    private final ServerTlsContexts tls;

    ServerDialer(IoMode mode, TlsProvider provider) {
        this.mode = requireNonNull(mode, "mode");
        this.tls = new ServerTlsContexts(provider);
    }

    /** NIO and the best TLS provider: for tests that build pipelines by hand. */
    public static ServerDialer nio() {
        return new ServerDialer(IoMode.NIO, TlsProvider.best());
    }

    /**
     * Builds the TLS contexts of the servers that encrypt (control plane, when the transport
     * starts): a bad key or an unusable cipher list is an error at start, not at the first connection.
     */
    void prepare(ProxyRuntime runtime) throws TransportException {
        for (BackendRuntime backend : runtime.backends()) {
            for (ServerRuntime server : backend.servers()) {
                ServerEndpoint endpoint = server.endpoint();
                if (endpoint.encrypted()) {
                    try {
                        tls.prepare(endpoint, endpoint.tls(), endpoint.tls().alpn());
                    } catch (SSLException | RuntimeException e) {
                        throw new TransportException("server " + backend.name() + "/" + server.name() + " at "
                                + server.location() + ": cannot set up TLS: " + e.getMessage(), e);
                    }
                }
            }
        }
    }

    /** A bootstrap for a connection to {@code server} on {@code group}: its channel class and options. */
    public Bootstrap bootstrap(EventLoopGroup group, ServerRuntime server) {
        return bootstrap(group, server.endpoint().unixPath() != null);
    }

    /** A bootstrap for a UNIX socket ({@code unix}) or an IP connection. */
    public Bootstrap bootstrap(EventLoopGroup group, boolean unix) {
        Bootstrap bootstrap = new Bootstrap().group(group);
        if (unix) {
            return bootstrap.channel(mode == IoMode.EPOLL ? io.netty.channel.epoll.EpollDomainSocketChannel.class
                    : NioDomainSocketChannel.class);
        }
        return bootstrap.channel(mode.socketChannel()).option(ChannelOption.TCP_NODELAY, true);
    }

    /**
     * Where a connection to {@code server} for a client that connected to {@code destination} goes;
     * {@code destination} is read only for a server that maps it (written without a host or a port),
     * and may be null otherwise (a client on a UNIX socket has none).
     */
    public SocketAddress remote(ServerRuntime server, @Nullable InetSocketAddress destination) {
        String path = server.endpoint().unixPath();
        if (path != null) {
            return unix(path);
        }
        return server.mapsDestination() && destination != null ? server.destinationFor(destination)
                : server.address();
    }

    /** The address of a UNIX socket, in the form this transport connects to. */
    public SocketAddress unix(String path) {
        return mode.domainAddress(Path.of(path));
    }

    /**
     * Starts the TLS handshake on a new connection to {@code server} when its connections are
     * encrypted; null when they are not.
     *
     * @param sni the server name to send (its {@code sni} expression's value), null for none
     * @return the handshake's outcome
     */
    public @Nullable Future<Channel> secure(Channel channel, ServerRuntime server, @Nullable String sni,
                                            long handshakeTimeoutMillis) throws SSLException {
        ServerEndpoint endpoint = server.endpoint();
        if (!endpoint.encrypted()) {
            return null;
        }
        InetSocketAddress address = server.address();
        String peer = endpoint.unixPath() != null ? endpoint.unixPath() : address.getHostString();
        return secure(channel, endpoint, endpoint.tls(), endpoint.tls().alpn(), sni, peer,
                endpoint.unixPath() != null ? 0 : address.getPort(), handshakeTimeoutMillis);
    }

    /**
     * Starts a TLS handshake on {@code channel} with {@code settings}; {@code owner} keeps the
     * context (null: kept by the settings).
     */
    public Future<Channel> secure(Channel channel, @Nullable Object owner, ServerTls settings, List<String> alpn,
                                  @Nullable String sni, String peer, int port, long handshakeTimeoutMillis)
            throws SSLException {
        SslHandler handler = tls.newHandler(channel.alloc(), owner, settings, alpn, sni, peer, port,
                handshakeTimeoutMillis);
        channel.pipeline().addFirst("tls", handler);
        return handler.handshakeFuture();
    }
}
