package dev.bascule.api.config;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A {@code redirect} or {@code http-request redirect} action.
 *
 * @param type        {@code location}, {@code prefix} or {@code scheme}
 * @param target      the location, prefix or scheme, as written
 * @param code        301, 302, 303, 307 or 308
 * @param dropQuery   {@code drop-query}: the query string is not carried over
 * @param appendSlash {@code append-slash}: a location not ending with '/' gets one
 * @param cookie      the {@code set-cookie} header value sent with it ({@code set-cookie} or
 *                    {@code clear-cookie}, already expanded as HAProxy does)
 * @param format      {@code http-request|http-response redirect}: the target as a log-format
 *                    string, rendered per request, when it holds an expression ({@code %[...]})
 * @param ignoreEmpty {@code ignore-empty}: a location that renders empty skips the rule
 */
public record HttpRedirect(Type type, String target, int code, boolean dropQuery, boolean appendSlash,
                           Optional<String> cookie, Optional<LogFormat> format, boolean ignoreEmpty)
        implements HttpRequestAction, HttpResponseAction {
    /** A redirect to a target written as it is. */
    public HttpRedirect(Type type, String target, int code, boolean dropQuery, boolean appendSlash,
                        Optional<String> cookie) {
        this(type, target, code, dropQuery, appendSlash, cookie, Optional.empty(), false);
    }

    /** The redirect kinds. */
    public enum Type {
        LOCATION, PREFIX, SCHEME
    }

    public HttpRedirect {
        requireNonNull(type, "type");
        requireNonNull(target, "target");
        if (code != 301 && code != 302 && code != 303 && code != 307 && code != 308) {
            throw new IllegalArgumentException("code: " + code + " (expected: 301, 302, 303, 307 or 308)");
        }
        requireNonNull(cookie, "cookie");
        requireNonNull(format, "format");
    }
}
