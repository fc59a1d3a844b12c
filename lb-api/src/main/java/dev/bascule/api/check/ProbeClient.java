package dev.bascule.api.check;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** A non-blocking client for probes, implemented by the transport. */
public interface ProbeClient {
    /**
     * Connects to {@code address}. The stage fails with {@link java.net.ConnectException} when the
     * server refuses and with {@link java.util.concurrent.TimeoutException} after {@code timeout}.
     */
    CompletionStage<ProbeConnection> connect(InetSocketAddress address, Duration timeout);
}
