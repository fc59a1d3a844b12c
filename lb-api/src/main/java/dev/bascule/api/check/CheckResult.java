package dev.bascule.api.check;

import static java.util.Objects.requireNonNull;

/**
 * The result of one probe.
 *
 * @param status what happened
 * @param detail HAProxy's {@code info}: {@code "Connection refused"}, the reason phrase received...; may be empty
 * @param code   the protocol's status code (the HTTP status), -1 when there is none; HAProxy prints it
 *               ({@code code: 503}) for {@link CheckStatus#L7OK}, {@link CheckStatus#L7OKC} and {@link CheckStatus#L7STS}
 */
public record CheckResult(CheckStatus status, String detail, int code) {
    public CheckResult {
        requireNonNull(status, "status");
        requireNonNull(detail, "detail");
    }

    /** A result without a status code. */
    public CheckResult(CheckStatus status, String detail) {
        this(status, detail, -1);
    }
}
