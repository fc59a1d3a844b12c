package dev.bascule.api.config;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An {@code http-request} line (or a {@code redirect} line: its action is then the
 * {@code redirect} action's {@link ActionCall}).
 *
 * @param action    what it does
 * @param condition when it applies; always when empty
 * @param location  where the line is
 */
public record HttpRequestRule(HttpRequestAction action, Optional<Condition> condition, SourceLocation location) {
    public HttpRequestRule {
        requireNonNull(action, "action");
        requireNonNull(condition, "condition");
        requireNonNull(location, "location");
    }

    /** An unconditional rule. */
    public HttpRequestRule(HttpRequestAction action, SourceLocation location) {
        this(action, Optional.empty(), location);
    }
}
