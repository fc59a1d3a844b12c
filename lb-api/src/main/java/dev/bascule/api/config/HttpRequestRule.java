package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

/**
 * An {@code http-request} line.
 *
 * @param action   what it does
 * @param location where the line is
 */
public record HttpRequestRule(HttpRequestAction action, SourceLocation location) {
    public HttpRequestRule {
        requireNonNull(action, "action");
        requireNonNull(location, "location");
    }
}
