package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The TLS side of a {@code bind ... ssl} line.
 *
 * @param certificates every {@code crt}, in load order (a directory's files in HAProxy's
 *                     order); the first is the default one, presented when no name matches
 * @param alpn         the {@code alpn} protocols offered, in preference order; empty means
 *                     no ALPN
 */
public record TlsSettings(List<TlsCertificate> certificates, List<String> alpn) {
    public TlsSettings {
        certificates = List.copyOf(certificates);
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("certificates: empty (expected: one at least)");
        }
        alpn = List.copyOf(requireNonNull(alpn, "alpn"));
    }

    /** The certificate presented when the client's SNI matches no name, or it sent none. */
    public TlsCertificate defaultCertificate() {
        return certificates.get(0);
    }
}
