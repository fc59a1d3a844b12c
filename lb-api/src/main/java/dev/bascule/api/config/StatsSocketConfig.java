package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A {@code stats socket} line of the {@code global} section: where the runtime API listens.
 *
 * @param address        where to listen
 * @param level          {@code user}, {@code operator} or {@code admin}
 * @param mode           {@code mode}: the permissions of a UNIX socket file, as an octal number gives them
 * @param owner          {@code user} or {@code uid}: the owner of a UNIX socket file
 * @param group          {@code group} or {@code gid}: the group of a UNIX socket file
 * @param maxConnections {@code maxconn}: this socket's own limit of concurrent connections; empty: none
 * @param timeout        the global {@code stats timeout} (10 seconds by default), the same on every
 *                       socket: how long a connection may stay idle before it is closed
 * @param sharedMaxConnections the global {@code stats maxconn} (10 by default), the same on every
 *                       socket: the connections all stats sockets together serve at a time
 * @param location       where the line is
 */
public record StatsSocketConfig(ListenAddress address, String level, OptionalInt mode, Optional<FileOwner> owner,
                                Optional<FileOwner> group, OptionalInt maxConnections, Duration timeout,
                                int sharedMaxConnections, SourceLocation location) {
    /** HAProxy's default {@code stats timeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** HAProxy's default {@code stats maxconn}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10;

    /** A user or a group, by name ({@code user}, {@code group}) or by number ({@code uid}, {@code gid}). */
    public sealed interface FileOwner {
        /** A name, known to the system when the configuration was read. */
        record Name(String name) implements FileOwner {
            public Name {
                requireNonNull(name, "name");
            }
        }

        /** A number, which the system need not know. */
        record Id(int id) implements FileOwner {
        }
    }

    public StatsSocketConfig {
        requireNonNull(address, "address");
        requireNonNull(level, "level");
        requireNonNull(mode, "mode");
        requireNonNull(owner, "owner");
        requireNonNull(group, "group");
        requireNonNull(maxConnections, "maxConnections");
        requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        if (sharedMaxConnections < 1) {
            throw new IllegalArgumentException("sharedMaxConnections: " + sharedMaxConnections + " (expected: >= 1)");
        }
        requireNonNull(location, "location");
    }

    /** With HAProxy's defaults: no owner, group or limit of its own, the default timeout and shared limit. */
    public StatsSocketConfig(ListenAddress address, String level, OptionalInt mode, SourceLocation location) {
        this(address, level, mode, Optional.empty(), Optional.empty(), OptionalInt.empty(), DEFAULT_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS, location);
    }

    /** This socket under the global {@code stats timeout} and {@code stats maxconn}. */
    public StatsSocketConfig withGlobal(Duration timeout, int sharedMaxConnections) {
        return new StatsSocketConfig(address, level, mode, owner, group, maxConnections, timeout,
                sharedMaxConnections, location);
    }
}
