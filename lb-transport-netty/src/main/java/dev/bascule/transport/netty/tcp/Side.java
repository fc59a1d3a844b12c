package dev.bascule.transport.netty.tcp;

import dev.bascule.transport.netty.DirectMemoryGuard;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * One side of a {@code mode tcp} relay ({@link TcpRelay}): relays what it reads to the other side,
 * reading again once that is written, and carries FINs and timeouts across.
 */
abstract class Side extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(TcpRelay.class);

    Channel self;
    Side peer;
    boolean inputShut;
    boolean outputShut;
    /** The last write of this side's bytes to the peer: its end means all of them were handed to the kernel. */
    ChannelFuture lastRelayed;
    /** {@code timeout client-fin} or {@code server-fin} of this side (0: not set). */
    long finTimeoutMillis;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        self = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (peer == null || !peer.self.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        relaying(msg);
        lastRelayed = peer.self.writeAndFlush(msg);
        lastRelayed.addListener((ChannelFutureListener) future -> {
            if (future.isSuccess()) {
                // after this side's FIN there is nothing left to read, and a fully shut
                // socket may already be out of epoll: asking for a read would fail
                if (!inputShut) {
                    ctx.read();
                }
            } else {
                closePair();
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            inputShut = true;
            if (peer != null && peer.self.isActive()) {
                // propagate the FIN once everything read before it is written: shutting the
                // output down earlier would drop the writes still queued
                afterRelayed(() -> ((DuplexChannel) peer.self).shutdownOutput().addListener(done -> {
                    peer.outputShut = true;
                    if (peer.finTimeoutMillis > 0 && peer.self.isActive()) {
                        // HAProxy's half-closed timeout (sc->hcto) becomes the peer's read timeout
                        idleTimeout(peer, peer.finTimeoutMillis);
                    }
                    closeIfDone();
                }));
            } else {
                closePair();
            }
        } else if (event instanceof IdleStateEvent) {
            timedOut();
            closePair();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    /** What this side read is about to go to the peer. */
    void relaying(Object msg) {
    }

    /** This side was inactive for its timeout. */
    void timedOut() {
    }

    void closeIfDone() {
        if (inputShut && peer != null && peer.inputShut) {
            closePair();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (peer != null && peer.self.isActive()) {
            afterRelayed(() -> peer.self.close());
        }
        ctx.fireChannelInactive();
    }

    /** Runs {@code action} once every byte this side relayed has been written to the peer. */
    void afterRelayed(Runnable action) {
        if (lastRelayed == null || lastRelayed.isDone()) {
            action.run();
        } else {
            lastRelayed.addListener(future -> action.run());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!DirectMemoryGuard.INSTANCE.shortage(cause)) {
            DirectMemoryGuard.unexpected(LOG, ctx.channel(), "tcp relay error", cause);
        }
        closePair();
    }

    void closePair() {
        self.close();
        if (peer != null) {
            peer.self.close();
        }
    }

    /** {@code side}'s inactivity timeout is now {@code millis}. */
    static void idleTimeout(Side side, long millis) {
        ChannelPipeline pipeline = side.self.pipeline();
        if (pipeline.get(IdleStateHandler.class) != null) {
            pipeline.remove(IdleStateHandler.class);
        }
        ChannelHandlerContext at = pipeline.context(side);
        if (at != null) {
            pipeline.addBefore(at.name(), null, new IdleStateHandler(0, 0, millis, TimeUnit.MILLISECONDS));
        }
    }
}
