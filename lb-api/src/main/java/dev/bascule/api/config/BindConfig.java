package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

/**
 * A {@code bind} line: one listening address of a frontend.
 *
 * @param address  where to accept
 * @param location where the line is
 */
public record BindConfig(ListenAddress address, SourceLocation location) {
    public BindConfig {
        requireNonNull(address, "address");
        requireNonNull(location, "location");
    }
}
