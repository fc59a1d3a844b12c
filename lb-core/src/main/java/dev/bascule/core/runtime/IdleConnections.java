package dev.bascule.core.runtime;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many idle connections to one server are kept for reuse, all event loops together, as
 * HAProxy decides it: a connection that has finished its exchange joins the idle ones only while
 * the used and idle connections together do not exceed what the traffic has recently needed
 * ({@code srv_add_to_idle_list()}), or when its event loop has none to this server; every
 * {@code pool-purge-delay} the estimate of that need decays towards the recent peak
 * ({@code srv_cleanup_idle_conns()}). So a crowd of {@code Connection: close} clients, each opening
 * its own server connection, leaves about as many idle connections as there were requests at
 * once, not one per request of the last seconds. {@code pool-max-conn} caps the count outright.
 *
 * <p>Updated from every event loop: the count is atomic, the peak and estimate are racy maxima
 * (HAProxy's "we don't need an exact max"), nothing blocks.
 */
public final class IdleConnections {
    /** HAProxy's default {@code pool-purge-delay}. */
    public static final long PURGE_DELAY_MILLIS = 5_000;

    private final AtomicInteger idle = new AtomicInteger();
    private final AtomicLong nextPurge = new AtomicLong(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PURGE_DELAY_MILLIS));
    /** {@code pool-max-conn}: -1 for no limit. */
    private volatile int maxIdle = -1;
    /** {@code max_used_conns}: the most connections in use at once since the last purge. */
    private volatile int maxUsed;
    /** {@code est_need_conns}: the estimate of the connections the traffic needs. */
    private volatile int estimatedNeed;

    void maxIdle(int max) {
        maxIdle = max;
    }

    /** A stream started using the server; {@code used} streams use it now ({@code srv_use_conn()}). */
    void used(int used) {
        if (maxUsed < used) {
            maxUsed = used;
        }
        if (estimatedNeed < used) {
            estimatedNeed = used;
        }
    }

    /**
     * Takes a place among the idle connections for one that has just finished its exchange, while
     * {@code used} others are in use: false when it should be closed instead. {@code loopHasNone}
     * says its event loop keeps no idle connection to the server yet (HAProxy keeps one per thread
     * whatever the estimate says).
     */
    public boolean park(int used, boolean loopHasNone) {
        int limit = maxIdle;
        while (true) {
            int current = idle.get();
            if (limit >= 0 && current >= limit) {
                return false;
            }
            // this connection still counts as used, as HAProxy checks before moving it to the idle list
            int inUse = used + 1;
            if (!loopHasNone && inUse + current > Math.max(inUse, estimatedNeed)) {
                return false;
            }
            if (idle.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** An idle connection left the pool (taken, closed or purged). */
    public void unpark() {
        idle.decrementAndGet();
    }

    /** The idle connections to the server, all event loops together. */
    public int idle() {
        return idle.get();
    }

    /** {@code pool-max-conn}, -1 when unlimited. */
    public int maxIdle() {
        return maxIdle;
    }

    /** The current estimate of the connections the traffic needs. */
    public int estimatedNeed() {
        return estimatedNeed;
    }

    /**
     * Called by each event loop's sweep while it keeps idle connections to the server: once per
     * purge delay (whichever loop comes first), the estimate moves halfway to the peak seen since
     * the last purge, never below it, and the peak restarts from the connections in use now.
     */
    public void purgeTick(long nowNanos, int used) {
        long due = nextPurge.get();
        if (nowNanos - due < 0
                || !nextPurge.compareAndSet(due, nowNanos + TimeUnit.MILLISECONDS.toNanos(PURGE_DELAY_MILLIS))) {
            return;
        }
        int peak = maxUsed;
        int estimate = (estimatedNeed + peak) / 2;
        estimatedNeed = Math.max(estimate, peak);
        maxUsed = used;
    }
}
