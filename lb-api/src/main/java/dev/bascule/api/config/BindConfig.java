package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A {@code bind} line: one listening address of a frontend.
 *
 * @param address  where to accept
 * @param location where the line is
 * @param tls      {@code ssl}: terminate TLS with these settings
 */
public record BindConfig(ListenAddress address, SourceLocation location, Optional<TlsSettings> tls) {
    public BindConfig {
        requireNonNull(address, "address");
        requireNonNull(location, "location");
        requireNonNull(tls, "tls");
    }

    /** A plain (clear-text) listener. */
    public BindConfig(ListenAddress address, SourceLocation location) {
        this(address, location, Optional.empty());
    }
}
