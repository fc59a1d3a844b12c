package dev.bascule.api.config;

import java.util.List;

/**
 * The {@code global} TLS defaults for connections to servers: {@code ssl-default-server-ciphers},
 * {@code ssl-default-server-ciphersuites}, {@code ssl-default-server-options} and
 * {@code ssl-server-verify}, checked when the configuration loads. They apply to servers with
 * {@code ssl}; until Bascule connects to servers over TLS, no server uses them.
 *
 * @param ciphers        {@code ssl-default-server-ciphers} as written, empty when not set; HAProxy
 *                       checks it when a server uses it, so will Bascule
 * @param tls13Ciphers   {@code ssl-default-server-ciphersuites} as written, empty when not set
 * @param minVersion     {@code ssl-min-ver}, empty when not set ({@code TLSv1.2} ...)
 * @param maxVersion     {@code ssl-max-ver}, empty when not set
 * @param disabled       the versions turned off by {@code no-sslv3}/{@code no-tlsv1x} ({@code force-*}
 *                       set both bounds instead)
 * @param tickets        false after {@code no-tls-tickets}
 * @param verifyRequired {@code ssl-server-verify}: true ({@code required}, HAProxy's default) or
 *                       false ({@code none})
 */
public record ServerTlsDefaults(String ciphers, String tls13Ciphers, String minVersion,
                                String maxVersion, List<String> disabled, boolean tickets, boolean verifyRequired) {
    public static final ServerTlsDefaults DEFAULT =
            new ServerTlsDefaults("", "", "", "", List.of(), true, true);

    public ServerTlsDefaults {
        java.util.Objects.requireNonNull(ciphers, "ciphers");
        java.util.Objects.requireNonNull(tls13Ciphers, "tls13Ciphers");
        java.util.Objects.requireNonNull(minVersion, "minVersion");
        java.util.Objects.requireNonNull(maxVersion, "maxVersion");
        disabled = List.copyOf(disabled);
    }
}
