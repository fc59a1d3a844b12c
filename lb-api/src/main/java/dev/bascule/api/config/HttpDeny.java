package dev.bascule.api.config;

/**
 * {@code http-request deny} / {@code http-response deny}: answer with the built-in error page of
 * {@code status} and stop.
 *
 * @param status {@code deny_status}, 403 by default
 */
public record HttpDeny(int status) implements HttpCommonAction {
    /** HAProxy's default {@code deny_status}. */
    public static final int DEFAULT_STATUS = 403;

    public HttpDeny {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 200-599)");
        }
    }
}
