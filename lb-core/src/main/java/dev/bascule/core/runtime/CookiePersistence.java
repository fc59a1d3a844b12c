package dev.bascule.core.runtime;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.CookieConfig;

import java.util.List;
import java.util.Map;

/**
 * A backend's {@code cookie} persistence, as HAProxy's {@code http_manage_client_side_cookies()}
 * and {@code http_manage_server_side_cookies()} do it: the request's cookie of that name chooses
 * the server whose {@code cookie} value it carries (in {@code prefix} mode, the part before '~'),
 * and the response carries the cookie of the server that answered ({@code insert}), or has the
 * server's own cookie rewritten ({@code rewrite}) or prefixed ({@code prefix}).
 *
 * <p>The outcome is reported with HAProxy's log flags: for the client cookie {@code N} none,
 * {@code I} invalid, {@code D} for a server that is down, {@code V} valid; for the server cookie
 * {@code N} none, {@code P} provided by the server and kept, {@code D} deleted, {@code I}
 * inserted, {@code R} rewritten, {@code U} updated.
 */
public final class CookiePersistence {
    /** The result of looking at one request's cookies. Mutable, owned by one stream. */
    public static final class Outcome {
        private @Nullable ServerRuntime server;
        private char clientFlag = 'N';
        private char serverFlag = 'N';
        /** {@code ignore-persist} holds for the request (HAProxy's {@code SF_IGNORE_PRST}). */
        private boolean ignored;

        /** Starts a new request. */
        public void reset() {
            server = null;
            clientFlag = 'N';
            serverFlag = 'N';
            ignored = false;
        }

        /**
         * {@code ignore-persist}: the request's cookie is still read (and cut, as the mode says)
         * but designates no server ({@code U} in the log), and no cookie is inserted in the response.
         */
        public void ignore() {
            ignored = true;
        }

        /** The server the cookie designates (a valid one, or any with {@code option persist}), or null: balance. */
        public @Nullable ServerRuntime server() {
            return server;
        }

        /** Forgets the designated server (a redispatch). */
        public void forgetServer() {
            server = null;
        }

        /** HAProxy's client cookie flag, the third character of the termination state. */
        public char clientFlag() {
            return clientFlag;
        }

        /** HAProxy's server cookie flag, the fourth character of the termination state. */
        public char serverFlag() {
            return serverFlag;
        }
    }

    private final CookieConfig config;
    /** {@code option persist}: a cookie naming a server that is down still chooses it. */
    private final boolean persist;
    private final ServerRuntime[] servers;
    private final String[] values;

    CookiePersistence(CookieConfig config, Map<ServerRuntime, String> cookies, List<ServerRuntime> servers) {
        this(config, cookies, servers, false);
    }

    CookiePersistence(CookieConfig config, Map<ServerRuntime, String> cookies, List<ServerRuntime> servers,
                      boolean persist) {
        this.persist = persist;
        this.config = requireNonNull(config, "config");
        this.servers = servers.toArray(new ServerRuntime[0]);
        this.values = new String[this.servers.length];
        for (int i = 0; i < this.servers.length; i++) {
            values[i] = cookies.get(this.servers[i]);
        }
    }

    public CookieConfig config() {
        return config;
    }

    /**
     * Looks for the persistence cookie in one {@code Cookie} header value, records the outcome,
     * and returns the value to forward: the same instance when unchanged, a shorter one when the
     * cookie is removed ({@code insert indirect}) or unprefixed ({@code prefix}), or null when
     * nothing is left of the header.
     */
    public @Nullable String onRequestCookie(String header, Outcome outcome) {
        String name = config.name();
        int length = header.length();
        int start = 0;
        StringBuilder rewritten = null;
        int copiedUpTo = 0;
        while (start < length) {
            int end = header.indexOf(';', start);
            if (end < 0) {
                end = length;
            }
            int pairStart = skipBlanks(header, start, end);
            int equals = header.indexOf('=', pairStart);
            if (equals > 0 && equals < end && header.regionMatches(pairStart, name, 0, name.length())
                    && trimEnd(header, pairStart, equals) - pairStart == name.length()) {
                int valueStart = skipBlanks(header, equals + 1, end);
                int valueEnd = trimEnd(header, valueStart, end);
                int delimiter = valueEnd;
                if (config.mode() == CookieConfig.Mode.PREFIX) {
                    int tilde = header.indexOf('~', valueStart);
                    delimiter = tilde >= 0 && tilde < valueEnd ? tilde : valueEnd;
                } else {
                    int bar = header.indexOf('|', valueStart);
                    if (bar >= 0 && bar < valueEnd) {
                        delimiter = bar;
                    }
                }
                choose(header, valueStart, delimiter, outcome);
                if (config.mode() == CookieConfig.Mode.PREFIX && delimiter != valueEnd) {
                    rewritten = rewritten == null ? new StringBuilder(length) : rewritten;
                    rewritten.append(header, copiedUpTo, valueStart);
                    copiedUpTo = delimiter + 1;
                } else if (config.mode() == CookieConfig.Mode.INSERT && config.indirect()) {
                    // remove "name=value" with the delimiter before it (or after it, for the first pair)
                    rewritten = rewritten == null ? new StringBuilder(length) : rewritten;
                    int cutFrom = start == 0 ? 0 : start - 1;
                    int cutTo = end;
                    if (start == 0 && end < length) {
                        cutTo = skipBlanks(header, end + 1, length);
                    }
                    rewritten.append(header, copiedUpTo, Math.max(copiedUpTo, cutFrom));
                    copiedUpTo = cutTo;
                }
            }
            start = end + 1;
        }
        if (rewritten == null) {
            return header;
        }
        rewritten.append(header, Math.min(copiedUpTo, length), length);
        String result = rewritten.toString().strip();
        return result.isEmpty() ? null : result;
    }

