package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The TLS side of a {@code bind ... ssl} line.
 *
 * @param certificates        every {@code crt}, in load order (a directory's files in HAProxy's
 *                            order); the first is the default one, presented when no name matches
 * @param alpn                the {@code alpn} protocols offered, in preference order; empty means
 *                            no ALPN
 * @param protocols           the TLS versions accepted ({@code TLSv1.2}, {@code TLSv1.3}), lowest
 *                            first, never empty: {@code ssl-min-ver}, {@code ssl-max-ver},
 *                            {@code no-tlsv1x}, {@code force-tlsv1x} resolved as HAProxy does
 * @param ciphers             the TLS 1.2 and older cipher suites in the server's preference order,
 *                            by their IANA names ({@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256});
 *                            empty means HAProxy's default list ({@code ciphers})
 * @param tls13Ciphers        the TLS 1.3 cipher suites in preference order ({@code ciphersuites});
 *                            empty means the library's default
 * @param options             the on/off options of the bind
 * @param curves              the key exchange groups in preference order ({@code curves} or
 *                            {@code ecdhe}), OpenSSL's names ({@code X25519}, {@code P-256}); empty
 *                            means the library's default
 * @param clientVerification  {@code verify}, with its {@code ca-file} and {@code crl-file}
 */
public record TlsSettings(List<TlsCertificate> certificates, List<String> alpn, List<String> protocols,
                          List<String> ciphers, List<String> tls13Ciphers, Options options, List<String> curves,
                          ClientVerification clientVerification) {
    /** HAProxy 2.6's versions without any version option: TLSv1.2 and TLSv1.3. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");

    /**
     * The on/off options of a TLS bind.
     *
     * @param tickets             session tickets are issued (HAProxy's default; {@code no-tls-tickets}
     *                            turns them off)
     * @param preferClientCiphers the client's cipher order wins ({@code prefer-client-ciphers})
     * @param strictSni           a client hello whose SNI matches no certificate (or has none) is
     *                            refused instead of getting the default certificate ({@code strict-sni})
     */
    public record Options(boolean tickets, boolean preferClientCiphers, boolean strictSni) {
        /** HAProxy's defaults: tickets on, the server's cipher order, any SNI. */
        public static final Options DEFAULT = new Options(true, false, false);
    }

    /** {@code verify}: whether a client certificate is asked for and what happens without a valid one. */
    public enum Verify {
        /** No certificate is asked for (HAProxy's default). */
        NONE,
        /** A certificate is asked for; a connection without one, or with a bad one, still proceeds. */
        OPTIONAL,
        /** A valid certificate is required: the handshake fails without one. */
        REQUIRED
    }

    /**
     * Client certificate verification.
     *
     * @param verify      {@code verify}
     * @param authorities the certificates of {@code ca-file}: the trusted issuers, also named to
     *                    the client in the certificate request
     * @param revocations the lists of {@code crl-file}; every certificate of the chain is checked
     *                    against them when there are any
     * @param ignoredCertificateErrors {@code crt-ignore-err}: bit {@code n} set for OpenSSL's verify
     *                    error {@code n} (1-63) on the client's certificate that lets the handshake go
     *                    on, the error kept for {@code ssl_c_verify} and {@code ssl_c_err}; all bits
     *                    for {@code all}
     * @param ignoredCaErrors {@code ca-ignore-err}: the same for errors on the chain's authorities
     *                    ({@code ssl_c_ca_err})
     */
    public record ClientVerification(Verify verify, List<X509Certificate> authorities, List<X509CRL> revocations,
                                     long ignoredCertificateErrors, long ignoredCaErrors) {
        public static final ClientVerification NONE = new ClientVerification(Verify.NONE, List.of(), List.of());

        /** Without ignored errors (API 1.3). */
        public ClientVerification(Verify verify, List<X509Certificate> authorities, List<X509CRL> revocations) {
            this(verify, authorities, revocations, 0, 0);
        }

        public ClientVerification {
            requireNonNull(verify, "verify");
            authorities = List.copyOf(authorities);
            revocations = List.copyOf(revocations);
            if (verify != Verify.NONE && authorities.isEmpty()) {
                throw new IllegalArgumentException("authorities: empty (expected: a ca-file with verify " + verify + ")");
            }
        }
    }

    public TlsSettings {
        certificates = List.copyOf(certificates);
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("certificates: empty (expected: one at least)");
        }
        alpn = List.copyOf(requireNonNull(alpn, "alpn"));
        protocols = List.copyOf(protocols);
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("protocols: empty (expected: one TLS version at least)");
        }
        ciphers = List.copyOf(ciphers);
        tls13Ciphers = List.copyOf(tls13Ciphers);
        requireNonNull(options, "options");
        curves = List.copyOf(curves);
        requireNonNull(clientVerification, "clientVerification");
    }

    /** HAProxy's defaults for everything but the certificates and ALPN. */
    public TlsSettings(List<TlsCertificate> certificates, List<String> alpn) {
        this(certificates, alpn, DEFAULT_PROTOCOLS, List.of(), List.of(), Options.DEFAULT, List.of(),
                ClientVerification.NONE);
    }

    /** The certificate presented when the client's SNI matches no name, or it sent none. */
    public TlsCertificate defaultCertificate() {
        return certificates.get(0);
    }
}
