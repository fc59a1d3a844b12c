package dev.bascule.api.config;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A {@code use_backend} line.
 *
 * @param backend   the backend's name
 * @param condition when it applies; always when empty
 * @param location  where the line is
 * @param dynamic   the name as a log-format string resolved per request ({@code %[req.hdr(host)]}),
 *                  when the name is not a plain one
 */
public record UseBackendRule(String backend, Optional<Condition> condition, SourceLocation location,
                             Optional<LogFormat> dynamic) {
    public UseBackendRule {
        requireNonNull(backend, "backend");
        requireNonNull(condition, "condition");
        requireNonNull(location, "location");
        requireNonNull(dynamic, "dynamic");
    }

    /** A rule naming its backend. */
    public UseBackendRule(String backend, Optional<Condition> condition, SourceLocation location) {
        this(backend, condition, location, Optional.empty());
    }

    /** An unconditional rule. */
    public UseBackendRule(String backend, SourceLocation location) {
        this(backend, Optional.empty(), location);
    }
}
