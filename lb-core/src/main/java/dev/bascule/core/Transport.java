package dev.bascule.core;

import dev.bascule.api.check.ProbeClient;
import dev.bascule.core.dns.DnsClient;
import dev.bascule.core.runtime.ProxyRuntime;

import java.util.function.IntConsumer;

/**
 * The port through which the core reaches the network. A transport module implements it and
 * registers the implementation with {@link java.util.ServiceLoader}; the core never names a
 * networking library.
 */
public interface Transport extends AutoCloseable {
    /** A short description for {@code -vv}: library, version, I/O mechanism. */
    String describe();

    /** A short description of the TLS implementation {@code ssl} listeners use, for {@code -vv}. */
    default String describeTls() {
        return "none";
    }

    /**
     * Opens every listener of the runtime (frontends and stats sockets) and starts serving.
     *
     * @throws TransportException when a listener cannot be opened; nothing stays open then
     */
    void start(ProxyRuntime runtime) throws TransportException;

    /**
     * The non-blocking client health checks probe servers with; usable once {@link #start} has
     * returned, until {@link #close}.
     */
    ProbeClient probeClient();

    /**
     * Runs {@code task} once on each event-loop thread, with the thread's index (0 for the first),
     * and returns when every one has run; for what must be done from the thread itself, such as
     * binding it to CPUs ({@code cpu-map}). Usable once {@link #start} has returned.
     */
    void onEachEventLoop(IntConsumer task);

    /**
     * A new client for the DNS queries of {@code resolvers} sections; the caller closes it. Usable
     * once {@link #start} has returned.
     */
    default DnsClient dnsClient() {
        throw new UnsupportedOperationException(describe() + " cannot send DNS queries");
    }

    /** Closes the listeners; established connections go on. */
    void stopListening();

    /** Connections, client and server side, currently open. */
    int openConnections();

    /** Closes everything and releases the threads. Idempotent. */
    @Override
    void close();

    /** A listener could not be opened. */
    final class TransportException extends Exception {
        private static final long serialVersionUID = 1L;

        public TransportException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
