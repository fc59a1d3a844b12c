package dev.bascule.api.config;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An {@code http-response} line.
 *
 * @param action    what it does
 * @param condition when it applies; always when empty
 * @param location  where the line is
 */
public record HttpResponseRule(HttpResponseAction action, Optional<Condition> condition, SourceLocation location) {
    public HttpResponseRule {
        requireNonNull(action, "action");
        requireNonNull(condition, "condition");
        requireNonNull(location, "location");
    }
}
