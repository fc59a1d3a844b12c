package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A {@code balance} line.
 *
 * @param algorithm the algorithm's name, a key of the balancing-algorithm registry
 * @param arguments the words after the name
 * @param location  where the line is, or where the backend starts when the line is implicit
 */
public record BalanceConfig(String algorithm, List<String> arguments, SourceLocation location) {
    /** HAProxy's default algorithm. */
    public static final String DEFAULT_ALGORITHM = "roundrobin";

    public BalanceConfig {
        requireNonNull(algorithm, "algorithm");
        arguments = List.copyOf(arguments);
        requireNonNull(location, "location");
    }
}
