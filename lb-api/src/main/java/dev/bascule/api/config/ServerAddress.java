package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

/**
 * The address of a server as written ({@code 10.0.0.1:8080}, {@code app.local:80},
 * {@code /run/app.sock}); the core resolves host names once, when it compiles the configuration.
 *
 * @param host     an IP literal or a host name; {@code unix} for a UNIX socket, as HAProxy shows it
 * @param port     1-65535, or 0 for a server written without a port: each connection then goes to
 *                 the port the client connected to (HAProxy's {@code server s1 10.0.0.1}); 0 for a
 *                 UNIX socket
 * @param unixPath the path of a UNIX stream socket ({@code /path}, {@code unix@path}); empty for an
 *                 IP server
 */
public record ServerAddress(String host, int port, java.util.Optional<String> unixPath) {
    public ServerAddress {
        requireNonNull(host, "host");
        requireNonNull(unixPath, "unixPath");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535, or 0 for the client's port)");
        }
        if (unixPath.isPresent() && port != 0) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0 for a UNIX socket)");
        }
    }

    /** An IP server. */
    public ServerAddress(String host, int port) {
        this(host, port, java.util.Optional.empty());
    }

    /** A server listening on the UNIX stream socket at {@code path}. */
    public static ServerAddress unix(String path) {
        return new ServerAddress("unix", 0, java.util.Optional.of(path));
    }

    /** Whether connections go to the port the client connected to (written without a port). */
    public boolean clientPort() {
        return port == 0 && unixPath.isEmpty();
    }

    @Override
    public String toString() {
        if (unixPath.isPresent()) {
            return unixPath.get();
        }
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
