package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;

/**
 * A {@code stats socket} line of the {@code global} section: where the runtime API listens.
 *
 * @param address  where to listen
 * @param level    {@code user}, {@code operator} or {@code admin}
 * @param mode     {@code mode}: the permissions of a UNIX socket file, as an octal number gives them
 * @param location where the line is
 */
public record StatsSocketConfig(ListenAddress address, String level, OptionalInt mode, SourceLocation location) {
    public StatsSocketConfig {
        requireNonNull(address, "address");
        requireNonNull(level, "level");
        requireNonNull(mode, "mode");
        requireNonNull(location, "location");
    }
}