    private void choose(String header, int from, int to, Outcome outcome) {
        if (outcome.ignored) {
            // HAProxy's TX_CK_UNUSED: present, not used to choose the server
            outcome.clientFlag = 'U';
            return;
        }
        if (to == from) {
            outcome.clientFlag = 'I';
            return;
        }
        for (int i = 0; i < servers.length; i++) {
            String value = values[i];
            if (value != null && value.length() == to - from && header.regionMatches(from, value, 0, value.length())) {
                boolean up = servers[i].isUp();
                // HAProxy: a server that is not stopped, or any with option persist (flagged D all the same)
                if (up || persist) {
                    outcome.server = servers[i];
                }
                outcome.clientFlag = up ? 'V' : 'D';
                return;
            }
        }
        outcome.clientFlag = 'I';
    }

    /**
     * What the response's {@code Set-Cookie} header of the persistence cookie, sent by the server,
     * becomes: the same instance, a rewritten value, or null to delete it ({@code insert} without
     * {@code preserve}). Other cookies are returned unchanged.
     */
    public @Nullable String onResponseSetCookie(String header, ServerRuntime server, Outcome outcome) {
        String name = config.name();
        int start = skipBlanks(header, 0, header.length());
        int equals = header.indexOf('=', start);
        if (equals < 0 || trimEnd(header, start, equals) - start != name.length()
                || !header.regionMatches(start, name, 0, name.length())) {
            return header;
        }
        String value = valueOf(server);
        switch (config.mode()) {
            case PASSIVE:
                outcome.serverFlag = 'P';
                return header;
            case INSERT:
                if (config.preserve()) {
                    outcome.serverFlag = 'P';
                    return header;
                }
                outcome.serverFlag = 'D';
                return null;
            case REWRITE: {
                if (value == null) {
                    return header;
                }
                int valueStart = skipBlanks(header, equals + 1, header.length());
                int valueEnd = header.indexOf(';', valueStart);
                valueEnd = valueEnd < 0 ? header.length() : valueEnd;
                outcome.serverFlag = 'R';
                return header.substring(0, valueStart) + value + header.substring(valueEnd);
            }
            case PREFIX:
            default: {
                if (value == null) {
                    return header;
                }
                int valueStart = skipBlanks(header, equals + 1, header.length());
                outcome.serverFlag = 'R';
                return header.substring(0, valueStart) + value + "~" + header.substring(valueStart);
            }
        }
    }

    /**
     * The {@code Set-Cookie} value to add to the response in {@code insert} mode, or null when none
     * is due: the client already designated this server, or the server's own cookie is preserved.
     */
    public @Nullable String insertion(ServerRuntime server, Outcome outcome) {
        if (config.mode() != CookieConfig.Mode.INSERT || outcome.serverFlag == 'P' || outcome.ignored) {
            return null;
        }
        if (outcome.server == server && outcome.clientFlag == 'V') {
            return null;
        }
        String value = valueOf(server);
        StringBuilder cookie = new StringBuilder(64).append(config.name());
        if (value == null) {
            cookie.append("=; Expires=Thu, 01-Jan-1970 00:00:01 GMT; path=/");
        } else {
            cookie.append('=').append(value).append("; path=/");
        }
        for (String domain : config.domains()) {
            cookie.append("; domain=").append(domain);
        }
        if (config.httpOnly()) {
            cookie.append("; HttpOnly");
        }
        if (config.secure()) {
            cookie.append("; Secure");
        }
        outcome.serverFlag = 'I';
        return cookie.toString();
    }

    /** The cookie value of {@code server} ({@code server ... cookie VALUE}), or null. */
    public @Nullable String valueOf(ServerRuntime server) {
        for (int i = 0; i < servers.length; i++) {
            if (servers[i] == server) {
                return values[i];
            }
        }
        return null;
    }

    private static int skipBlanks(String text, int from, int to) {
        while (from < to && (text.charAt(from) == ' ' || text.charAt(from) == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimEnd(String text, int from, int to) {
        while (to > from && (text.charAt(to - 1) == ' ' || text.charAt(to - 1) == '\t')) {
            to--;
        }
        return to;
    }
}
