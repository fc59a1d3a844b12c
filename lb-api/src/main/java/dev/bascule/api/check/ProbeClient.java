package dev.bascule.api.check;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A non-blocking client for probes, implemented by the transport. */
public interface ProbeClient {
    /**
     * Connects to {@code address}. The stage fails with {@link java.net.ConnectException} when the
     * server refuses and with {@link java.util.concurrent.TimeoutException} after {@code timeout}.
     */
    CompletionStage<ProbeConnection> connect(InetSocketAddress address, Duration timeout);

    /**
     * Connects to {@code target}: its UNIX socket or its address, then, when it is
     * {@linkplain CheckTarget#encrypted() encrypted}, makes the TLS handshake with its settings before
     * the stage completes. Besides the failures of {@link #connect(InetSocketAddress, Duration)}, the
     * stage fails with {@link javax.net.ssl.SSLException} when the handshake fails (HAProxy's
     * {@code L6RSP}, "SSL handshake failure"). Since API 1.4; a client that only has plain TCP fails
     * the stage for a UNIX socket or TLS target with {@link UnsupportedOperationException}.
     */
    default CompletionStage<ProbeConnection> connect(CheckTarget target, Duration timeout) {
        if (target.unixPath().isEmpty() && !target.encrypted()) {
            return connect(target.address(), timeout);
        }
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "this probe client cannot reach " + (target.encrypted() ? "a TLS server" : "a UNIX socket")));
    }
}
