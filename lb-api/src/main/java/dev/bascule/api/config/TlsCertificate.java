package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One certificate a TLS listener presents, loaded and checked when the configuration loads
 * (HAProxy's {@code crt} file: the certificate, its chain and its private key).
 *
 * @param file  the file it was read from, as HAProxy names it in its messages
 * @param chain the certificate first, then the chain in file order; never empty
 * @param key   the certificate's private key
 * @param names the host names it serves by SNI, lower case, in HAProxy's order (subject
 *              alternative DNS names, then common names); {@code *.example.com} is a wildcard
 *              for one label; a {@code crt-list} line's SNI filters replace them
 * @param excluded names this certificate never serves, not even through a wildcard: the
 *                 negative SNI filters ({@code !secure.example.com}) of a {@code crt-list} line
 */
public record TlsCertificate(String file, List<X509Certificate> chain, PrivateKey key, List<String> names,
                             List<String> excluded) {
    public TlsCertificate {
        requireNonNull(file, "file");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain: empty (expected: the certificate at least)");
        }
        requireNonNull(key, "key");
        names = List.copyOf(names);
        excluded = List.copyOf(excluded);
    }

    /** A certificate served by its own names. */
    public TlsCertificate(String file, List<X509Certificate> chain, PrivateKey key, List<String> names) {
        this(file, chain, key, names, List.of());
    }

    /** This certificate with the SNI filters of a {@code crt-list} line instead of its own names. */
    public TlsCertificate withFilters(List<String> names, List<String> excluded) {
        return new TlsCertificate(file, chain, key, names, excluded);
    }

    /** The certificate itself. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "TlsCertificate[file=" + file + ", subject=" + certificate().getSubjectX500Principal().getName()
                + ", names=" + names + ", key=" + key.getAlgorithm() + " (hidden)]";
    }
}
