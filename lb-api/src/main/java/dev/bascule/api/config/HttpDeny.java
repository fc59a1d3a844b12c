package dev.bascule.api.config;

/**
 * {@code http-request deny} / {@code http-response deny}: answer with the built-in error page of
 * {@code status} and stop.
 *
 * @param status {@code deny_status}, 403 by default
 * @param reply  the reply configured on the rule (errorfile, string, hdr...); empty: the proxy's
 *               reply for the status, else the built-in page
 * @param silent the configured reply is empty ({@code errorfile /dev/null}): no reply, the
 *               connection closes
 */
public record HttpDeny(int status, java.util.Optional<HttpRequestAction.Return> reply, boolean silent)
        implements HttpCommonAction {
    /** A deny answered with the proxy's reply for the status. */
    public HttpDeny(int status) {
        this(status, java.util.Optional.empty(), false);
    }

    /** HAProxy's default {@code deny_status}. */
    public static final int DEFAULT_STATUS = 403;

    public HttpDeny {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 200-599)");
        }
    }
}
