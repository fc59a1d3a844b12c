package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

/** An HTTP header name and value, as written in a rule. */
public record HeaderField(String name, String value) {
    public HeaderField {
        requireNonNull(name, "name");
        requireNonNull(value, "value");
    }
}
