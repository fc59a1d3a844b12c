package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The TLS side of a {@code server} line (and of its {@code default-server}): whether connections
 * to the server are encrypted, and how, as HAProxy 2.6's {@code cfgparse-ssl.c} server keywords
 * set them. The settings are kept when {@code ssl} is off, because {@code check-ssl} encrypts the
 * health checks with them.
 *
 * @param enabled        {@code ssl} ({@code no-ssl} turns it off again)
 * @param verifyRequired {@code verify required} (the default, from {@code ssl-server-verify}) or
 *                       {@code verify none}
 * @param authorities    the certificates of {@code ca-file}, which a server's chain must lead to
 * @param revocations    the lists of {@code crl-file}
 * @param certificate    {@code crt}: the client certificate presented to the server
 * @param sni            {@code sni <expression>}: the sample expression whose value is sent as the
 *                       server name, evaluated per connection; empty for none
 * @param alpn           {@code alpn}: the protocols offered, in preference order; empty for none
 * @param protocols      the TLS versions offered, lowest first ({@code ssl-min-ver}, {@code ssl-max-ver},
 *                       {@code no-tlsv1x}, {@code force-tlsv1x}, then the global defaults)
 * @param ciphers        {@code ciphers} as IANA suite names, empty for the default list
 * @param tls13Ciphers   {@code ciphersuites} as IANA suite names, empty for the library's
 * @param reuse          false after {@code no-ssl-reuse}: each connection makes a full handshake
 * @param tickets        false after {@code no-tls-tickets}
 * @param verifyHost     {@code verifyhost}: the name the server's certificate must carry; empty for
 *                       the SNI, when there is one
 * @param checkSsl       {@code check-ssl}: health checks are encrypted even where the server's
 *                       traffic is not, or where they go to another port
 * @param checkSni       {@code check-sni}: the server name health checks send; empty for none
 * @param checkAlpn      {@code check-alpn}: the protocols health checks offer; empty for those of {@code alpn}
 * @param noSsl          {@code no-ssl} was the line's last word on it ({@code srv_use_ssl} -1 in
 *                       {@code show servers state})
 * @param configurable   the settings are ready for {@code set server ... ssl on} (HAProxy's server
 *                       {@code SSL_CTX}): {@code ssl} on the line or its {@code default-server}, or
 *                       {@code check-ssl}
 */
public record ServerTls(boolean enabled, boolean verifyRequired, List<X509Certificate> authorities,
                        List<X509CRL> revocations, Optional<TlsCertificate> certificate,
                        Optional<LogFormat.Expression> sni, List<String> alpn, List<String> protocols,
                        List<String> ciphers, List<String> tls13Ciphers, boolean reuse, boolean tickets,
                        Optional<String> verifyHost, boolean checkSsl, Optional<String> checkSni,
                        List<String> checkAlpn, boolean noSsl, boolean configurable) {
    /** A server without TLS, with HAProxy's defaults should {@code ssl} be added. */
    public static final ServerTls NONE = new ServerTls(false, true, List.of(), List.of(), Optional.empty(),
            Optional.empty(), List.of(), TlsSettings.DEFAULT_PROTOCOLS, List.of(), List.of(), true, true,
            Optional.empty(), false, Optional.empty(), List.of(), false, false);

    public ServerTls {
        authorities = List.copyOf(authorities);
        revocations = List.copyOf(revocations);
        requireNonNull(certificate, "certificate");
        requireNonNull(sni, "sni");
        alpn = List.copyOf(alpn);
        protocols = List.copyOf(protocols);
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("protocols: empty (expected: one TLS version at least)");
        }
        ciphers = List.copyOf(ciphers);
        tls13Ciphers = List.copyOf(tls13Ciphers);
        requireNonNull(verifyHost, "verifyHost");
        requireNonNull(checkSni, "checkSni");
        checkAlpn = List.copyOf(checkAlpn);
    }

    /** HAProxy's {@code use_ssl}: 1 for {@code ssl}, -1 after {@code no-ssl}, 0 otherwise. */
    public int use() {
        return enabled ? 1 : noSsl ? -1 : 0;
    }

    /**
     * Whether health checks to a server with these settings are encrypted, as HAProxy's
     * {@code init_srv_check()} decides: {@code check-ssl}, or {@code ssl} on a server whose checks go
     * to its own address and port.
     */
    public boolean checksEncrypted(ServerCheck check) {
        return checkSsl || enabled && check.port().isEmpty() && check.address().isEmpty();
    }
}
