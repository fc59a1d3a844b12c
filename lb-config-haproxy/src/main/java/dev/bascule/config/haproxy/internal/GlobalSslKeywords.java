package dev.bascule.config.haproxy.internal;

import dev.bascule.api.loader.CText;

import java.util.OptionalLong;

/**
 * The TLS defaults of the {@code global} section ({@code cfgparse-ssl.c}): {@code ca-base},
 * {@code crt-base}, {@code ssl-default-bind-*}, {@code ssl-default-server-*},
 * {@code ssl-server-verify} and {@code tune.ssl.default-dh-param}, read into {@link TlsDefaults}.
 * Cipher strings are checked where HAProxy checks them: when a bind (or a server) uses them.
 */
final class GlobalSslKeywords {
    private GlobalSslKeywords() {
    }

    static void register(GlobalKeywordTable table) {
        table.register("tune.ssl.default-dh-param", GlobalSslKeywords::parseDefaultDhParam);
        table.register("ca-base", GlobalSslKeywords::parseBase);
        table.register("crt-base", GlobalSslKeywords::parseBase);
        table.register("ssl-default-bind-ciphers", line -> parseCiphers(line, false));
        table.register("ssl-default-server-ciphers", line -> parseCiphers(line, false));
        table.register("ssl-default-bind-ciphersuites", line -> parseCiphers(line, true));
        table.register("ssl-default-server-ciphersuites", line -> parseCiphers(line, true));
        table.register("ssl-default-bind-curves", GlobalSslKeywords::parseCurves);
        table.register("ssl-default-bind-options", line -> parseOptions(line, true));
        table.register("ssl-default-server-options", line -> parseOptions(line, false));
        table.register("ssl-server-verify", GlobalSslKeywords::parseServerVerify);
        table.register("tune.ssl.capture-buffer-size", GlobalSslKeywords::parseCaptureBuffer);
        table.register("tune.ssl.capture-cipherlist-size", GlobalSslKeywords::parseCaptureBuffer);
    }

    /**
     * {@code ssl_parse_global_capture_buffer()}: the size of the copy of each client hello's cipher
     * list that the {@code ssl_fc_cipherlist_*} fetches read. Bascule refuses those fetches at load
     * (not implemented yet), so nothing reads the copy: the value is checked, and its only effect,
     * on those fetches, cannot be observed.
     */
    private static void parseCaptureBuffer(GlobalLine line) {
        String value = integerArgument(line);
        if (value == null) {
            return;
        }
        if (atoi(value) < 0) {
            line.alert("'" + line.keyword() + "' expects a positive numeric value.");
            return;
        }
        if (line.global.sslCaptureConfigured) {
            line.alert("'" + line.keyword() + "' is already configured.");
            return;
        }
        line.global.sslCaptureConfigured = true;
        if (line.keyword().equals("tune.ssl.capture-cipherlist-size")) {
            line.warning("'" + line.keyword() + "' is deprecated and will be removed in version 2.7. Please use"
                    + " 'tune.ssl.capture-buffer-size' instead.");
        }
    }

    private static TlsDefaults.Side side(GlobalLine line) {
        // "ssl-default-bind-..." / "ssl-default-server-...": HAProxy looks at args[0][12]
        return line.keyword().charAt(12) == 'b' ? line.global.tls.bind : line.global.tls.server;
    }

    /** {@code ssl_parse_global_ca_crt_base()}. */
    private static void parseBase(GlobalLine line) {
        if (line.tooManyArgs(1)) {
            return;
        }
        boolean ca = line.keyword().charAt(1) == 'a';
        TlsDefaults tls = line.global.tls;
        if ((ca ? tls.caBase : tls.crtBase) != null) {
            line.alert("'" + line.keyword() + "' already specified.");
            return;
        }
        if (line.word(1).isEmpty()) {
            line.alert("global statement '" + line.keyword() + "' expects a directory path as an argument.");
            return;
        }
        if (ca) {
            tls.caBase = line.word(1);
        } else {
            tls.crtBase = line.word(1);
        }
    }

    /** {@code ssl_parse_global_ciphers()} and {@code ssl_parse_global_ciphersuites()}: kept as written. */
    private static void parseCiphers(GlobalLine line, boolean suites) {
        if (line.tooManyArgs(1)) {
            return;
        }
        if (line.word(1).isEmpty()) {
            line.alert("global statement '" + line.keyword() + "' expects a cipher suite as an argument.");
            return;
        }
        if (suites) {
            side(line).ciphersuites = line.word(1);
        } else {
            side(line).ciphers = line.word(1);
        }
    }

