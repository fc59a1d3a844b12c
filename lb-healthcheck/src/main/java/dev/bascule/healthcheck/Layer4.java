package dev.bascule.healthcheck;

import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;

import java.net.ConnectException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/** How a failed connection reads in HAProxy's words. */
final class Layer4 {
    /** The errors of a {@code connect()} that fails at once, as {@code strerror()} words them. */
    private static final Set<String> SYNCHRONOUS = Set.of("Network is unreachable", "Permission denied",
            "Operation not permitted");

    private Layer4() {
    }

    static CheckResult failed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return new CheckResult(CheckStatus.L4TOUT, "");
        }
        if (cause instanceof javax.net.ssl.SSLException) {
            // the TLS handshake of check-ssl failed: HAProxy's CO_ER_SSL_HANDSHAKE
            boolean closed = "Connection closed during SSL handshake".equals(cause.getMessage());
            return new CheckResult(CheckStatus.L6RSP, closed ? cause.getMessage() : "SSL handshake failure");
        }
        if (cause instanceof ConnectException) {
            return new CheckResult(CheckStatus.L4CON, "Connection refused");
        }
        String message = cause.getMessage();
        if (message == null) {
            return new CheckResult(CheckStatus.L4CON, cause.getClass().getSimpleName());
        }
        // Netty appends the address it tried: "Network is unreachable: /255.255.255.255:11111"
        int annotation = message.indexOf(": /");
        String error = annotation >= 0 ? message.substring(0, annotation) : message;
        if (SYNCHRONOUS.contains(error)) {
            // tcp_connect_server(): connect() itself failed, CO_ER_SOCK_ERR and strerror(errno)
            return new CheckResult(CheckStatus.L4CON, "General socket error (" + error + ")");
        }
        return new CheckResult(CheckStatus.L4CON, message);
    }
}
