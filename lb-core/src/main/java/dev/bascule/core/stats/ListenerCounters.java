package dev.bascule.core.stats;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one listener ({@code bind} address) of a frontend with {@code option
 * socket-stats}, HAProxy's {@code listener->counters}: only such a listener has them, so that a
 * frontend without the option counts nothing more. Updated by event loops without locks and
 * without allocating, as {@link Counters}; read by the statistics page from any thread.
 */
public final class ListenerCounters {
    private final LongAdder connections = new LongAdder();
    private final AtomicInteger current = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder deniedRequests = new LongAdder();
    private final LongAdder deniedResponses = new LongAdder();
    private final LongAdder failedRequests = new LongAdder();
    private final LongAdder deniedConnections = new LongAdder();
    private final LongAdder deniedSessions = new LongAdder();
    private volatile boolean limited;

    /** The listener accepted a connection ({@code stot}: HAProxy's {@code cum_conn}; {@code scur}, {@code smax}). */
    public void accepted() {
        connections.increment();
        int now = current.incrementAndGet();
        if (now > peak.get()) {
            peak.accumulateAndGet(now, Math::max);
        }
    }

    /** A connection it {@link #accepted()} closed. */
    public void closed() {
        current.decrementAndGet();
    }

    /** Bytes of a stream: received from the client, sent to it. */
    public void bytes(long in, long out) {
        if (in > 0) {
            bytesIn.add(in);
        }
        if (out > 0) {
            bytesOut.add(out);
        }
    }

    /** {@code dreq}. */
    public void deniedRequest() {
        deniedRequests.increment();
    }

    /** {@code dresp}. */
    public void deniedResponse() {
        deniedResponses.increment();
    }

    /** {@code ereq}. */
    public void failedRequest() {
        failedRequests.increment();
    }

    /** {@code dcon}: {@code tcp-request connection reject}. */
    public void deniedConnection() {
        deniedConnections.increment();
    }

    /** {@code dses}: {@code tcp-request session reject}. */
    public void deniedSession() {
        deniedSessions.increment();
    }

    /**
     * The transport paused or resumed the listener's accepts, its frontend or the process being
     * at its {@code maxconn} (HAProxy's {@code LI_LIMITED}).
     */
    public void limited(boolean limited) {
        this.limited = limited;
    }

    /** Whether the listener's accepts are paused: {@code WAITING} on the statistics page. */
    public boolean limited() {
        return limited;
    }

    public long connections() {
        return connections.sum();
    }

    public int current() {
        return current.get();
    }

    public int peak() {
        return peak.get();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    public long deniedRequests() {
        return deniedRequests.sum();
    }

    public long deniedResponses() {
        return deniedResponses.sum();
    }

    public long failedRequests() {
        return failedRequests.sum();
    }

    public long deniedConnections() {
        return deniedConnections.sum();
    }

    public long deniedSessions() {
        return deniedSessions.sum();
    }
}
