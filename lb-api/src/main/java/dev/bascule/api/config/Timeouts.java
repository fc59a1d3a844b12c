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
 * @param tunnel        {@code timeout tunnel}: inactivity in both directions once the connection is a tunnel
 *                      (after a {@code 101} or a {@code CONNECT}'s 2xx in HTTP, once relaying in TCP); it
 *                      replaces {@code client} and {@code server} there (since 1.2)
 * @param clientFin     {@code timeout client-fin}: client-side inactivity once the client's side is half-closed
 *                      (since 1.2)
 * @param serverFin     {@code timeout server-fin}: server-side inactivity once the server's side is half-closed
 *                      (since 1.2)
 * @param queue         {@code timeout queue}: the longest wait in a server or backend queue; as set, the
 *                      fallback on {@code connect} is the runtime's
 */
public record Timeouts(Optional<Duration> connect, Optional<Duration> client, Optional<Duration> server,
                       Optional<Duration> httpRequest, Optional<Duration> httpKeepAlive, Optional<Duration> tunnel,
                       Optional<Duration> clientFin, Optional<Duration> serverFin, Optional<Duration> queue) {
    public Timeouts {
        requireNonNull(connect, "connect");
        requireNonNull(client, "client");
        requireNonNull(server, "server");
        requireNonNull(httpRequest, "httpRequest");
        requireNonNull(httpKeepAlive, "httpKeepAlive");
        requireNonNull(tunnel, "tunnel");
        requireNonNull(clientFin, "clientFin");
        requireNonNull(serverFin, "serverFin");
        requireNonNull(queue, "queue");
    }

    /** Without the tunnel and half-close timeouts nor {@code timeout queue} (the record of API 1.0 and 1.1). */
    public Timeouts(Optional<Duration> connect, Optional<Duration> client, Optional<Duration> server,
                    Optional<Duration> httpRequest, Optional<Duration> httpKeepAlive) {
        this(connect, client, server, httpRequest, httpKeepAlive, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** Without {@code timeout queue}. */
    public Timeouts(Optional<Duration> connect, Optional<Duration> client, Optional<Duration> server,
                    Optional<Duration> httpRequest, Optional<Duration> httpKeepAlive, Optional<Duration> tunnel,
                    Optional<Duration> clientFin, Optional<Duration> serverFin) {
        this(connect, client, server, httpRequest, httpKeepAlive, tunnel, clientFin, serverFin, Optional.empty());
    }

    /** With {@code timeout queue}, without the tunnel and half-close timeouts. */
    public Timeouts(Optional<Duration> connect, Optional<Duration> client, Optional<Duration> server,
                    Optional<Duration> httpRequest, Optional<Duration> httpKeepAlive, Optional<Duration> queue) {
        this(connect, client, server, httpRequest, httpKeepAlive, Optional.empty(), Optional.empty(), Optional.empty(),
                queue);
    }

    /** No timeout set. */
    public static Timeouts none() {
        return new Timeouts(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
