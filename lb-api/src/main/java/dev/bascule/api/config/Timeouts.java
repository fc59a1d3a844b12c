package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * The {@code timeout} keywords of a proxy. An empty value means the keyword was not set; HAProxy
 * then waits forever, except where a keyword falls back on another ({@code http-request} and
 * {@code http-keep-alive} fall back on {@code client}).
 *
 * @param connect       {@code timeout connect}: to establish a connection to a server
 * @param client        {@code timeout client}: client-side inactivity
 * @param server        {@code timeout server}: server-side inactivity
 * @param httpRequest   {@code timeout http-request}: to receive a complete request head
 * @param httpKeepAlive {@code timeout http-keep-alive}: idle time between two requests
 * @param queue         {@code timeout queue}: the longest wait in a server or backend queue; as set, the
 *                      fallback on {@code connect} is the runtime's
 */
public record Timeouts(Optional<Duration> connect, Optional<Duration> client, Optional<Duration> server,
                       Optional<Duration> httpRequest, Optional<Duration> httpKeepAlive, Optional<Duration> queue) {
    public Timeouts {
        requireNonNull(connect, "connect");
        requireNonNull(client, "client");
        requireNonNull(server, "server");
        requireNonNull(httpRequest, "httpRequest");
        requireNonNull(httpKeepAlive, "httpKeepAlive");
        requireNonNull(queue, "queue");
    }

    /** Timeouts without {@code timeout queue}. */
    public Timeouts(Optional<Duration> connect, Optional<Duration> client, Optional<Duration> server,
                    Optional<Duration> httpRequest, Optional<Duration> httpKeepAlive) {
        this(connect, client, server, httpRequest, httpKeepAlive, Optional.empty());
    }

    /** No timeout set. */
    public static Timeouts none() {
        return new Timeouts(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }
}
