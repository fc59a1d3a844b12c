package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

/**
 * A {@code stats socket} line of the {@code global} section: where the runtime API listens.
 *
 * @param address  where to listen
 * @param level    {@code user}, {@code operator} or {@code admin}
 * @param location where the line is
 */
public record StatsSocketConfig(ListenAddress address, String level, SourceLocation location) {
    public StatsSocketConfig {
        requireNonNull(address, "address");
        requireNonNull(level, "level");
        requireNonNull(location, "location");
    }
}
