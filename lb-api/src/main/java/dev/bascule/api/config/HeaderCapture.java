package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

/**
 * {@code capture request header NAME len N} / {@code capture response header NAME len N}: the
 * last value of the header, cut to {@code length} characters, goes into the log line. One capture
 * slot of the frontend: an empty {@code name} is a slot no header fills, declared by
 * {@code declare capture request|response len N} or {@code http-request capture EXPR len N}, that
 * {@link CaptureSample} rules fill.
 */
public record HeaderCapture(String name, int length) {
    public HeaderCapture {
        requireNonNull(name, "name");
        if (length <= 0) {
            throw new IllegalArgumentException("length: " + length + " (expected: > 0)");
        }
    }
}
