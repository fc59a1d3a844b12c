package dev.bascule.config.haproxy.internal;

/**
 * The options of {@code bind} that choose TLS versions, ciphers and curves: {@code ciphers},
 * {@code ciphersuites}, {@code ssl-min-ver}, {@code ssl-max-ver}, {@code no-sslv3},
 * {@code no-tlsv1x}, {@code force-*}, {@code no-tls-tickets}, {@code prefer-client-ciphers},
 * {@code curves}, {@code ecdhe}. As in HAProxy, they are kept as written here and checked when
 * the bind is complete ({@link TlsBindResolver}).
 */
final class TlsProtocolBindOptions {
    private TlsProtocolBindOptions() {
    }

    static void register(BindOptionTable table) {
        table.register("ciphers", option -> text(option, "missing cipher suite"));
        table.register("ciphersuites", option -> text(option, "missing cipher suite"));
        table.register("curves", option -> text(option, "missing curve suite"));
        table.register("ecdhe", option -> text(option, "missing named curve"));
        table.register("ssl-min-ver", TlsProtocolBindOptions::parseMinMax);
        table.register("ssl-max-ver", TlsProtocolBindOptions::parseMinMax);
        for (String version : new String[] {"sslv3", "tlsv10", "tlsv11", "tlsv12", "tlsv13"}) {
            table.register("no-" + version, TlsProtocolBindOptions::parseVersionOption);
            table.register("force-" + version, TlsProtocolBindOptions::parseVersionOption);
        }
        table.register("no-tls-tickets", option -> {
            option.settings.noTickets = true;
            return 1;
        });
        table.register("prefer-client-ciphers", option -> {
            option.settings.preferClientCiphers = true;
            return 1;
        });
    }

    /** {@code ssl_bind_parse_ciphers()} and its siblings: one argument, kept. */
    private static int text(BindOption option, String missing) {
        String value = option.value();
        if (value.isEmpty()) {
            return option.alert(missing);
        }
        BindSettings settings = option.settings;
        switch (option.keyword()) {
            case "ciphers" -> settings.ciphers = value;
            case "ciphersuites" -> settings.ciphersuites = value;
            case "curves" -> settings.curves = value;
            default -> settings.ecdhe = value;
        }
        return 2;
    }

    /** {@code parse_tls_method_minmax()}. */
    private static int parseMinMax(BindOption option) {
        String name = option.value();
        if (name.isEmpty()) {
            return option.alert("missing the ssl/tls version");
        }
        int version = TlsVersions.version(name);
        if (version == 0) {
            return option.alertInContext("'" + name + "' : unknown ssl/tls version");
        }
        if (option.keyword().equals("ssl-min-ver")) {
            option.settings.versions.min = version;
        } else {
            option.settings.versions.max = version;
        }
        return 2;
    }

    /** {@code parse_tls_method_options()}. */
    private static int parseVersionOption(BindOption option) {
        option.settings.versions.option(option.keyword());
        return 1;
    }
}
