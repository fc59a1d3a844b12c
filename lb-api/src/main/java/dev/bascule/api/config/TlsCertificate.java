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
 *              for one label
 */
public record TlsCertificate(String file, List<X509Certificate> chain, PrivateKey key, List<String> names) {
    public TlsCertificate {
        requireNonNull(file, "file");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain: empty (expected: the certificate at least)");
        }
        requireNonNull(key, "key");
        names = List.copyOf(names);
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
