package dev.bascule.config.haproxy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * HAProxy's {@code tls_version_filter}: the versions of a bind (or of the global defaults) as
 * {@code ssl-min-ver}, {@code ssl-max-ver}, {@code no-sslv3}/{@code no-tlsv1x} and
 * {@code force-*} set them ({@code cfgparse-ssl.c}), and their resolution into a version range
 * ({@code ssl_sock_prepare_bind_conf()}).
 */
final class TlsVersions {
    /** HAProxy's {@code methodVersions} names, index = {@code CONF_*} (0: none). */
    static final List<String> NAMES = List.of("", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    /** The same versions as Java (and Netty) name them. */
    private static final List<String> JAVA_NAMES = List.of("", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    private static final int TLSV12 = 4;

    /** {@code CONF_*} of {@code ssl-min-ver}, 0 when not set. */
    int min;
    /** {@code CONF_*} of {@code ssl-max-ver}, 0 when not set. */
    int max;
    /** The {@code no-*} flags: bit {@code 1 << version}. */
    int disabled;

    TlsVersions copy() {
        TlsVersions copy = new TlsVersions();
        copy.min = min;
        copy.max = max;
        copy.disabled = disabled;
        return copy;
    }

    /** {@code bind_parse_ssl()}: the global defaults under what the bind set itself. */
    void inherit(TlsVersions defaults) {
        disabled |= defaults.disabled;
        if (min == 0) {
            min = defaults.min;
        }
        if (max == 0) {
            max = defaults.max;
        }
    }

    /** {@code parse_tls_method_options()}: {@code no-sslv3} ... {@code force-tlsv13}; false if not one. */
    boolean option(String word) {
        int dash = word.indexOf('-');
        if (dash < 0) {
            return false;
        }
        int version = switch (word.substring(dash + 1)) {
            case "sslv3" -> 1;
            case "tlsv10" -> 2;
            case "tlsv11" -> 3;
            case "tlsv12" -> 4;
            case "tlsv13" -> 5;
            default -> 0;
        };
        if (version == 0) {
            return false;
        }
        if (word.startsWith("no-")) {
            disabled |= 1 << version;
        } else if (word.startsWith("force-")) {
            min = version;
            max = version;
        } else {
            return false;
        }
        return true;
    }

    /** {@code parse_tls_method_minmax()}: the version's {@code CONF_*}, 0 if unknown. */
    static int version(String name) {
        int index = NAMES.indexOf(name);
        return index <= 0 ? 0 : index;
    }

    /**
     * {@code ssl_sock_prepare_bind_conf()}: the versions from the lowest to the highest enabled
     * (a hole inside is only warned about, as OpenSSL takes a min and a max), as Java names;
     * empty when all are disabled.
     *
     * @param where   {@code Proxy 'f'}, for the messages
     * @param bind    {@code bind '<addresses>' at [file:line]}, for the messages
     * @param warning receives HAProxy's warnings
     */
    List<String> resolve(String where, String bind, Consumer<String> warning) {
        int flags = 0;
        if (disabled != 0 && (min != 0 || max != 0)) {
            warning.accept(where + ": no-sslv3/no-tlsv1x are ignored for " + bind
                    + ". Use only 'ssl-min-ver' and 'ssl-max-ver' to fix.");
        } else {
            flags = disabled;
        }
        int low = min;
        if (low == 0) {
            if (max == 0 || max >= TLSV12) {
                low = TLSV12;
            } else {
                warning.accept(where + ": Ambiguous configuration for " + bind + ": the ssl-min-ver value is not"
                        + " configured and the ssl-max-ver value is lower than the default ssl-min-ver value"
                        + " (TLSv1.2). Setting the ssl-min-ver to " + NAMES.get(max)
                        + ". Use 'ssl-min-ver' to fix this.");
                low = max;
            }
        }
        for (int version = 1; version < low; version++) {
            flags |= 1 << version;
        }
        if (max != 0) {
            for (int version = max + 1; version < NAMES.size(); version++) {
                flags |= 1 << version;
            }
        }
        int first = 0;
        int last = 0;
        int hole = 0;
        for (int version = 1; version < NAMES.size(); version++) {
            if ((flags & (1 << version)) == 0) {
                if (first != 0) {
                    if (hole != 0) {
                        warning.accept(where + ": SSL/TLS versions range not contiguous for " + bind
                                + ". Hole find for " + NAMES.get(hole)
                                + ". Use only 'ssl-min-ver' and 'ssl-max-ver' to fix.");
                        hole = 0;
                    }
                    last = version;
                } else {
                    first = version;
                    last = version;
                }
            } else if (first != 0) {
                hole = version;
            }
        }
        List<String> versions = new ArrayList<>();
        if (first != 0) {
            for (int version = first; version <= last; version++) {
                versions.add(JAVA_NAMES.get(version));
            }
        }
        return versions;
    }
}
