package dev.bascule.config.haproxy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The TLS options of {@code bind}: {@code ssl}, {@code crt} and {@code alpn} ({@link
 * TlsProtocolBindOptions} and {@link TlsVerifyBindOptions} have the others). {@code crt} loads
 * its certificates at once (a relative path under {@code crt-base}), so a missing file or a PEM without a key is an alert at the bind's
 * line. {@code crt} and {@code alpn} without {@code ssl} are checked and have no effect, as in
 * HAProxy.
 */
final class TlsBindOptions {
    private TlsBindOptions() {
    }

    static void register(BindOptionTable table) {
        table.register("ssl", TlsBindOptions::parseSsl);
        table.register("crt", TlsBindOptions::parseCertificate);
        table.register("alpn", TlsBindOptions::parseAlpn);
    }

    /** {@code bind_parse_ssl()}: the global {@code ssl-default-bind-*} under what the bind set so far. */
    private static int parseSsl(BindOption option) {
        BindSettings settings = option.settings;
        settings.ssl = true;
        TlsDefaults.Side defaults = settings.defaults.bind;
        if (defaults.ciphers != null && settings.ciphers == null) {
            settings.ciphers = defaults.ciphers;
        }
        if (defaults.curves != null && settings.curves == null) {
            settings.curves = defaults.curves;
        }
        if (defaults.ciphersuites != null && settings.ciphersuites == null) {
            settings.ciphersuites = defaults.ciphersuites;
        }
        settings.noTickets |= defaults.noTickets;
        settings.preferClientCiphers |= defaults.preferClientCiphers;
        settings.versions.inherit(defaults.versions);
        return 1;
    }

    private static int parseCertificate(BindOption option) {
        String path = option.value();
        if (path.isEmpty()) {
            return option.alert("missing certificate location");
        }
        Certificates.Loaded loaded = Certificates.load(option.settings.defaults.certificatePath(path));
        if (loaded.error().isPresent()) {
            return option.alertInContext(loaded.error().get());
        }
        option.settings.certificates.addAll(loaded.certificates());
        return 2;
    }

    private static int parseAlpn(BindOption option) {
        Optional<List<String>> protocols = alpnProtocols(option, option.value());
        if (protocols.isEmpty()) {
            return 0;
        }
        option.settings.alpn = protocols.get();
        return 2;
    }

    /** {@code ssl_sock_parse_alpn()}, then what Bascule can speak: HTTP/1.x only. */
    private static Optional<List<String>> alpnProtocols(BindOption option, String argument) {
        if (argument.isEmpty()) {
            option.alert("missing the comma-delimited ALPN protocol suite");
            return Optional.empty();
        }
        List<String> protocols = new ArrayList<>();
        for (String protocol : argument.split(",", -1)) {
            if (protocol.length() > 255) {
                option.alert("ALPN protocol name too long : '" + protocol + "'");
                return Optional.empty();
            }
            if (protocol.isEmpty()) {
                continue; // HAProxy would advertise an empty name, which no client can choose
            }
            protocols.add(protocol);
        }
        for (String protocol : protocols) {
            if (protocol.equals("h2")) {
                option.alert("HTTP/2 ('h2') is not implemented yet by Bascule");
                return Optional.empty();
            }
            if (!protocol.equals("http/1.1") && !protocol.equals("http/1.0")) {
                option.alert("protocol '" + protocol + "' is not implemented yet by Bascule"
                        + " (expected: http/1.1, http/1.0)");
                return Optional.empty();
            }
        }
        return Optional.of(protocols);
    }
}
