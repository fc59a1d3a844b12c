package dev.bascule.api.check;

import static java.util.Objects.requireNonNull;

/**
 * The result of one probe.
 *
 * @param status what happened
 * @param detail HAProxy's {@code info}: {@code "Connection refused"}, the status line received...; may be empty
 */
public record CheckResult(CheckStatus status, String detail) {
    public CheckResult {
        requireNonNull(status, "status");
        requireNonNull(detail, "detail");
    }
}
