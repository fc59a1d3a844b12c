package dev.bascule.core.runtime;

import dev.bascule.api.Nullable;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One queue of streams waiting for a slot, HAProxy's {@code struct queue}: a server's or its
 * backend's. Guarded by the backend's {@link BackendQueues} lock, except {@link #length()},
 * which anyone may read without it.
 */
final class ServerQueue {
    /** The server it belongs to, null for the backend's queue. */
    final @Nullable ServerRuntime server;
    final ArrayDeque<PendingStream> entries = new ArrayDeque<>();
    /** Written under the lock; read without it to decide whether the lock is needed. */
    private volatile int length;
    /** How many streams left it (HAProxy's {@code queue.idx}), for the logged positions. */
    long index;
    /** The longest it has been ({@code qmax}). */
    private volatile int peak;
    /** {@code maxqueue}, 0 for no limit. */
    final int limit;

    /** HAProxy's {@code TIME_STATS_SAMPLES}: {@code qtime} averages the last 1024 streams. */
    private static final int SAMPLES = 1024;
    /** HAProxy's sliding sum ({@code swrate_add}) of the queue times, and how many were added. */
    private final AtomicLong timeSum = new AtomicLong();
    private final AtomicLong timeSamples = new AtomicLong();

    ServerQueue(@Nullable ServerRuntime server, int limit) {
        this.server = server;
        this.limit = limit;
    }

    /** A stream served after {@code millis} in a queue (0 when it did not wait), for {@code qtime}. */
    void queueTime(long millis) {
        long sum;
        do {
            sum = timeSum.get();
        } while (!timeSum.compareAndSet(sum, sum - (sum + SAMPLES - 1) / SAMPLES + millis));
        timeSamples.incrementAndGet();
    }

    /** {@code qtime}: the average queue time of the last streams, HAProxy's {@code swrate_avg()} on its window. */
    long averageQueueTime() {
        long samples = Math.min(SAMPLES, timeSamples.get());
        if (samples == 0) {
            return 0;
        }
        // the sliding sum holds SAMPLES values once full; before that, those added so far
        return (timeSum.get() + samples - 1) / samples;
    }

    int length() {
        return length;
    }

    int peak() {
        return peak;
    }

    void add(PendingStream stream) {
        stream.queue = this;
        stream.arrivalIndex = index - 1;
        entries.addLast(stream);
        length = entries.size();
        if (length > peak) {
            peak = length;
        }
    }

    /** Takes out the first stream, which leaves with the positions it reached. */
    PendingStream poll() {
        PendingStream stream = entries.pollFirst();
        stream.leftQueue(this);
        index++;
        length = entries.size();
        return stream;
    }

    /** Takes out a stream that leaves before its turn (timeout, client gone, redistribution). */
    void remove(PendingStream stream) {
        entries.remove(stream);
        stream.leftQueue(this);
        length = entries.size();
    }
}
