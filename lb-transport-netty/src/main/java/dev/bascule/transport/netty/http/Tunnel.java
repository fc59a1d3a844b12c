package dev.bascule.transport.netty.http;

import dev.bascule.transport.netty.DirectMemoryGuard;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * A client connection and its server connection once HTTP is over between them (a {@code 101
 * Switching Protocols}, a {@code CONNECT}'s 2xx), as HAProxy's H1 streams in {@code H1_MSG_TUNNEL}:
 * the HTTP codecs leave both pipelines and the bytes go through as they are, the buffers read on
 * one side written on the other. Each side reads again only once the other can take more.
 *
 * <p>As HAProxy 2.6 does with HTTP/1 tunnels: the client's FIN is passed on to the server (whose
 * answer may still come, within {@code timeout server-fin} when set), the server's FIN or close
 * ends both connections. Inactivity in both directions is bounded by {@code timeout tunnel} when
 * the backend sets it, else by {@code timeout client} on the client's side and {@code timeout
 * server} on the server's (traffic either way refreshes both, as HAProxy's stream connectors
 * refresh the read timeout of a side on write activity); the log line says which expired
 * ({@code cD}, {@code sD}). The server connection is never pooled afterwards. The log line goes
 * out when the client connection ends, with the tunnel's bytes and duration.
 */
final class Tunnel {
    private static final Logger LOG = LoggerFactory.getLogger(Tunnel.class);

    /** What the connection does once the tunnel is over: the log line, the server's slot. */
    @FunctionalInterface
    interface End {
        void ended();
    }

    private final Side client = new Side(true);
    private final Side server = new Side(false);
    private final HttpLog httpLog;
    private final End end;
    /** Inactivity allowed on each side (0: none), in nanoseconds. */
    private final long clientLimit;
    private final long serverLimit;
    /** {@code timeout server-fin}: the server side's once the client's FIN went to it (0: not set). */
    private final long serverFinLimit;
    private long lastActivity;
    private ScheduledFuture<?> wakeUp;
    private boolean over;

    private Tunnel(HttpLog httpLog, End end, long clientMillis, long serverMillis, long serverFinMillis) {
        this.httpLog = httpLog;
        this.end = end;
        this.clientLimit = TimeUnit.MILLISECONDS.toNanos(clientMillis);
        this.serverLimit = TimeUnit.MILLISECONDS.toNanos(serverMillis);
        this.serverFinLimit = TimeUnit.MILLISECONDS.toNanos(serverFinMillis);
    }

    /**
     * Makes a tunnel of {@code clientChannel} and {@code serverChannel}: called from the client's
     * event loop right after the response head that switches protocols was written to the client.
     * The bytes either decoder holds (read after the request or after the response head) go
     * through first. {@code clientShut}: the client's FIN came already.
     */
    static void start(Channel clientChannel, Channel serverChannel, HttpLog httpLog, End end, long clientMillis,
                      long serverMillis, long serverFinMillis, boolean clientShut) {
        Tunnel tunnel = new Tunnel(httpLog, end, clientMillis, serverMillis, serverFinMillis);
        tunnel.client.self = clientChannel;
        tunnel.server.self = serverChannel;
        tunnel.lastActivity = System.nanoTime();
        ChannelPipeline serverPipeline = serverChannel.pipeline();
        serverPipeline.replace(HttpBackendHandler.class, "tunnel", tunnel.server);
        serverPipeline.remove(H1RequestEncoder.class);
        ChannelPipeline clientPipeline = clientChannel.pipeline();
        clientPipeline.replace(HttpFrontendHandler.class, "tunnel", tunnel.client);
        clientPipeline.remove(H1ResponseEncoder.class);
        clientPipeline.remove(RawBytesMarker.class);
        // a decoder leaving hands on what it holds: the client's early bytes go to the server,
        // what came after the server's head goes to the client (behind that head)
        clientPipeline.remove(H1Decoder.class);
        serverPipeline.remove(H1Decoder.class);
        clientChannel.flush();
        serverChannel.flush();
        if (clientShut) {
            tunnel.inputShut(tunnel.client);
        }
        tunnel.schedule(tunnel.nextCheck());
        if (serverChannel.isWritable()) {
            clientChannel.read();
        }
        if (clientChannel.isWritable()) {
            serverChannel.read();
        }
    }

