package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

/**
 * The address of a server as written ({@code 10.0.0.1:8080}, {@code app.local:80}); the core
 * resolves host names once, when it compiles the configuration.
 *
 * @param host an IP literal or a host name
 * @param port 1-65535, or 0 for a server written without a port: each connection then goes to the
 *             port the client connected to (HAProxy's {@code server s1 10.0.0.1})
 */
public record ServerAddress(String host, int port) {
    public ServerAddress {
        requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535, or 0 for the client's port)");
        }
    }

    /** Whether connections go to the port the client connected to (written without a port). */
    public boolean clientPort() {
        return port == 0;
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
