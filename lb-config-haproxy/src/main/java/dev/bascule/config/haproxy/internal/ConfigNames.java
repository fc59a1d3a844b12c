package dev.bascule.config.haproxy.internal;

import dev.bascule.api.loader.CText;

/**
 * The names a configuration gives (proxies, defaults sections, servers, ACLs, userlists, groups),
 * checked as HAProxy's {@code invalid_char()} checks them.
 */
final class ConfigNames {
    private ConfigNames() {
    }

    /**
     * HAProxy's {@code "character '%c' is not permitted in " + where} for the character
     * {@link #invalidChar} found. For an empty name that is the name's terminating NUL, and
     * HAProxy's message stops there: {@code character '}.
     */
    static String notPermitted(String name, int invalid, String where) {
        if (invalid >= name.length()) {
            return "character '";
        }
        return "character '" + name.charAt(invalid) + "' is not permitted in " + where;
    }

    /** HAProxy's {@code invalid_char()}: index of the first character not in {@code [A-Za-z0-9_.:-]}, or -1. */
    static int invalidChar(String name) {
        if (name.isEmpty()) {
            return 0;
        }
        for (int index = 0; index < name.length(); index++) {
            char c = name.charAt(index);
            if (!CText.isAlnum(c) && c != '.' && c != ':' && c != '_' && c != '-') {
                return index;
            }
        }
        return -1;
    }
}
