package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * {@code http-request auth [realm <realm>]}: answer 401 with a {@code WWW-Authenticate: Basic}
 * challenge and stop.
 *
 * @param realm the realm written on the rule; empty: the name of the proxy the rule runs in
 */
public record HttpAuth(Optional<String> realm) implements HttpRequestAction {
    public HttpAuth {
        requireNonNull(realm, "realm");
    }
}
