package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.balance.HashType;

import java.util.List;

/**
 * A {@code balance} line.
 *
 * @param algorithm the algorithm's name, a key of the balancing-algorithm registry
 * @param arguments the words after the name
 * @param location  where the line is, or where the backend starts when the line is implicit
 * @param hashType  the backend's {@code hash-type}, {@link HashType#DEFAULT} without one
 */
public record BalanceConfig(String algorithm, List<String> arguments, SourceLocation location, HashType hashType) {
    /** HAProxy's default algorithm. */
    public static final String DEFAULT_ALGORITHM = "roundrobin";

    public BalanceConfig {
        requireNonNull(algorithm, "algorithm");
        arguments = List.copyOf(arguments);
        requireNonNull(location, "location");
        requireNonNull(hashType, "hashType");
    }

    /** A line of a backend without {@code hash-type}. */
    public BalanceConfig(String algorithm, List<String> arguments, SourceLocation location) {
        this(algorithm, arguments, location, HashType.DEFAULT);
    }

    /** The same line for a backend whose {@code hash-type} is {@code type}. */
    public BalanceConfig withHashType(HashType type) {
        return new BalanceConfig(algorithm, arguments, location, type);
    }
}
