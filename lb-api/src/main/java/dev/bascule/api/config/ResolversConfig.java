package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * A {@code resolvers} section: the DNS servers that resolve the host names of servers which name
 * it ({@code server ... resolvers NAME}), and how often and how patiently.
 *
 * @param name                the section's name
 * @param nameservers         {@code nameserver} lines and those {@code parse-resolv-conf} read, in order
 * @param resolveRetries      {@code resolve_retries}: queries sent before giving up on a resolution (3)
 * @param timeoutResolve      {@code timeout resolve}: the period of the resolvers' task (1s)
 * @param timeoutRetry        {@code timeout retry}: how long a query waits for its answer (1s)
 * @param holdValid           {@code hold valid}: how long a valid answer is used before asking again (10s)
 * @param holdNx              {@code hold nx}: how long after the last valid answer an NXDOMAIN takes the
 *                            servers to maintenance (30s)
 * @param holdOther           {@code hold other}, likewise for other errors (30s)
 * @param holdRefused         {@code hold refused}, likewise for REFUSED (30s)
 * @param holdTimeout         {@code hold timeout}, likewise when no server answered (30s)
 * @param holdObsolete        {@code hold obsolete}: how long a record missing from answers is kept (0)
 * @param acceptedPayloadSize {@code accepted_payload_size}: the EDNS0 UDP size announced (512: no EDNS0)
 * @param location            where the section starts
 */
public record ResolversConfig(String name, List<Nameserver> nameservers, int resolveRetries,
                              Duration timeoutResolve, Duration timeoutRetry, Duration holdValid, Duration holdNx,
                              Duration holdOther, Duration holdRefused, Duration holdTimeout, Duration holdObsolete,
                              int acceptedPayloadSize, SourceLocation location) {
    /** HAProxy's {@code DNS_MAX_UDP_MESSAGE}. */
    public static final int MAX_UDP_MESSAGE = 65535;
    /** HAProxy's default {@code accepted_payload_size}, the classic DNS UDP limit. */
    public static final int DEFAULT_PAYLOAD_SIZE = 512;

    public ResolversConfig {
        requireNonNull(name, "name");
        nameservers = List.copyOf(nameservers);
        requireNonNull(timeoutResolve, "timeoutResolve");
        requireNonNull(timeoutRetry, "timeoutRetry");
        requireNonNull(holdValid, "holdValid");
        requireNonNull(holdNx, "holdNx");
        requireNonNull(holdOther, "holdOther");
        requireNonNull(holdRefused, "holdRefused");
        requireNonNull(holdTimeout, "holdTimeout");
        requireNonNull(holdObsolete, "holdObsolete");
        requireNonNull(location, "location");
    }

    /**
     * A {@code nameserver NAME ADDR:PORT} line (UDP).
     *
     * @param name     its name, which logs show ({@code resolvers/name})
     * @param host     an IP literal
     * @param port     its UDP port
     * @param location where it was declared ({@code /etc/resolv.conf:N} for {@code parse-resolv-conf})
     */
    public record Nameserver(String name, String host, int port, SourceLocation location) {
        public Nameserver {
            requireNonNull(name, "name");
            requireNonNull(host, "host");
            requireNonNull(location, "location");
        }
    }
}
