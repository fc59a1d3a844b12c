package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

/**
 * {@code add-header NAME VALUE}: appends a header line.
 *
 * @param name   the header name
 * @param value  the value as written
 * @param format the value as a log-format string (plain text, %[...] expressions, %ci...)
 */
public record AddHeader(String name, String value, LogFormat format) implements HttpCommonAction {
    public AddHeader {
        requireNonNull(name, "name");
        requireNonNull(value, "value");
        requireNonNull(format, "format");
    }

    /** A header whose value is plain text. */
    public AddHeader(String name, String value) {
        this(name, value, LogFormat.literal(value));
    }
}