    /** {@code ssl_parse_global_curves()}: checked when a bind uses it. */
    private static void parseCurves(GlobalLine line) {
        if (line.tooManyArgs(1)) {
            return;
        }
        if (line.word(1).isEmpty()) {
            line.alert("global statement '" + line.keyword() + "' expects a curves suite as an arguments.");
            return;
        }
        line.global.tls.bind.curves = line.word(1);
    }

    /** {@code ssl_parse_default_bind_options()} and {@code ssl_parse_default_server_options()}. */
    private static void parseOptions(GlobalLine line, boolean bind) {
        TlsDefaults.Side side = side(line);
        if (line.word(1).isEmpty()) {
            line.alert("global statement '" + line.keyword() + "' expects an option as an argument.");
            return;
        }
        for (int index = 1; index < line.args.size() && !line.word(index).isEmpty(); index++) {
            String option = line.word(index);
            if (option.equals("no-tls-tickets")) {
                side.noTickets = true;
            } else if (bind && option.equals("prefer-client-ciphers")) {
                side.preferClientCiphers = true;
            } else if (option.equals("ssl-min-ver") || option.equals("ssl-max-ver")) {
                String name = line.word(index + 1);
                if (name.isEmpty()) {
                    line.alert("'" + option + "' : missing the ssl/tls version on global statement '"
                            + line.keyword() + "'.");
                    return;
                }
                int version = TlsVersions.version(name);
                if (version == 0) {
                    line.alert("'" + name + "' : unknown ssl/tls version on global statement '"
                            + line.keyword() + "'.");
                    return;
                }
                if (option.equals("ssl-min-ver")) {
                    side.versions.min = version;
                } else {
                    side.versions.max = version;
                }
                index++;
            } else if (!side.versions.option(option)) {
                line.alert("unknown option '" + option + "' on global statement '" + line.keyword() + "'.");
                return;
            }
        }
    }

    /** {@code ssl-server-verify} ({@code cfgparse-global.c}). */
    private static void parseServerVerify(GlobalLine line) {
        if (line.tooManyArgs(1)) {
            return;
        }
        switch (line.word(1)) {
            case "" -> line.alert("'" + line.keyword() + "' expects an integer argument.");
            case "none" -> line.global.tls.serverVerifyRequired = false;
            case "required" -> line.global.tls.serverVerifyRequired = true;
            default -> line.alert("'" + line.keyword() + "' expects 'none' or 'required' as argument.");
        }
    }

    /**
     * {@code ssl_parse_global_default_dh()}: {@code atoi()} into an unsigned int, at least 1024
     * (so {@code -1} passes, as 4294967295).
     */
    private static void parseDefaultDhParam(GlobalLine line) {
        String value = integerArgument(line);
        if (value == null) {
            return;
        }
        long bits = Integer.toUnsignedLong(atoi(value));
        if (bits < 1024) {
            line.alert("'" + line.keyword() + "' expects a value >= 1024.");
            return;
        }
        line.global.sslDefaultDhParam = OptionalLong.of(bits);
        // HAProxy (OpenSSL) offers DHE-RSA ciphers with parameters of this size; BoringSSL has no DHE
        line.warning("'" + line.keyword() + "' : Bascule's TLS library (BoringSSL) has no DHE ciphers, only ECDHE"
                + " and RSA key exchange: the value is checked and has no effect.");
    }

    /** {@code ssl_parse_global_int()}'s checks: the one argument, or null after an alert. */
    private static String integerArgument(GlobalLine line) {
        if (line.tooManyArgs(1)) {
            return null;
        }
        String value = line.word(1);
        if (value.isEmpty()) {
            line.alert("'" + line.keyword() + "' expects an integer argument.");
            return null;
        }
        return value;
    }

    /** glibc's {@code atoi()}: {@code (int) strtol(text, NULL, 10)}, strtol saturating at the 64-bit bounds. */
    private static int atoi(String text) {
        int index = 0;
        while (index < text.length() && CText.isSpace(text.charAt(index))) {
            index++;
        }
        boolean negative = false;
        if (index < text.length() && (text.charAt(index) == '-' || text.charAt(index) == '+')) {
            negative = text.charAt(index) == '-';
            index++;
        }
        long value = 0;
        boolean overflow = false;
        while (index < text.length() && text.charAt(index) >= '0' && text.charAt(index) <= '9') {
            int digit = text.charAt(index) - '0';
            if (!overflow && value > (Long.MAX_VALUE - digit) / 10) {
                overflow = true;
            } else if (!overflow) {
                value = value * 10 + digit;
            }
            index++;
        }
        long result = overflow ? (negative ? Long.MIN_VALUE : Long.MAX_VALUE) : (negative ? -value : value);
        return (int) result;
    }
}
