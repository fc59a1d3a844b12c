package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

/**
 * The address of a server as written ({@code 10.0.0.1:8080}, {@code app.local:80}); the core
 * resolves host names once, when it compiles the configuration.
 *
 * @param host an IP literal or a host name
 * @param port 1-65535
 */
public record ServerAddress(String host, int port) {
    public ServerAddress {
        requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
