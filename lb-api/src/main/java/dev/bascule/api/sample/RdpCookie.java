package dev.bascule.api.sample;

import dev.bascule.api.Nullable;

/**
 * The cookie of an RDP connection request ({@code Cookie: mstshash=<user>\r\n} after the 11-byte
 * TPKT/X.224 header), found as HAProxy's {@code fetch_rdp_cookie_name()} finds it in the request
 * buffer. Shared by the {@code req.rdp_cookie} fetches, {@code balance rdp-cookie} and
 * {@code persist rdp-cookie}. Since 1.3.
 */
public final class RdpCookie {
    /** The buffer ends before the cookie line does: it may come with more bytes. */
    public static final long TOO_SHORT = -2;
    /** No such cookie: the line is not a cookie, or another one. */
    public static final long ABSENT = -1;

    private RdpCookie() {
    }

    /**
     * The value of the cookie {@code name} (any cookie when null or empty, compared ignoring case)
     * in {@code data}, one character per byte: its start in the high 32 bits and its end in the low
     * ones, or {@link #TOO_SHORT}, or {@link #ABSENT}.
     */
    public static long find(CharSequence data, @Nullable String name) {
        int left = data.length();
        if (left <= 11) {
            return TOO_SHORT;
        }
        int at = 11;
        left -= 11;
        if (left <= 7) {
            return TOO_SHORT;
        }
        if (!regionMatchesIgnoreCase(data, at, "Cookie:")) {
            return ABSENT;
        }
        at += 7;
        left -= 7;
        while (left > 0 && data.charAt(at) == ' ') {
            at++;
            left--;
        }
        if (name != null && !name.isEmpty()) {
            int length = name.length();
            if (left <= length) {
                return TOO_SHORT;
            }
            if (data.charAt(at + length) != '=' || !regionMatchesIgnoreCase(data, at, name)) {
                return ABSENT;
            }
            at += length + 1;
            left -= length + 1;
        } else {
            while (left > 0 && data.charAt(at) != '=') {
                char c = data.charAt(at);
                if (c == '\r' || c == '\n') {
                    return ABSENT;
                }
                at++;
                left--;
            }
            if (left < 1) {
                return TOO_SHORT;
            }
            at++;
            left--;
        }
        int start = at;
        while (left > 0 && data.charAt(at) != '\r') {
            at++;
            left--;
        }
        if (left < 2) {
            return TOO_SHORT;
        }
        if (data.charAt(at + 1) != '\n') {
            return ABSENT;
        }
        return (long) start << 32 | at;
    }

    /** The start of a value {@link #find} returned. */
    public static int start(long found) {
        return (int) (found >>> 32);
    }

    /** The end (exclusive) of a value {@link #find} returned. */
    public static int end(long found) {
        return (int) found;
    }

    /** ASCII only, as strncasecmp() in the C locale. */
    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static boolean regionMatchesIgnoreCase(CharSequence data, int at, String expected) {
        for (int i = 0; i < expected.length(); i++) {
            char a = data.charAt(at + i);
            char b = expected.charAt(i);
            if (a != b && lower(a) != lower(b)) {
                return false;
            }
        }
        return true;
    }
}
