package dev.bascule.api.config;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A {@code use_backend} line.
 *
 * @param backend   the backend's name
 * @param condition when it applies; always when empty
 * @param location  where the line is
 */
public record UseBackendRule(String backend, Optional<Condition> condition, SourceLocation location) {
    public UseBackendRule {
        requireNonNull(backend, "backend");
        requireNonNull(condition, "condition");
        requireNonNull(location, "location");
    }

    /** An unconditional rule. */
    public UseBackendRule(String backend, SourceLocation location) {
        this(backend, Optional.empty(), location);
    }
}
