package dev.bascule.transport.netty.http;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * The one timer of a client connection, re-armed lazily as HAProxy's task expiry: arming a
 * timeout only moves the deadline; the scheduled wake-up stays at the earliest deadline it was set
 * for and sleeps again if the deadline moved later, so a request usually schedules nothing. Used
 * from the connection's event loop only.
 */
final class ConnectionTimer {
    /**
     * Which of HAProxy's timeouts runs: {@code http-request}, {@code http-keep-alive}, {@code client},
     * {@code server}, {@code tarpit}.
     */
    enum Kind {
        REQUEST, KEEP_ALIVE, CLIENT, SERVER, TARPIT
    }

    /** Called when the deadline passes. */
    @FunctionalInterface
    interface Expiry {
        void expired(Kind kind);
    }

    private final Runnable wakeUp = this::wakeUp;
    private final Expiry expiry;
    private EventExecutor executor;
    private ScheduledFuture<?> scheduled;
    private long scheduledAt;
    private long deadline;
    private Kind kind;

    ConnectionTimer(Expiry expiry) {
        this.expiry = expiry;
    }

    /** The event loop of the connection, once it is known. */
    void executor(EventExecutor executor) {
        this.executor = executor;
    }

    /** The {@code kind} timeout now runs for {@code millis} (0 or less: no timeout). */
    void arm(long millis, Kind kind) {
        if (millis <= 0) {
            deadline = 0;
            return;
        }
        long now = System.nanoTime();
        deadline = now + TimeUnit.MILLISECONDS.toNanos(millis);
        this.kind = kind;
        if (scheduled == null || scheduledAt - deadline > 0) {
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            scheduledAt = deadline;
            scheduled = executor.schedule(wakeUp, deadline - now, TimeUnit.NANOSECONDS);
        }
    }

    /** No timeout runs; the wake-up, if any, finds no deadline and stops. */
    void cancel() {
        deadline = 0;
    }

    /** The connection is gone: the wake-up is cancelled too. */
    void stop() {
        deadline = 0;
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
    }

    private void wakeUp() {
        scheduled = null;
        if (deadline == 0) {
            return;
        }
        long now = System.nanoTime();
        if (deadline - now > 0) {
            scheduledAt = deadline;
            scheduled = executor.schedule(wakeUp, deadline - now, TimeUnit.NANOSECONDS);
            return;
        }
        deadline = 0;
        expiry.expired(kind);
    }
}
