package dev.bascule.transport.netty.check;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.check.CheckTarget;
import dev.bascule.api.check.ProbeClient;
import dev.bascule.api.check.ProbeConnection;
import dev.bascule.api.config.ProxyProtocol;
import dev.bascule.api.config.ServerTls;
import dev.bascule.transport.netty.ServerDialer;
import dev.bascule.transport.netty.proxy.ProxyHeaderWriter;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The transport's {@link ProbeClient}: each probe is a plain TCP connection on one of the
 * transport's event loops. Stages complete on that event loop; nothing blocks.
 */
public final class NettyProbeClient implements ProbeClient {
    private final EventLoopGroup group;
    private final ServerDialer dialer;

    public NettyProbeClient(EventLoopGroup group, ServerDialer dialer) {
        this.group = requireNonNull(group, "group");
        this.dialer = requireNonNull(dialer, "dialer");
    }

    /**
     * One probe to a loopback socket of its own, before the first check (control plane, bounded
     * to a second): the first connection a JVM makes runs code it has never loaded, tens of
     * milliseconds that would fall on the first probes, whose time is {@code inter} (20 ms in some
     * configurations). A failure changes nothing.
     */
    public NettyProbeClient warmedUp() {
        try (java.nio.channels.ServerSocketChannel listener = java.nio.channels.ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress local = (InetSocketAddress) listener.getLocalAddress();
            connect(new CheckTarget("", local), Duration.ofSeconds(1)).toCompletableFuture()
                    .thenAccept(ProbeConnection::close).get(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.io.IOException | java.util.concurrent.ExecutionException | TimeoutException e) {
            // no warm-up: the first probes are slower, nothing else
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    @Override
    public CompletionStage<ProbeConnection> connect(InetSocketAddress address, Duration timeout) {
        return connect(new CheckTarget("", address), timeout);
    }

    @Override
    public CompletionStage<ProbeConnection> connect(CheckTarget target, Duration timeout) {
        CompletableFuture<ProbeConnection> result = new CompletableFuture<>();
        if (group.isShuttingDown()) {
            result.completeExceptionally(new CancellationException("the transport is stopping"));
            return result;
        }
        Connection connection = new Connection();
        long timeoutMillis = Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        Bootstrap bootstrap = dialer.bootstrap(group, target.unixPath().isPresent())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeoutMillis)
                .handler(connection);
        SocketAddress remote = target.unixPath().isPresent() ? dialer.unix(target.unixPath().get())
                : target.address();
        try {
            bootstrap.connect(remote).addListener((ChannelFutureListener) future -> {
                if (future.isSuccess()) {
                    connection.channel = future.channel();
                    if (target.proxyHeader()) {
                        // check-send-proxy, first and in clear, as haproxy 2.6 sends it: version 1 with the
                        // probe connection's own addresses, version 2 a LOCAL command (a locally initiated
                        // connection, unless pp2-never-send-local)
                        boolean v1 = target.proxyVersion() == ProxyProtocol.V1;
                        ProxyHeaderWriter.write(future.channel(), target.proxyVersion(),
                                v1 && future.channel().localAddress() instanceof InetSocketAddress local ? local : null,
                                v1 && future.channel().remoteAddress() instanceof InetSocketAddress server ? server
                                        : null);
                    }
                    if (!target.encrypted()) {
                        opened(result, connection);
                        return;
                    }
                    // check-ssl: the probe begins once the handshake is made
                    ServerTls tls = target.tls();
                    dialer.secure(future.channel(), null, tls, tls.checkAlpn().isEmpty() ? tls.alpn()
                            : tls.checkAlpn(), tls.checkSni().orElse(null), target.unixPath().orElse(
                            target.address().getHostString()), target.address().getPort(), timeoutMillis)
                            .addListener(done -> {
                                if (done.isSuccess()) {
                                    opened(result, connection);
                                } else {
                                    future.channel().close();
                                    result.completeExceptionally(handshakeFailure(done.cause()));
                                }
                            });
                } else if (future.cause() instanceof ConnectTimeoutException) {
                    result.completeExceptionally(new TimeoutException(future.cause().getMessage()));
                } else if (future.cause() instanceof RejectedExecutionException) {
                    result.completeExceptionally(new CancellationException("the transport is stopping"));
                } else {
                    result.completeExceptionally(future.cause());
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new CancellationException("the transport is stopping"));
        }
        return result;
    }

    private static void opened(CompletableFuture<ProbeConnection> result, Connection connection) {
        if (!result.complete(connection)) {
            connection.close();
        }
    }

    /**
     * A failed handshake in HAProxy's words: the server closed during it ({@code CO_ER_SSL_HANDSHAKE}
     * after an abort) or refused it.
     */
    private static SSLException handshakeFailure(Throwable cause) {
        if (cause instanceof SSLException ssl && !(cause instanceof SSLHandshakeException)
                && cause.getMessage() != null && cause.getMessage().contains("closed")) {
            return ssl;
        }
        if (cause instanceof java.nio.channels.ClosedChannelException || cause instanceof SSLException
                && cause.getCause() instanceof java.nio.channels.ClosedChannelException) {
            return new SSLException("Connection closed during SSL handshake", cause);
        }
        return new SSLException("SSL handshake failure", cause);
    }

    /** One probe connection: what arrives is kept until the check asks for it. Event loop only. */
    private static final class Connection extends ChannelInboundHandlerAdapter implements ProbeConnection {
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private volatile Channel channel;
        private boolean closed;
        private CompletableFuture<byte[]> waiting;
        private int waitingMax;
        private boolean waitingForAll;

        @Override
        public CompletionStage<Void> send(byte[] data) {
            CompletableFuture<Void> result = new CompletableFuture<>();
            channel.writeAndFlush(Unpooled.wrappedBuffer(data)).addListener((ChannelFutureListener) future -> {
                if (future.isSuccess()) {
                    result.complete(null);
                } else {
                    result.completeExceptionally(future.cause());
                }
            });
            return result;
        }

        @Override
        public CompletionStage<byte[]> receive(int maxBytes) {
            return await(maxBytes, true);
        }

        @Override
        public CompletionStage<byte[]> receiveSome(int maxBytes) {
            return await(maxBytes, false);
        }

        private CompletionStage<byte[]> await(int maxBytes, boolean all) {
            CompletableFuture<byte[]> result = new CompletableFuture<>();
            channel.eventLoop().execute(() -> {
                if (waiting != null) {
                    result.completeExceptionally(new IllegalStateException("a receive is already pending"));
                    return;
                }
                waiting = result;
                waitingMax = maxBytes;
                waitingForAll = all;
                deliver();
            });
            return result;
        }

        private void deliver() {
            if (waiting == null) {
                return;
            }
            int available = received.size();
            boolean ready = waitingForAll ? closed || available >= waitingMax : closed || available > 0;
            if (!ready) {
                return;
            }
            byte[] all = received.toByteArray();
            int taken = Math.min(all.length, waitingMax);
            byte[] out = Arrays.copyOf(all, taken);
            received.reset();
            received.write(all, taken, all.length - taken);
            CompletableFuture<byte[]> result = waiting;
            waiting = null;
            result.complete(out);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buffer) {
                try {
                    byte[] bytes = new byte[buffer.readableBytes()];
                    buffer.readBytes(bytes);
                    received.write(bytes, 0, bytes.length);
                } finally {
                    buffer.release();
                }
                deliver();
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed = true;
            deliver();
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        @Override
        public void close() {
            Channel open = channel;
            if (open != null) {
                open.close();
            }
        }
    }
}
