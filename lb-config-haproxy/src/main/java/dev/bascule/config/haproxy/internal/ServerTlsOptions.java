package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.ServerTls;
import dev.bascule.api.sample.Phase;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The TLS options of {@code server} and {@code default-server}, HAProxy 2.6's {@code srv_kws} of
 * {@code cfgparse-ssl.c}: {@code ssl}, {@code verify}, {@code verifyhost}, {@code ca-file},
 * {@code crl-file}, {@code crt}, {@code sni}, {@code alpn}, {@code ciphers}, {@code ciphersuites},
 * the version options, {@code no-ssl-reuse}, {@code no-tls-tickets}, and those of checks:
 * {@code check-ssl}, {@code check-sni}, {@code check-alpn}. Files load at once (relative paths under
 * {@code ca-base} and {@code crt-base}); what {@code ssl_sock_prepare_srv_ctx()} checks once the line
 * is read ({@code verify} without a CA file, the cipher lists) is checked in {@link #resolve}.
 */
final class ServerTlsOptions {
    private final Supplier<TlsDefaults> defaults;
    private final AclParser expressions;

    private ServerTlsOptions(Supplier<TlsDefaults> defaults, AclParser expressions) {
        this.defaults = defaults;
        this.expressions = expressions;
    }

    static void register(ServerOptionTable table, Supplier<TlsDefaults> defaults, AclParser expressions) {
        ServerTlsOptions options = new ServerTlsOptions(defaults, expressions);
        table.register("ssl", options::parseSsl);
        table.register("no-ssl", option -> {
            // srv_parse_no_ssl(): a default-server's ssl leaves the settings ready for 'set server ssl'
            option.settings.ssl = false;
            option.settings.noSsl = true;
            return 1;
        });
        table.register("check-ssl", option -> {
            option.settings.checkSsl = true;
            return 1;
        });
        table.register("no-check-ssl", option -> {
            option.settings.checkSsl = false;
            return 1;
        });
        table.register("verify", ServerTlsOptions::parseVerify);
        table.register("verifyhost", option -> text(option, "missing hostname to verify against"));
        table.register("sni", options::parseSni);
        table.register("check-sni", option -> text(option, "missing SNI"));
        table.register("alpn", ServerTlsOptions::parseAlpn);
        table.register("check-alpn", ServerTlsOptions::parseAlpn);
        table.register("ciphers", option -> text(option, "missing cipher suite"));
        table.register("ciphersuites", option -> text(option, "missing cipher suite"));
        table.register("ca-file", options::parseCaFile);
        table.register("crl-file", options::parseCrlFile);
        table.register("crt", options::parseCertificate);
        table.register("ssl-min-ver", ServerTlsOptions::parseMinMax);
        table.register("ssl-max-ver", ServerTlsOptions::parseMinMax);
        for (String version : new String[] {"sslv3", "tlsv10", "tlsv11", "tlsv12", "tlsv13"}) {
            table.register("no-" + version, ServerTlsOptions::parseVersionOption);
            table.register("force-" + version, ServerTlsOptions::parseVersionOption);
        }
        table.register("no-ssl-reuse", option -> {
            option.settings.noSslReuse = true;
            return 1;
        });
        table.register("ssl-reuse", option -> {
            option.settings.noSslReuse = false;
            return 1;
        });
        table.register("no-tls-tickets", option -> {
            option.settings.noTlsTickets = true;
            return 1;
        });
        table.register("tls-tickets", option -> {
            option.settings.noTlsTickets = false;
            return 1;
        });
    }

    /** {@code srv_parse_ssl()} and {@code ssl_sock_init_srv()}: the global defaults under the server's own. */
    private int parseSsl(ServerOption option) {
        ServerSettings settings = option.settings;
        settings.ssl = true;
        settings.noSsl = false;
        settings.sslSeen = true;
        TlsDefaults.Side global = defaults.get().server;
        if (global.ciphers != null && settings.ciphers == null) {
            settings.ciphers = global.ciphers;
        }
        if (global.ciphersuites != null && settings.ciphersuites == null) {
            settings.ciphersuites = global.ciphersuites;
        }
        settings.noTlsTickets |= global.noTickets;
        TlsVersions versions = settings.tlsVersions.copy();
        versions.inherit(global.versions);
        settings.tlsVersions = versions;
        return 1;
    }

    /** {@code srv_parse_verify()}. */
    private static int parseVerify(ServerOption option) {
        String method = option.value();
        if (method.isEmpty()) {
            return option.alert("'verify' : missing verify method");
        }
        switch (method) {
            case "none" -> option.settings.verifyRequired = Boolean.FALSE;
            case "required" -> option.settings.verifyRequired = Boolean.TRUE;
            default -> {
                return option.alert("'verify' : unknown verify method '" + method
                        + "', only 'none' and 'required' are supported\n");
            }
        }
        return 2;
    }

    /** One string argument: {@code verifyhost}, {@code check-sni}, {@code ciphers}, {@code ciphersuites}. */
    private static int text(ServerOption option, String missing) {
        String value = option.value();
        if (value.isEmpty()) {
            return option.alert("'" + option.keyword() + "' : " + missing);
        }
        ServerSettings settings = option.settings;
        switch (option.keyword()) {
            case "verifyhost" -> settings.verifyHost = value;
            case "check-sni" -> settings.checkSni = value;
            case "ciphers" -> settings.ciphers = value;
            default -> settings.ciphersuites = value;
        }
        return 2;
    }

    /**
     * {@code srv_parse_sni()}, then {@code srv_prepare_sni()}'s parsing of the expression, which
     * HAProxy does once the line is read and reports without "parsing".
     */
    private int parseSni(ServerOption option) {
        String text = option.value();
        if (text.isEmpty()) {
            return option.alert("'sni' : missing sni expression");
        }
        try {
            option.settings.sni = expressions.expression(text, List.of(), Phase.HTTP_REQUEST, text);
        } catch (AclParser.AclException e) {
            return option.alert("error detected while parsing sni expression : " + e.getMessage());
        }
        return 2;
    }

    /** {@code srv_parse_alpn()} and {@code srv_parse_check_alpn()} ({@code ssl_sock_parse_alpn()}). */
    private static int parseAlpn(ServerOption option) {
        String argument = option.value();
        if (argument.isEmpty()) {
            return option.alert("'" + option.keyword() + "' : missing the comma-delimited ALPN protocol suite");
        }
        List<String> protocols = new ArrayList<>();
        for (String protocol : argument.split(",", -1)) {
            if (protocol.length() > 255) {
                return option.alert("'" + option.keyword() + "' : ALPN protocol name too long : '" + protocol + "'");
            }
            if (!protocol.isEmpty()) {
                protocols.add(protocol);
            }
        }
        if (option.keyword().equals("alpn")) {
            option.settings.alpn = List.copyOf(protocols);
        } else {
            option.settings.checkAlpn = List.copyOf(protocols);
        }
        return 2;
    }

    /** {@code srv_parse_ca_file()}. */
    private int parseCaFile(ServerOption option) {
        if (option.value().isEmpty()) {
            return option.alert("'ca-file' : missing CAfile path");
        }
        String path = defaults.get().authorityPath(option.value());
        Optional<List<X509Certificate>> authorities = load(option, path, X509Certificate.class);
        if (authorities.isEmpty()) {
            return 0;
        }
        option.settings.caFile = path;
        option.settings.authorities = List.copyOf(authorities.get());
        return 2;
    }

    /** {@code srv_parse_crl_file()}. */
    private int parseCrlFile(ServerOption option) {
        if (option.value().isEmpty()) {
            return option.alert("'crl-file' : missing CRLfile path");
        }
        String path = defaults.get().authorityPath(option.value());
        Optional<List<X509CRL>> lists = load(option, path, X509CRL.class);
        if (lists.isEmpty()) {
            return 0;
        }
        option.settings.revocations = List.copyOf(lists.get());
        return 2;
    }

    /** {@code ssl_store_load_locations_file()}'s messages, as for {@code bind}. */
    private static <T> Optional<List<T>> load(ServerOption option, String path, Class<T> type) {
        Optional<String> openError = Certificates.openError(path);
        if (openError.isPresent()) {
            option.alert("Couldn't open the ca-file '" + path + "' (" + openError.get() + ").");
            option.line.diagnostics.alert("'" + option.keyword() + "' : unable to load " + path + ".");
            return Optional.empty();
        }
        Optional<List<T>> objects = Certificates.pemObjects(path, type);
        if (objects.isEmpty()) {
            option.alert("'" + option.keyword() + "' : unable to load " + path);
        }
        return objects;
    }

    /** {@code srv_parse_crt()}, then {@code ssl_sock_load_srv_cert()}: the client certificate and its key. */
    private int parseCertificate(ServerOption option) {
        if (option.value().isEmpty()) {
            return option.alert("'crt' : missing certificate file path");
        }
        String path = defaults.get().certificatePath(option.value());
        Certificates.Loaded loaded = Certificates.load(path);
        if (loaded.error().isPresent()) {
            return option.alert("'crt' : " + loaded.error().get());
        }
        if (loaded.certificates().size() != 1) {
            return option.alert("'crt' : '" + path + "' must be one PEM file with a certificate and its key");
        }
        option.settings.certificate = loaded.certificates().get(0);
        return 2;
    }

    /** {@code srv_parse_tls_method_minmax()}. */
    private static int parseMinMax(ServerOption option) {
        String name = option.value();
        if (name.isEmpty()) {
            return option.alert("'" + option.keyword() + "' : missing the ssl/tls version");
        }
        int version = TlsVersions.version(name);
        if (version == 0) {
            return option.alert("'" + option.keyword() + "' : unknown ssl/tls version");
        }
        TlsVersions versions = option.settings.tlsVersions.copy();
        if (option.keyword().equals("ssl-min-ver")) {
            versions.min = version;
        } else {
            versions.max = version;
        }
        option.settings.tlsVersions = versions;
        return 2;
    }

    /** {@code srv_parse_tls_method_options()}. */
    private static int parseVersionOption(ServerOption option) {
        TlsVersions versions = option.settings.tlsVersions.copy();
        versions.option(option.keyword());
        option.settings.tlsVersions = versions;
        return 1;
    }

    /**
     * The server's TLS as {@code ssl_sock_prepare_srv_ctx()} checks it, for a server that uses it
     * ({@code ssl} or encrypted checks); empty after an alert.
     */
    static Optional<ServerTls> resolve(ProxyLine line, ServerSettings settings, String prefix,
                                       TlsDefaults defaults) {
        boolean verifyRequired = settings.verifyRequired != null ? settings.verifyRequired
                : defaults.serverVerifyRequired;
        boolean used = settings.ssl || settings.checkSsl;
        boolean configurable = settings.sslSeen || settings.checkSsl;
        List<String> protocols = settings.tlsVersions.resolve("Proxy '" + line.section.name + "'",
                "server '" + line.word(1) + "'", message -> { });
        protocols = new ArrayList<>(protocols);
        protocols.remove("SSLv3");
        List<String> ciphers = List.of();
        List<String> suites = List.of();
        boolean failed = false;
        if (used && verifyRequired && settings.authorities.isEmpty()) {
            line.bareAlert(prefix + (settings.verifyRequired == null
                    ? "verify is enabled by default but no CA file specified. If you're running on a LAN where"
                    + " you're certain to trust the server's certificate, please set an explicit 'verify none'"
                    + " statement on the 'server' line, or use 'ssl-server-verify none' in the global section to"
                    + " disable server-side verifications by default."
                    : "verify is enabled but no CA file specified."));
            failed = true;
        }
        if (used || configurable) {
            if (settings.ciphers != null) {
                Optional<List<String>> list = OpenSslCiphers.cipherList(settings.ciphers);
                if (list.isEmpty()) {
                    line.bareAlert(prefix + "unable to set SSL cipher list to '" + settings.ciphers + "'.");
                    failed = true;
                } else {
                    ciphers = list.get();
                }
            }
            if (settings.ciphersuites != null) {
                Optional<List<String>> list = OpenSslCiphers.tls13Suites(settings.ciphersuites);
                if (list.isEmpty()) {
                    line.bareAlert(prefix + "unable to set TLS 1.3 cipher suites to '" + settings.ciphersuites
                            + "'.");
                    failed = true;
                } else {
                    suites = list.get();
                }
            }
            if (protocols.isEmpty()) {
                line.bareAlert(prefix + "all SSL/TLS versions are disabled.");
                failed = true;
            }
        }
        if (failed) {
            return Optional.empty();
        }
        if (protocols.isEmpty()) {
            // not used: checked only once used (the default range until then)
            protocols = ServerTls.NONE.protocols();
        }
        // kept even when neither the traffic nor the checks use them: a 'tcp-check connect ssl' does
        ServerTls resolved = new ServerTls(settings.ssl, verifyRequired, settings.authorities, settings.revocations,
                Optional.ofNullable(settings.certificate), Optional.ofNullable(settings.sni), settings.alpn,
                protocols, ciphers, suites, !settings.noSslReuse, !settings.noTlsTickets,
                Optional.ofNullable(settings.verifyHost), settings.checkSsl, Optional.ofNullable(settings.checkSni),
                settings.checkAlpn, settings.noSsl, configurable);
        return Optional.of(resolved.equals(ServerTls.NONE) ? ServerTls.NONE : resolved);
    }
}
