package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * {@code track-sc0|1|2 KEY [table TABLE]}: the stream (or, in {@code tcp-request connection} and
 * {@code session} rules, the session) tracks the entry of {@code KEY} in the table, creating it
 * when needed; the first rule to track a slot wins.
 *
 * @param slot  0, 1 or 2
 * @param key   the sample expression giving the key
 * @param table the table; empty: the proxy's own
 */
public record TrackCounter(int slot, LogFormat.Expression key, Optional<String> table)
        implements HttpRequestAction, TcpAction {
    public TrackCounter {
        if (slot < 0 || slot > 2) {
            throw new IllegalArgumentException("slot: " + slot + " (expected: 0-2)");
        }
        requireNonNull(key, "key");
        requireNonNull(table, "table");
    }
}
