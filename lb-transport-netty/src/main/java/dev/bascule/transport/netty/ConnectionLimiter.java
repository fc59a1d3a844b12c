package dev.bascule.transport.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Global {@code maxconn}: counts client connections of every frontend and, as HAProxy does,
 * stops accepting while the limit is reached (the listeners stop reading their accept queue, so
 * new clients wait in the kernel's backlog) and resumes as soon as a connection ends. Accepts are
 * batched by the listener, so a burst may overshoot the limit by at most one batch.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private final int limit;
    private final AtomicInteger open = new AtomicInteger();
    private final List<Channel> listeners = new CopyOnWriteArrayList<>();

    ConnectionLimiter(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: >= 1)");
        }
        this.limit = limit;
    }

    /** A listener to pause and resume. */
    void add(Channel listener) {
        listeners.add(listener);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (open.incrementAndGet() >= limit) {
            setAccepting(false);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (open.decrementAndGet() < limit) {
            setAccepting(true);
        }
        ctx.fireChannelInactive();
    }

    private void setAccepting(boolean accepting) {
        for (Channel listener : listeners) {
            if (listener.config().isAutoRead() != accepting) {
                listener.config().setAutoRead(accepting);
            }
        }
    }

    /** Client connections open now. */
    int open() {
        return open.get();
    }
}
