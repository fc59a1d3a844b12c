package dev.bascule.dist.reliability;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Outcomes of requests, counted from several threads: how many went well, and why the others did not. */
final class Tally {
    private static final int REASONS = 12;

    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<String, AtomicLong> reasons = new ConcurrentHashMap<>();

    void success() {
        ok.incrementAndGet();
    }

    /** A failure; the first {@value REASONS} distinct reasons are kept with their counts. */
    void failure(String reason) {
        failed.incrementAndGet();
        String key = reason.length() > 160 ? reason.substring(0, 160) : reason;
        if (reasons.size() < REASONS || reasons.containsKey(key)) {
            reasons.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        }
    }

    void failure(Throwable cause) {
        failure(cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    long ok() {
        return ok.get();
    }

    long failed() {
        return failed.get();
    }

    long attempts() {
        return ok.get() + failed.get();
    }

    /** {@code 412/412 ok}. */
    String figure() {
        return ok() + "/" + attempts() + " ok";
    }

    /** The reasons of the failures, with their counts, for an assertion's message. */
    String reasons() {
        Map<String, Long> sorted = new TreeMap<>();
        reasons.forEach((reason, count) -> sorted.put(reason, count.get()));
        return sorted.toString();
    }
}
