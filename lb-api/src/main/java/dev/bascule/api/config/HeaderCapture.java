package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

/**
 * {@code capture request header NAME len N} / {@code capture response header NAME len N}: the
 * last value of the header, cut to {@code length} characters, goes into the log line.
 */
public record HeaderCapture(String name, int length) {
    public HeaderCapture {
        requireNonNull(name, "name");
        if (length <= 0) {
            throw new IllegalArgumentException("length: " + length + " (expected: > 0)");
        }
    }
}
