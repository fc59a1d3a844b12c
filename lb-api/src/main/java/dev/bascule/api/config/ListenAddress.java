package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

/**
 * Where a listener accepts connections: an IP address and port ({@code bind 127.0.0.1:80},
 * {@code bind :80}, {@code bind *:80}), an already-listening socket inherited as a file
 * descriptor ({@code bind fd@5}) or a UNIX socket path.
 */
public sealed interface ListenAddress {

    /**
     * An IP listener.
     *
     * @param host a literal address, or the empty string for every address
     * @param port 1-65535
     */
    record Inet(String host, int port) implements ListenAddress {
        public Inet {
            requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
            }
        }

        /** True when the listener accepts on every local address. */
        public boolean wildcard() {
            return host.isEmpty() || host.equals("*") || host.equals("0.0.0.0") || host.equals("::");
        }

        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * A listening socket inherited from the parent process ({@code fd@N}). It is adopted as it
     * is: never bound, never closed by anyone else.
     */
    record FileDescriptor(int fd) implements ListenAddress {
        public FileDescriptor {
            if (fd < 0) {
                throw new IllegalArgumentException("fd: " + fd + " (expected: >= 0)");
            }
        }

        @Override
        public String toString() {
            return "fd@" + fd;
        }
    }

    /** A UNIX stream socket created at {@code path}. */
    record Unix(String path) implements ListenAddress {
        public Unix {
            requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return path;
        }
    }
}
