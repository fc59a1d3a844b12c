package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.TlsSettings;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The client-certificate options of {@code bind}: {@code verify}, {@code ca-file},
 * {@code crl-file}, and {@code strict-sni}. Files load at once, as in HAProxy: a missing one is
 * an alert at the bind's line. Relative paths resolve against {@code ca-base}.
 */
final class TlsVerifyBindOptions {
    private TlsVerifyBindOptions() {
    }

    static void register(BindOptionTable table) {
        table.register("verify", TlsVerifyBindOptions::parseVerify);
        table.register("ca-file", TlsVerifyBindOptions::parseCaFile);
        table.register("crl-file", TlsVerifyBindOptions::parseCrlFile);
        table.register("crt-ignore-err", TlsVerifyBindOptions::parseIgnoreErrors);
        table.register("ca-ignore-err", TlsVerifyBindOptions::parseIgnoreErrors);
        table.register("strict-sni", option -> {
            option.settings.strictSni = true;
            return 1;
        });
    }

    /** {@code bind_parse_ignore_err()}: {@code all}, or error IDs 1 to 63 separated by commas. */
    private static int parseIgnoreErrors(BindOption option) {
        String list = option.value();
        if (list.isEmpty()) {
            return option.alert("missing error IDs list");
        }
        long mask = 0;
        if (list.equals("all")) {
            mask = ~0L;
        } else {
            for (String id : list.split(",", -1)) {
                long code = dev.bascule.api.loader.CText.atol(id);
                if (code <= 0 || code > 63) {
                    return option.alert("ID '" + (int) code + "' out of range (1..63) in error IDs list '" + list + "'");
                }
                mask |= 1L << code;
            }
        }
        if (option.keyword().equals("ca-ignore-err")) {
            option.settings.ignoredCaErrors |= mask;
        } else {
            option.settings.ignoredCertificateErrors |= mask;
        }
        return 2;
    }

    /** {@code bind_parse_verify()}. */
    private static int parseVerify(BindOption option) {
        String method = option.value();
        if (method.isEmpty()) {
            return option.alert("missing verify method");
        }
        switch (method) {
            case "none" -> option.settings.verify = TlsSettings.Verify.NONE;
            case "optional" -> option.settings.verify = TlsSettings.Verify.OPTIONAL;
            case "required" -> option.settings.verify = TlsSettings.Verify.REQUIRED;
            default -> {
                return option.alert("unknown verify method '" + method
                        + "', only 'none', 'optional', and 'required' are supported");
            }
        }
        return 2;
    }

    /** {@code ssl_bind_parse_ca_file_common()}. */
    private static int parseCaFile(BindOption option) {
        if (option.value().isEmpty()) {
            return option.alert("missing CAfile path");
        }
        String path = option.settings.defaults.authorityPath(option.value());
        Optional<List<X509Certificate>> authorities = load(option, path, X509Certificate.class);
        if (authorities.isEmpty()) {
            return 0;
        }
        option.settings.caFile = path;
        option.settings.authorities.clear();
        option.settings.authorities.addAll(authorities.get());
        return 2;
    }

    /** {@code ssl_bind_parse_crl_file()}. */
    private static int parseCrlFile(BindOption option) {
        if (option.value().isEmpty()) {
            return option.alert("missing CRLfile path");
        }
        String path = option.settings.defaults.authorityPath(option.value());
        Optional<List<X509CRL>> lists = load(option, path, X509CRL.class);
        if (lists.isEmpty()) {
            return 0;
        }
        option.settings.crlFile = path;
        option.settings.revocations.clear();
        option.settings.revocations.addAll(lists.get());
        return 2;
    }

    /** {@code ssl_store_load_locations_file()} and its messages. */
    private static <T> Optional<List<T>> load(BindOption option, String path, Class<T> type) {
        Optional<String> openError = Certificates.openError(path);
        if (openError.isPresent()) {
            option.line.diagnostics.alert("Couldn't open the ca-file '" + path + "' (" + openError.get() + ").");
            option.alert("unable to load " + path);
            return Optional.empty();
        }
        Optional<List<T>> objects = Certificates.pemObjects(path, type);
        if (objects.isEmpty()) {
            option.alert("unable to load " + path);
        }
        return objects;
    }
}
