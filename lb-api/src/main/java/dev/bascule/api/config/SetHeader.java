package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

/**
 * {@code set-header NAME VALUE}: removes every header line of that name, then appends one.
 *
 * @param name  the header name
 * @param value the value (a plain string: log-format expressions are not supported yet)
 */
public record SetHeader(String name, String value) implements HttpCommonAction {
    public SetHeader {
        requireNonNull(name, "name");
        requireNonNull(value, "value");
    }
}
