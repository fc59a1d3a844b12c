package dev.bascule.api.config;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code capture request header NAME len N} / {@code capture response header NAME len N}: the
 * last value of the header, cut to {@code length} characters, goes into the log line. One capture
 * slot of the frontend: an empty {@code name} is a slot no header fills, declared by
 * {@code declare capture request|response len N} or {@code http-request capture EXPR len N}, that
 * {@code capture} rules fill.
 *
 * @param name       the header, empty for a slot no header fills
 * @param length     the longest value the slot keeps
 * @param declaredBy the {@code http-request capture EXPR len N} line that declared the slot, by
 *                   which its action finds it again when it is compiled
 *                   ({@link dev.bascule.api.action.ActionSetup#declareCapture}); since 1.1
 */
public record HeaderCapture(String name, int length, Optional<SourceLocation> declaredBy) {
    /** A slot no rule declared. */
    public HeaderCapture(String name, int length) {
        this(name, length, Optional.empty());
    }

    public HeaderCapture {
        requireNonNull(name, "name");
        requireNonNull(declaredBy, "declaredBy");
        if (length <= 0) {
            throw new IllegalArgumentException("length: " + length + " (expected: > 0)");
        }
    }
}
