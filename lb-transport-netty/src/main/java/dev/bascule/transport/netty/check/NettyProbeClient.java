package dev.bascule.transport.netty.check;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.check.ProbeClient;
import dev.bascule.api.check.ProbeConnection;

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
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The transport's {@link ProbeClient}: each probe is a plain TCP connection on one of the
 * transport's event loops. Stages complete on that event loop; nothing blocks.
 */
public final class NettyProbeClient implements ProbeClient {
    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> socketChannel;

    public NettyProbeClient(EventLoopGroup group, Class<? extends SocketChannel> socketChannel) {
        this.group = requireNonNull(group, "group");
        this.socketChannel = requireNonNull(socketChannel, "socketChannel");
    }

    @Override
    public CompletionStage<ProbeConnection> connect(InetSocketAddress address, Duration timeout) {
        CompletableFuture<ProbeConnection> result = new CompletableFuture<>();
        if (group.isShuttingDown()) {
            result.completeExceptionally(new CancellationException("the transport is stopping"));
            return result;
        }
        Connection connection = new Connection();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(socketChannel)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                        timeout.toMillis())))
                .handler(connection);
        try {
            bootstrap.connect(address).addListener((ChannelFutureListener) future -> {
                if (future.isSuccess()) {
                    connection.channel = future.channel();
                    if (!result.complete(connection)) {
                        future.channel().close();
                    }
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
