package dev.bascule.config.haproxy.internal;

import dev.bascule.api.loader.CText;

import java.util.OptionalLong;

/** The TLS defaults of the {@code global} section: {@code tune.ssl.default-dh-param}. */
final class GlobalSslKeywords {
    private GlobalSslKeywords() {
    }

    static void register(GlobalKeywordTable table) {
        table.register("tune.ssl.default-dh-param", GlobalSslKeywords::parseDefaultDhParam);
    }

    /**
     * {@code ssl_parse_global_default_dh()}: {@code atoi()} into an unsigned int, at least 1024
     * (so {@code -1} passes, as 4294967295).
     */
    private static void parseDefaultDhParam(GlobalLine line) {
        if (line.tooManyArgs(1)) {
            return;
        }
        String value = line.word(1);
        if (value.isEmpty()) {
            line.alert("'" + line.keyword() + "' expects an integer argument.");
            return;
        }
        long bits = Integer.toUnsignedLong(atoi(value));
        if (bits < 1024) {
            line.alert("'" + line.keyword() + "' expects a value >= 1024.");
            return;
        }
        line.global.sslDefaultDhParam = OptionalLong.of(bits);
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
