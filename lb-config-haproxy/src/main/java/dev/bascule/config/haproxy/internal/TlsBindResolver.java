package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.TlsSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the TLS options of a complete {@code bind ... ssl} line into its {@link TlsSettings},
 * with the checks HAProxy makes when it prepares the bind's context
 * ({@code ssl_sock_prepare_bind_conf()}, {@code ssl_sock_prepare_ctx()}) and their messages:
 * the version range, the cipher list, the TLS 1.3 suites, the curves, {@code verify} without
 * {@code ca-file}.
 */
final class TlsBindResolver {
    /** OpenSSL's group names Bascule's library (BoringSSL) has, and its name for each. */
    private static final Map<String, String> CURVES = Map.of(
            "X25519", "X25519", "P-256", "P-256", "prime256v1", "P-256", "secp256r1", "P-256",
            "P-384", "P-384", "secp384r1", "P-384", "P-521", "P-521", "secp521r1", "P-521");
    /** OpenSSL 3.0's other groups: valid for HAProxy, absent from BoringSSL. */
    private static final List<String> OPENSSL_ONLY_CURVES = List.of("X448", "ffdhe2048", "ffdhe3072", "ffdhe4096",
            "ffdhe6144", "ffdhe8192", "secp224r1", "secp256k1", "secp192r1", "prime192v1", "brainpoolP256r1",
            "brainpoolP384r1", "brainpoolP512r1", "brainpoolP256r1tls13", "brainpoolP384r1tls13",
            "brainpoolP512r1tls13");

    private TlsBindResolver() {
    }

    /**
     * @param proxy the frontend's name
     * @param list  the bind's addresses as written
     * @return the settings, or empty after an alert
     */
    static Optional<TlsSettings> resolve(ProxyLine line, BindSettings settings, String proxy, String list) {
        String where = "Proxy '" + proxy + "'";
        String bind = "bind '" + list + "' at [" + line.location.file() + ":" + line.location.line() + "]";
        Diagnostics diagnostics = line.diagnostics;
        boolean failed = false;
        List<String> protocols = settings.versions.resolve(where, bind, diagnostics::warning);
        if (protocols.isEmpty()) {
            diagnostics.alert(where + ": all SSL/TLS versions are disabled for " + bind + ".");
            return Optional.empty();
        }
        if (protocols.equals(List.of("SSLv3"))) {
            diagnostics.alert(where + ": SSLv3 is not implemented by Bascule's TLS library (BoringSSL) for "
                    + bind + " (expected: TLSv1.0 or later).");
            return Optional.empty();
        }
        protocols = new ArrayList<>(protocols);
        protocols.remove("SSLv3"); // OpenSSL 3.0 (HAProxy's) has no SSLv3 either
        if (settings.verify != null && settings.verify != TlsSettings.Verify.NONE && settings.caFile == null) {
            diagnostics.alert(where + ": verify is enabled but no CA file specified for " + bind + ".");
            failed = true;
        }
        List<String> ciphers = List.of();
        if (settings.ciphers != null) {
            Optional<List<String>> list12 = OpenSslCiphers.cipherList(settings.ciphers);
            if (list12.isEmpty()) {
                diagnostics.alert(where + ": unable to set SSL cipher list to '" + settings.ciphers + "' for " + bind
                        + ".");
                failed = true;
            } else {
                ciphers = list12.get();
            }
        }
        List<String> suites = List.of();
        if (settings.ciphersuites != null) {
            Optional<List<String>> list13 = OpenSslCiphers.tls13Suites(settings.ciphersuites);
            if (list13.isEmpty()) {
                diagnostics.alert(where + ": unable to set TLS 1.3 cipher suites to '" + settings.ciphersuites
                        + "' for " + bind + ".");
                failed = true;
            } else {
                suites = list13.get();
            }
        }
        List<String> curves = List.of();
        String curveList = settings.curves != null ? settings.curves : settings.ecdhe;
        if (curveList != null) {
            String kind = settings.curves != null ? "SSL curves list" : "elliptic named curve";
            Optional<List<String>> groups = curves(curveList, kind, where, bind, diagnostics);
            if (groups.isEmpty()) {
                failed = true;
            } else {
                curves = groups.get();
            }
        }
        if (!suites.isEmpty() && protocols.contains("TLSv1.3") && !suites.containsAll(BORINGSSL_TLS13_SUITES)
                && (curveList != null || settings.noTickets)) {
            // BoringSSL cannot leave a TLS 1.3 suite out: the JDK's TLS serves such a bind, and
            // Java 17 has no per-listener setting for these two
            diagnostics.alert(where + ": '" + (curveList != null ? (settings.curves != null ? "curves" : "ecdhe")
                    : "no-tls-tickets") + "' with a 'ciphersuites' that leaves out a TLS 1.3 suite is not implemented"
                    + " yet by Bascule for " + bind + ".");
            failed = true;
        }
        if (failed) {
            return Optional.empty();
        }
        TlsSettings.Verify verify = settings.verify == null ? TlsSettings.Verify.NONE : settings.verify;
        TlsSettings.ClientVerification verification = verify == TlsSettings.Verify.NONE
                ? TlsSettings.ClientVerification.NONE
                : new TlsSettings.ClientVerification(verify, settings.authorities, settings.revocations,
                        settings.ignoredCertificateErrors, settings.ignoredCaErrors);
        return Optional.of(new TlsSettings(List.copyOf(settings.certificates), settings.alpn, protocols, ciphers,
                suites, new TlsSettings.Options(!settings.noTickets, settings.preferClientCiphers, settings.strictSni),
                curves, verification));
    }

    /** The TLS 1.3 suites BoringSSL always enables. */
    private static final List<String> BORINGSSL_TLS13_SUITES = List.of("TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    /** {@code SSL_CTX_set1_curves_list()}: every name must be known; BoringSSL's names out. */
    private static Optional<List<String>> curves(String list, String kind, String where, String bind,
                                                 Diagnostics diagnostics) {
        List<String> groups = new ArrayList<>();
        for (String name : list.split(":", -1)) {
            String group = CURVES.get(name);
            if (group == null) {
                for (Map.Entry<String, String> entry : CURVES.entrySet()) {
                    if (entry.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                        group = entry.getValue();
                    }
                }
            }
            if (group == null) {
                if (OPENSSL_ONLY_CURVES.contains(name)) {
                    diagnostics.alert(where + ": curve '" + name + "' of '" + list + "' for " + bind
                            + " is not implemented by Bascule's TLS library (BoringSSL); expected: X25519, P-256,"
                            + " P-384, P-521.");
                } else {
                    diagnostics.alert(where + ": unable to set " + kind + " to '" + list + "' for " + bind + ".");
                }
                return Optional.empty();
            }
            if (!groups.contains(group)) {
                groups.add(group);
            }
        }
        return Optional.of(groups);
    }
}
