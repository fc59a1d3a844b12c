package dev.bascule.transport.netty;

import dev.bascule.api.Nullable;
import dev.bascule.core.stats.ListenerCounters;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultMaxMessagesRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code maxconn}, global or a frontend's, as HAProxy applies it: client connections count from
 * their accept (TLS handshake included) until they close, and no connection is accepted beyond
 * the limit. A listener's accept loop stops as soon as the accepts of the loop would reach the
 * limit ({@link #acceptAllocator()}), the listeners stop reading their accept queue while the
 * limit is reached, so new clients wait in the kernel's backlog, and they resume as soon as a
 * connection ends.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private final int limit;
    private final AtomicInteger open = new AtomicInteger();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ChannelFutureListener onClose = future -> released();

    ConnectionLimiter(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: >= 1)");
        }
        this.limit = limit;
    }

    /**
     * A listener to pause and resume: this handler must be in its pipeline, and so must each of
     * {@code all}, every limiter of the listener (this one included), for it resumes only when
     * none of them is at its limit. Its counters ({@code option socket-stats}), if it has some,
     * then say whether it is paused (HAProxy's limited listener, {@code WAITING} on the
     * statistics page).
     */
    void add(Channel listener, @Nullable ListenerCounters counters, List<ConnectionLimiter> all) {
        Listener added = new Listener(listener, counters, List.copyOf(all));
        listeners.add(added);
        if (open.get() >= limit) {
            added.accepting(false);
        }
    }

    /**
     * The accept-loop allocator for listeners under these limiters (a frontend's {@code maxconn}
     * and the global one): it ends a loop before any of their limits is passed.
     */
    static RecvByteBufAllocator acceptAllocator(List<ConnectionLimiter> limiters) {
        return new AcceptAllocator(List.copyOf(limiters));
    }

    /** Connections this limiter can still take. */
    private int headroom() {
        return limit - open.get();
    }

    /** A connection was accepted (it passes through the listener's pipeline before its own). */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Channel) {
            Channel child = (Channel) msg;
            if (open.incrementAndGet() >= limit) {
                setAccepting(false);
            }
            child.closeFuture().addListener(onClose);
        }
        ctx.fireChannelRead(msg);
    }

    private void released() {
        if (open.decrementAndGet() < limit) {
            setAccepting(true);
        }
    }

    private void setAccepting(boolean accepting) {
        for (Listener listener : listeners) {
            listener.accepting(accepting);
        }
    }

    /** A listener this limiter pauses, with its counters if it has some, and all its limiters. */
    private record Listener(Channel channel, @Nullable ListenerCounters counters, List<ConnectionLimiter> limiters) {
        void accepting(boolean accepting) {
            if (accepting) {
                // the process's limit freed a place, the frontend's may still be reached (or the reverse)
                for (int i = 0; i < limiters.size(); i++) {
                    if (limiters.get(i).headroom() <= 0) {
                        return;
                    }
                }
            }
            if (channel.config().isAutoRead() != accepting) {
                channel.config().setAutoRead(accepting);
            }
            if (counters != null && counters.limited() == accepting) {
                counters.limited(!accepting);
            }
        }
    }

    /** The limit. */
    int limit() {
        return limit;
    }

    /** Client connections open now. */
    int open() {
        return open.get();
    }

    /** Netty's server-channel allocator, with the accept loop bounded by what the limits leave. */
    private static final class AcceptAllocator extends DefaultMaxMessagesRecvByteBufAllocator {
        private final List<ConnectionLimiter> limiters;

        AcceptAllocator(List<ConnectionLimiter> limiters) {
            super(NettyTransport.MAX_ACCEPT);
            respectMaybeMoreData(false);
            this.limiters = limiters;
        }

        @Override
        public Handle newHandle() {
            return new MaxMessageHandle() {
                /** Accepts of this loop: the accept loop asks once after each. */
                private int accepted;
                private ChannelConfig config;

                @Override
                public void reset(ChannelConfig config) {
                    this.config = config;
                    accepted = 0;
                    super.reset(config);
                }

                @Override
                public int guess() {
                    return 128;
                }

                /**
                 * As Netty's server-channel handle (which ignores bytes read: an accept reads none;
                 * the general handle would stop after one accept), bounded by the limits too.
                 */
                @Override
                public boolean continueReading() {
                    accepted++;
                    if (!config.isAutoRead() || accepted >= maxMessagesPerRead()) {
                        return false;
                    }
                    for (int i = 0; i < limiters.size(); i++) {
                        if (accepted >= limiters.get(i).headroom()) {
                            return false;
                        }
                    }
                    return true;
                }
            };
        }
    }
}
