package dev.bascule.core.stats.promex;

import dev.bascule.api.Nullable;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a scrape asks for in its query string, read as HAProxy 2.6's {@code promex_parse_uri()}:
 * {@code scope=<name>} (repeatable; {@code global}, {@code frontend}, {@code listener},
 * {@code backend}, {@code server}, {@code sticktable}, {@code *} for all, empty for none; all when
 * no scope is given) and {@code no-maint} (servers in maintenance left out).
 *
 * @param scopes   the scopes asked for, {@code SCOPE_*} bits
 * @param noMaint  {@code no-maint}
 */
record PromexQuery(int scopes, boolean noMaint) {
    static final int SCOPE_GLOBAL = 1;
    static final int SCOPE_FRONTEND = 2;
    static final int SCOPE_LISTENER = 4;
    static final int SCOPE_BACKEND = 8;
    static final int SCOPE_SERVER = 16;
    static final int SCOPE_STICK_TABLE = 32;
    static final int SCOPE_ALL = 63;

    boolean has(int scope) {
        return (scopes & scope) != 0;
    }

    /**
     * The query of the request target {@code uri}; null when HAProxy answers it with a 400: a
     * {@code scope} without value or with an unknown one, a second {@code =} in a value, a bad
     * {@code %} escape.
     */
    static @Nullable PromexQuery parse(String uri) {
        int question = uri.indexOf('?');
        if (question < 0) {
            return new PromexQuery(SCOPE_ALL, false);
        }
        String query = uri.substring(question + 1);
        int end = query.length();
        int scopes = 0;
        boolean scopeGiven = false;
        boolean noMaint = false;
        int p = 0;
        while (p < end && query.charAt(p) != '#') {
            int keyStart = p;
            while (p < end && !separator(query.charAt(p))) {
                p++;
            }
            String key = decode(query.substring(keyStart, p));
            if (key == null) {
                return null;
            }
            String value = null;
            char stop = p < end ? query.charAt(p) : 0;
            p++;
            if (stop == '=') {
                int valueStart = p;
                while (p < end && !separator(query.charAt(p))) {
                    p++;
                }
                if (p < end && query.charAt(p) == '=') {
                    return null;
                }
                value = decode(query.substring(valueStart, p));
                if (value == null) {
                    return null;
                }
                stop = p < end ? query.charAt(p) : 0;
                p++;
            }
            if (key.equals("scope")) {
                scopeGiven = true;
                if (value == null) {
                    return null;
                }
                int scope = scope(value);
                if (scope < 0) {
                    return null;
                }
                scopes = value.isEmpty() ? 0 : scopes | scope;
            } else if (key.equals("no-maint")) {
                noMaint = true;
            }
            if (stop == '#') {
                break;
            }
        }
        return new PromexQuery(scopeGiven ? scopes : SCOPE_ALL, noMaint);
    }

    private static boolean separator(char c) {
        return c == '=' || c == '&' || c == '#';
    }

    /** A scope's bits, 0 for the empty value (which clears them), -1 when unknown. */
    private static int scope(String value) {
        if (value.isEmpty()) {
            return 0;
        }
        if (value.charAt(0) == '*') {
            return SCOPE_ALL;
        }
        return switch (value) {
            case "global" -> SCOPE_GLOBAL;
            case "server" -> SCOPE_SERVER;
            case "backend" -> SCOPE_BACKEND;
            case "frontend" -> SCOPE_FRONTEND;
            case "listener" -> SCOPE_LISTENER;
            case "sticktable" -> SCOPE_STICK_TABLE;
            default -> -1;
        };
    }

    /** HAProxy's {@code url_decode(text, 1)}: {@code %XX} and {@code +} as a space; null for a bad escape. */
    private static @Nullable String decode(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    return null;
                }
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                out.write(high << 4 | low);
                i += 2;
            } else if (c == '+') {
                out.write(' ');
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
