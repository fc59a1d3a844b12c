package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A {@code bind} line: one listening address of a frontend.
 *
 * @param address  where to accept
 * @param location where the line is
 * @param tls      {@code ssl}: terminate TLS with these settings
 * @param listener {@code name}, {@code id}, {@code v6only}, {@code v4v6}, {@code tfo}
 */
public record BindConfig(ListenAddress address, SourceLocation location, Optional<TlsSettings> tls,
                         ListenerOptions listener) {
    public BindConfig {
        requireNonNull(address, "address");
        requireNonNull(location, "location");
        requireNonNull(tls, "tls");
        requireNonNull(listener, "listener");
    }

    /** A listener without socket options, name or id. */
    public BindConfig(ListenAddress address, SourceLocation location, Optional<TlsSettings> tls) {
        this(address, location, tls, ListenerOptions.NONE);
    }

    /** A plain (clear-text) listener. */
    public BindConfig(ListenAddress address, SourceLocation location) {
        this(address, location, Optional.empty());
    }
}
