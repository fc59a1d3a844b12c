package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.api.sample.Userlist;

import java.util.List;

/**
 * The {@code Authorization} fetches: {@code http_auth(userlist)}, {@code http_auth_group(userlist)},
 * {@code http_auth_type}, {@code http_auth_user}, {@code http_auth_pass} and
 * {@code http_auth_bearer([header])}.
 *
 * <p>Read as HAProxy 2.6's {@code get_http_auth()} reads the header: the first comma-separated
 * value of the first {@code Authorization} line ({@code Proxy-Authorization} for a request to a
 * proxy with {@code option http-use-proxy-header}), a scheme up to its first space (none when the
 * value starts with a space or has none), then the credentials after any spaces. The scheme is
 * Basic when it is a case-insensitive prefix of "Basic" ({@code strncasecmp} over the scheme's
 * length), else Bearer when it is one of "Bearer". Basic credentials are base64 as
 * {@code base64dec()} decodes it, then {@code user:password}: the user ends at the first ':',
 * which must come before any NUL byte, and the password at the first NUL.
 *
 * <p>{@code http_auth_group} gives the user's name when its credentials are good; in an ACL it
 * gives each group the user belongs to instead, so that the ACL's patterns, group names, match as
 * HAProxy's {@code pat_match_auth()} matches them.
 */
final class AuthFetch implements SampleFetch {
    enum Kind {
        /** {@code http_auth(userlist)}: whether the Basic credentials are good. */
        CHECK,
        /** {@code http_auth_group(userlist)}: the user when they are; its groups in ACLs. */
        GROUP,
        TYPE,
        USER,
        PASSWORD,
        BEARER
    }

    private enum Scheme { NONE, BASIC, BEARER }

    private final Kind kind;
    /** The userlist's name, or (for {@code http_auth_bearer}) the header to read, "" for Authorization. */
    private final String argument;

    private AuthFetch(Kind kind, String argument) {
        this.kind = kind;
        this.argument = argument;
    }

    /**
     * The fetch of that kind. A userlist argument is only checked for its count here: the loader
     * resolves it once every section is read, as HAProxy does.
     */
    static SampleFetch create(String keyword, List<String> arguments, Kind kind) throws InvalidArgumentException {
        switch (kind) {
            case CHECK, GROUP, BEARER -> FetchArguments.atMost(keyword, arguments, 1);
            default -> FetchArguments.none(keyword, arguments);
        }
        return new AuthFetch(kind, arguments.isEmpty() ? "" : arguments.get(0));
    }

    @Override
    public boolean fetch(TrafficView traffic, Sample out) {
        if (kind == Kind.BEARER && !argument.isEmpty()) {
            return namedBearer(traffic, out);
        }
        if (kind == Kind.GROUP && out.context() != 0) {
            return nextGroup(traffic, out);
        }
        int line = firstLine(traffic, credentialsHeader(traffic));
        if (line < 0) {
            return false;
        }
        CharSequence value = traffic.requestHeaderValue(line);
        int end = firstValueEnd(value);
        int space = indexOf(value, ' ', 0, end);
        if (space <= 0) {
            return false;
        }
        Scheme scheme = scheme(value, space);
        int credentials = skipSpaces(value, space, end);
        switch (kind) {
            case TYPE -> {
                // Basic credentials that do not decode to user:password give no type either
                if (scheme == Scheme.NONE || scheme == Scheme.BASIC && basic(traffic, out) < 0) {
                    return false;
                }
                out.setString(scheme == Scheme.BASIC ? "Basic" : "Bearer");
                return true;
            }
            case BEARER -> {
                if (scheme != Scheme.BEARER) {
                    return false;
                }
                out.setString(value, credentials, end);
                return true;
            }
            default -> {
                // the Basic fetches
            }
        }
        if (scheme != Scheme.BASIC) {
            return false;
        }
        int colon = basic(traffic, out);
        if (colon < 0) {
            return false;
        }
        CharSequence decoded = out.text();
        int passwordEnd = passwordEnd(out);
        switch (kind) {
            case USER -> {
                out.setString(decoded, 0, colon);
                return true;
            }
            case PASSWORD -> {
                out.setString(decoded, colon + 1, passwordEnd);
                return true;
            }
            default -> {
                // checked against the userlist below
            }
        }
        Userlist userlist = traffic.userlist(argument);
        if (userlist == null) {
            return false;
        }
        CharSequence user = decoded.subSequence(0, colon);
        boolean good = userlist.check(user, decoded.subSequence(colon + 1, passwordEnd));
        if (kind == Kind.CHECK) {
            out.setBoolean(good);
            return true;
        }
        if (!good) {
            return false;
        }
        if (!out.iterate()) {
            out.setString(decoded, 0, colon);
            return true;
        }
        // the position among the groups is kept in the context
        return group(userlist.groups(user), 0, out);
    }

