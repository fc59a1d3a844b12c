package dev.bascule.healthcheck;

import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/** How a failed connection reads in HAProxy's words. */
final class Layer4 {
    private Layer4() {
    }

    static CheckResult failed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return new CheckResult(CheckStatus.L4TOUT, "");
        }
        if (cause instanceof ConnectException) {
            return new CheckResult(CheckStatus.L4CON, "Connection refused");
        }
        String message = cause.getMessage();
        return new CheckResult(CheckStatus.L4CON, message == null ? cause.getClass().getSimpleName() : message);
    }
}