    /** The nanoseconds until the next inactivity limit, 0 when none runs. */
    private long nextCheck() {
        long limit = clientSideLimit();
        long serverSide = serverSideLimit();
        if (limit == 0 || serverSide > 0 && serverSide < limit) {
            limit = serverSide;
        }
        return limit;
    }

    private long clientSideLimit() {
        // once the client's FIN came, nothing more is read from it
        return client.inputShut ? 0 : clientLimit;
    }

    private long serverSideLimit() {
        return client.inputShut && serverFinLimit > 0 ? serverFinLimit : serverLimit;
    }

    private void schedule(long delay) {
        if (delay > 0 && !over) {
            wakeUp = client.self.eventLoop().schedule(this::check, delay, TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        wakeUp = null;
        if (over) {
            return;
        }
        long idle = System.nanoTime() - lastActivity;
        long clientSide = clientSideLimit();
        long serverSide = serverSideLimit();
        if (clientSide > 0 && idle >= clientSide) {
            expire('c');
        } else if (serverSide > 0 && idle >= serverSide) {
            expire('s');
        } else {
            long next = Long.MAX_VALUE;
            if (clientSide > 0) {
                next = clientSide - idle;
            }
            if (serverSide > 0) {
                next = Math.min(next, serverSide - idle);
            }
            schedule(next);
        }
    }

    /** HAProxy's read timeout of one side in a tunnel: both connections close, logged {@code cD} or {@code sD}. */
    private void expire(char side) {
        httpLog.aborted(side, 'D');
        client.self.close();
        server.self.close();
    }

    /** {@code side}'s FIN came: the client's goes on to the server, the server's ends the tunnel. */
    private void inputShut(Side side) {
        side.inputShut = true;
        if (side == server || server.inputShut || !server.self.isActive()) {
            closeAfterWrites(client);
            closeAfterWrites(server);
            return;
        }
        // once what was read before it is written (shutting the output now would drop those writes)
        server.self.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) future -> {
            if (future.isSuccess() && server.self.isActive()) {
                ((DuplexChannel) server.self).shutdownOutput();
            }
        });
        if (wakeUp != null) {
            // the server side's limit may now be timeout server-fin
            wakeUp.cancel(false);
            wakeUp = null;
        }
        check();
    }

    /** {@code side} closes once what waits to be written on it went out. */
    private static void closeAfterWrites(Side side) {
        if (side.self.isActive()) {
            side.self.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void closed(Side side) {
        Side peer = side == client ? server : client;
        closeAfterWrites(peer);
        if (side == client && !over) {
            over = true;
            if (wakeUp != null) {
                wakeUp.cancel(false);
                wakeUp = null;
            }
            end.ended();
        }
    }

    /** One end of the tunnel: what it reads goes to the other. */
    private final class Side extends ChannelInboundHandlerAdapter {
        private final boolean isClient;
        Channel self;
        boolean inputShut;
        private boolean unflushed;

        Side(boolean isClient) {
            this.isClient = isClient;
        }

        private Side peer() {
            return isClient ? server : client;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel other = peer().self;
            if (!(msg instanceof ByteBuf) || !other.isActive()) {
                ReferenceCountUtil.release(msg);
                return;
            }
            int bytes = ((ByteBuf) msg).readableBytes();
            if (isClient) {
                httpLog.bytesIn(bytes);
            } else {
                httpLog.bytesOut(bytes);
            }
            lastActivity = System.nanoTime();
            other.write(msg, other.voidPromise());
            unflushed = true;
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            Channel other = peer().self;
            if (unflushed) {
                unflushed = false;
                other.flush();
            }
            if (!inputShut && other.isWritable()) {
                ctx.read();
            }
            // else the other side's writability brings the next read
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            Side other = peer();
            if (ctx.channel().isWritable() && !other.inputShut && other.self.isActive()) {
                other.self.read();
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                inputShut(this);
                return;
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed(this);
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!DirectMemoryGuard.INSTANCE.shortage(cause)) {
                LOG.debug("[{}] tunnel {} side: {}", ctx.channel().id(), isClient ? "client" : "server",
                        cause.toString());
            }
            ctx.close();
        }
    }
}
