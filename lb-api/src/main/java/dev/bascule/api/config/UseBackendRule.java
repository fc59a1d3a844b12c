package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

/**
 * A {@code use_backend} line.
 *
 * @param backend  the backend's name
 * @param location where the line is
 */
public record UseBackendRule(String backend, SourceLocation location) {
    public UseBackendRule {
        requireNonNull(backend, "backend");
        requireNonNull(location, "location");
    }
}
