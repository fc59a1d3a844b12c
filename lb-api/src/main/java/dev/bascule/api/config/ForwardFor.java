package dev.bascule.api.config;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code option forwardfor [except NET] [header NAME] [if-none]}.
 *
 * @param header the header to add, {@code X-Forwarded-For} by default
 * @param except clients in this network get no header
 * @param ifNone {@code if-none}: add it only when the request has none
 */
public record ForwardFor(String header, Optional<IpNetwork> except, boolean ifNone) {
    /** HAProxy's default header name. */
    public static final String DEFAULT_HEADER = "X-Forwarded-For";

    public ForwardFor {
        requireNonNull(header, "header");
        requireNonNull(except, "except");
    }
}
