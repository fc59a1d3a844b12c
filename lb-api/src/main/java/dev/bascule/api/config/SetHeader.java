package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

/**
 * {@code set-header NAME VALUE}: removes every header line of that name, then appends one.
 *
 * @param name   the header name
 * @param value  the value as written
 * @param format the value as a log-format string (plain text, %[...] expressions, %ci...)
 */
public record SetHeader(String name, String value, LogFormat format) implements HttpCommonAction {
    public SetHeader {
        requireNonNull(name, "name");
        requireNonNull(value, "value");
        requireNonNull(format, "format");
    }

    /** A header whose value is plain text. */
    public SetHeader(String name, String value) {
        this(name, value, LogFormat.literal(value));
    }
}
