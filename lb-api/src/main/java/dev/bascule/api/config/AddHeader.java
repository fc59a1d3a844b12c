package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

/**
 * {@code add-header NAME VALUE}: appends a header line.
 *
 * @param name  the header name
 * @param value the value (a plain string: log-format expressions are not supported yet)
 */
public record AddHeader(String name, String value) implements HttpCommonAction {
    public AddHeader {
        requireNonNull(name, "name");
        requireNonNull(value, "value");
    }
}
