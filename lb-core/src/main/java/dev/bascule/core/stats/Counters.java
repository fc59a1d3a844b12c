package dev.bascule.core.stats;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The traffic counters of one frontend, backend or server, as HAProxy's {@code struct
 * fe_counters} / {@code be_counters} keep them for the statistics page. Event loops update
 * them without locks ({@link LongAdder}s; the gauges are atomics) and without allocating; the
 * page reads them from any thread.
 */
public final class Counters {
    private final LongAdder sessions = new LongAdder();
    private final LongAdder failedHana = new LongAdder();
    private final LongAdder connections = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    /** HTTP responses by class: index 1 to 5 for 1xx to 5xx, 0 for any other status. */
    private final LongAdder[] responses = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(),
        new LongAdder(), new LongAdder()};
    private final AtomicInteger current = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final LongAdder deniedRequests = new LongAdder();
    private final LongAdder deniedResponses = new LongAdder();
    private final LongAdder failedRequests = new LongAdder();
    private final LongAdder intercepted = new LongAdder();
    private final LongAdder balanced = new LongAdder();
    private final LongAdder newConnections = new LongAdder();
    private final LongAdder reusedConnections = new LongAdder();
    private final LongAdder failedConnections = new LongAdder();
    private final LongAdder deniedConnections = new LongAdder();
    private final LongAdder failedResponses = new LongAdder();
    private final LongAdder deniedSessions = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder redispatches = new LongAdder();
    /** When the last session started, epoch milliseconds; 0 before the first. */
    private volatile long lastSessionMillis;

    /**
     * A session starts: {@code stot} (a frontend's accepted connection, a stream assigned to a
     * backend, a connection attempt to a server) and the current count with its maximum.
     */
    public void enter() {
        sessions.increment();
        lastSessionMillis = System.currentTimeMillis();
        peak(current.incrementAndGet());
    }

    /** The session {@link #enter() entered} ends. */
    public void leave() {
        current.decrementAndGet();
    }

    /** The sessions in progress are counted elsewhere (a server's in-flight count): now {@code now}, for the maximum. */
    public void concurrent(int now) {
        peak(now);
    }

    /**
     * A server's session: HAProxy counts one ({@code stot}, {@code lastsess}) per connection
     * attempt of a stream, a retry included.
     */
    public void session() {
        sessions.increment();
        lastSessionMillis = System.currentTimeMillis();
    }

    /** A server's response that did not come or could not be parsed ({@code eresp}). */
    public void failedResponse() {
        failedResponses.increment();
    }

    public long failedResponses() {
        return failedResponses.sum();
    }

    /** A connection refused by {@code tcp-request connection reject} ({@code dcon}). */
    public void deniedConnection() {
        deniedConnections.increment();
    }

    /** A connection refused by {@code tcp-request session reject} ({@code dses}). */
    public void deniedSession() {
        deniedSessions.increment();
    }

    public long deniedConnections() {
        return deniedConnections.sum();
    }

    public long deniedSessions() {
        return deniedSessions.sum();
    }

    /** The stream could not connect, retries exhausted ({@code econ}). */
    public void failedConnection() {
        failedConnections.increment();
    }

    /** Traffic errors reached {@code error-limit} and {@code on-error} acted ({@code hanafail}). */
    public void failedHana() {
        failedHana.increment();
    }

    public long failedHanas() {
        return failedHana.sum();
    }

    /** A connection attempt again on the same server ({@code wretr}). */
    public void retry() {
        retries.increment();
    }

    /** A retry sent to another server ({@code wredis}). */
    public void redispatch() {
        redispatches.increment();
    }

    public long failedConnections() {
        return failedConnections.sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long redispatches() {
        return redispatches.sum();
    }

    /** A request refused by an {@code http-request deny} ({@code dreq}). */
    public void deniedRequest() {
        deniedRequests.increment();
    }

    /** A response refused by an {@code http-response deny} ({@code dresp}). */
    public void deniedResponse() {
        deniedResponses.increment();
    }

    /** A request that could not be parsed or did not arrive ({@code ereq}). */
    public void failedRequest() {
        failedRequests.increment();
    }

    /** A request the frontend answered itself: return, redirect, stats page, monitor URI ({@code intercepted}). */
    public void intercept() {
        intercepted.increment();
    }

    /** The balancing algorithm chose this server, or a server of this backend ({@code lbtot}). */
    public void chosenByBalancer() {
        balanced.increment();
    }

    /** A stream went to a server on a new connection ({@code connect}) or on one already open ({@code reuse}). */
    public void connection(boolean reused) {
        (reused ? reusedConnections : newConnections).increment();
    }

    private void peak(int now) {
        if (now > peak.get()) {
            peak.accumulateAndGet(now, Math::max);
        }
    }

    /** A frontend accepted a connection, before its {@code tcp-request connection} rules ({@code conn_tot}). */
    public void connection() {
        connections.increment();
    }

    /** An HTTP request ({@code req_tot}). */
    public void request() {
        requests.increment();
    }

    /** An HTTP response of this status ({@code hrsp_1xx}...{@code hrsp_other}). */
    public void response(int status) {
        int kind = status / 100;
        responses[kind < 1 || kind > 5 ? 0 : kind].increment();
    }

    /** Bytes of a stream: received from the client, sent to it (HAProxy counts them as its HTX holds them). */
    public void bytes(long in, long out) {
        if (in > 0) {
            bytesIn.add(in);
        }
        if (out > 0) {
            bytesOut.add(out);
        }
    }

    public long sessions() {
        return sessions.sum();
    }

    public long connections() {
        return connections.sum();
    }

    public long requests() {
        return requests.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    /** Responses of class {@code kind} (1 to 5), or of any other status for 0. */
    public long responses(int kind) {
        return responses[kind].sum();
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

    public long intercepted() {
        return intercepted.sum();
    }

    public long balanced() {
        return balanced.sum();
    }

    public long newConnections() {
        return newConnections.sum();
    }

    public long reusedConnections() {
        return reusedConnections.sum();
    }

    /** When the last session started, epoch milliseconds; 0 when none did. */
    public long lastSessionMillis() {
        return lastSessionMillis;
    }

    /** The sessions in progress. */
    public int current() {
        return current.get();
    }

    /** The most sessions in progress at once ({@code smax}). */
    public int peak() {
        return peak.get();
    }
}
