package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.sample.StickCounter;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A {@code stick-table} line: the table of a proxy, named by it.
 *
 * @param name      the proxy's name
 * @param keyType   {@code type}
 * @param keyLength {@code len} of string and binary keys (bytes; 0 for the other types)
 * @param size      {@code size}: the most entries it holds
 * @param expire    {@code expire}: how long an entry lives after its last update; empty: forever
 * @param noPurge   {@code nopurge}: when full, refuse new entries rather than drop the oldest
 * @param store     {@code store}: the data each entry keeps, in the order written
 * @param location  where the line is
 */
public record StickTableConfig(String name, KeyType keyType, int keyLength, long size, Optional<Duration> expire,
                               boolean noPurge, List<Stored> store, SourceLocation location) {
    /** A key type. */
    public enum KeyType {
        IP, IPV6, INTEGER, STRING, BINARY
    }

    /**
     * One stored data type.
     *
     * @param counter what is counted
     * @param period  the period of a rate, empty for the others
     */
    public record Stored(StickCounter counter, Optional<Duration> period) {
        public Stored {
            requireNonNull(counter, "counter");
            requireNonNull(period, "period");
            if (counter.rate() != period.isPresent()) {
                throw new IllegalArgumentException(counter.keyword() + ": a period is for rates only");
            }
        }
    }

    public StickTableConfig {
        requireNonNull(name, "name");
        requireNonNull(keyType, "keyType");
        if (size <= 0) {
            throw new IllegalArgumentException("size: " + size + " (expected: > 0)");
        }
        requireNonNull(expire, "expire");
        store = List.copyOf(store);
        requireNonNull(location, "location");
    }
}
