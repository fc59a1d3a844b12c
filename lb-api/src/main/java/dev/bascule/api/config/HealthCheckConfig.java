package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The check a backend runs on its servers that have {@code check}: the name of a health-check
 * plugin and the arguments the loader prepared for it.
 *
 * @param type      the {@link dev.bascule.api.check.HealthCheckFactory#name()}: {@code tcp-connect}, {@code httpchk}
 * @param arguments the factory's arguments
 * @param location  the line that chose the check ({@code option httpchk}), or the section's first line
 * @param disableOn404 {@code http-check disable-on-404}: a server UP whose HTTP check answers 404 stops
 *                  taking load-balanced traffic (NOLB) until a check passes again; only with {@code option httpchk}
 */
public record HealthCheckConfig(String type, List<String> arguments, SourceLocation location, boolean disableOn404) {
    /** HAProxy's default: a TCP connection. */
    public static final String TCP_CONNECT = "tcp-connect";

    public HealthCheckConfig {
        requireNonNull(type, "type");
        arguments = List.copyOf(arguments);
        requireNonNull(location, "location");
    }

    /** A check without {@code http-check disable-on-404}. */
    public HealthCheckConfig(String type, List<String> arguments, SourceLocation location) {
        this(type, arguments, location, false);
    }

    /** The default check: a TCP connection. */
    public static HealthCheckConfig tcpConnect(SourceLocation location) {
        return new HealthCheckConfig(TCP_CONNECT, List.of(), location);
    }
}
