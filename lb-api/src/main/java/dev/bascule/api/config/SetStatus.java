package dev.bascule.api.config;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code http-response set-status CODE [reason TEXT]}: the response's status changes; its reason
 * becomes {@code TEXT}, else the usual one for the code.
 *
 * @param status the new status code, 100 to 999
 * @param reason the reason phrase written, if any
 */
public record SetStatus(int status, Optional<String> reason) implements HttpResponseAction {
    public SetStatus {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status: " + status + " (expected: 100-999)");
        }
        requireNonNull(reason, "reason");
    }
}