    /**
     * The next group of an ACL's walk. The credentials were checked on the first call of this
     * evaluation and the request has not changed since: the user is read again, not checked again.
     */
    private boolean nextGroup(TrafficView traffic, Sample out) {
        int index = (int) out.context();
        out.setContext(0);
        out.setMore(false);
        Userlist userlist = traffic.userlist(argument);
        int colon = basic(traffic, out);
        if (userlist == null || colon < 0) {
            return false;
        }
        return group(userlist.groups(out.text().subSequence(0, colon)), index, out);
    }

    /** {@code Authorization}, or {@code Proxy-Authorization} for a request authenticated as a proxy's. */
    private static String credentialsHeader(TrafficView traffic) {
        return traffic.proxyAuthentication() ? "proxy-authorization" : "authorization";
    }

    /**
     * Decodes the Basic credentials into the sample (one character per byte, from 0) and returns
     * where the user ends (its ':'), or -1 when there are none; the password ends at {@link #passwordEnd}.
     */
    private static int basic(TrafficView traffic, Sample out) {
        int line = firstLine(traffic, credentialsHeader(traffic));
        if (line < 0) {
            return -1;
        }
        CharSequence value = traffic.requestHeaderValue(line);
        int end = firstValueEnd(value);
        int space = indexOf(value, ' ', 0, end);
        if (space <= 0 || scheme(value, space) != Scheme.BASIC) {
            return -1;
        }
        int credentials = skipSpaces(value, space, end);
        if (!decode(traffic, value, credentials, end, out)) {
            return -1;
        }
        CharSequence decoded = out.text();
        int colon = indexOf(decoded, ':', 0, out.end());
        int nul = indexOf(decoded, '\0', 0, out.end());
        return colon < 0 || nul >= 0 && nul < colon ? -1 : colon;
    }

    /** Where the password decoded by {@link #basic} ends: at the first NUL, else at the end. */
    private static int passwordEnd(Sample out) {
        int nul = indexOf(out.text(), '\0', 0, out.end());
        return nul >= 0 ? nul : out.end();
    }

    private static int skipSpaces(CharSequence value, int from, int end) {
        int at = from;
        while (at < end && value.charAt(at) == ' ') {
            at++;
        }
        return at;
    }

    private static boolean group(List<String> groups, int index, Sample out) {
        if (index >= groups.size()) {
            return false;
        }
        out.setString(groups.get(index));
        out.setContext(index + 1);
        out.setMore(index + 1 < groups.size());
        return true;
    }

    /** {@code http_auth_bearer(header)}: the value after "Bearer" in the first value of that header. */
    private boolean namedBearer(TrafficView traffic, Sample out) {
        int line = firstLine(traffic, argument);
        if (line < 0) {
            // HAProxy gives an empty string when the header is missing or is not a bearer token
            out.setString("");
            return true;
        }
        CharSequence value = traffic.requestHeaderValue(line);
        int end = firstValueEnd(value);
        int space = indexOf(value, ' ', 0, end);
        int type = space < 0 ? end : space;
        int token = skipSpaces(value, type, end);
        if (type == 6 && Chars.regionMatches(value, 0, "Bearer", true) && token < end) {
            out.setString(value, token, end);
        } else {
            out.setString("");
        }
        return true;
    }

    private static Scheme scheme(CharSequence value, int length) {
        // strncasecmp over the scheme's length: "Bas" is Basic, "B" too
        if (length <= 5 && prefixIgnoringCase(value, length, "Basic")) {
            return Scheme.BASIC;
        }
        if (length <= 6 && prefixIgnoringCase(value, length, "Bearer")) {
            return Scheme.BEARER;
        }
        return Scheme.NONE;
    }

    private static boolean prefixIgnoringCase(CharSequence value, int length, String name) {
        for (int i = 0; i < length; i++) {
            if (Character.toLowerCase(value.charAt(i)) != Character.toLowerCase(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The Basic credentials base64-decoded into the sample (one character per byte); false when malformed. */
    private static boolean decode(TrafficView traffic, CharSequence value, int start, int end, Sample out) {
        out.setString(value, start, end);
        return BinaryConverters.BASE64_DECODE.convert(traffic, out);
    }

    private static int firstLine(TrafficView traffic, String name) {
        for (int h = 0, headers = traffic.requestHeaderCount(); h < headers; h++) {
            if (Chars.equalsIgnoreCase(traffic.requestHeaderName(h), name)) {
                return h;
            }
        }
        return -1;
    }

    /** Where the line's first comma-separated value ends, blanks before the comma left out. */
    private static int firstValueEnd(CharSequence value) {
        int end = Chars.unquotedSeparator(value, 0, value.length(), false);
        if (end < 0) {
            end = value.length();
        }
        while (end > 0 && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
            end--;
        }
        return end;
    }

    private static int indexOf(CharSequence text, char c, int from, int end) {
        for (int i = from; i < end; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
