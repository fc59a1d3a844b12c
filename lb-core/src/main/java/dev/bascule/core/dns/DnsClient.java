package dev.bascule.core.dns;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

/**
 * The port through which name resolution sends DNS queries over UDP; the transport implements it.
 * Non-blocking: the stage completes on a thread of the implementation.
 */
public interface DnsClient extends AutoCloseable {
    /**
     * Sends one query for the A ({@code ipv6} false) or AAAA records of {@code name}.
     *
     * @param payloadSize the EDNS0 UDP payload size to announce, 512 for none
     * @return the answer, or a stage failed with {@link java.util.concurrent.TimeoutException}
     *         when none came within {@code timeoutMillis}
     */
    CompletionStage<DnsAnswer> query(InetSocketAddress nameserver, String name, boolean ipv6, int payloadSize,
                                     long timeoutMillis);

    @Override
    void close();
}
