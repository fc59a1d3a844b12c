package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.ServerAddress;
import dev.bascule.api.config.ServerCheck;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.config.SourceLocation;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the options of a {@code server} line set, starting from its section's
 * {@code default-server} ones (HAProxy's {@code defsrv}). Each option's parser (see
 * {@link ServerOptionTable}) fills its own fields. Fields hold immutable values, so that
 * {@link #copy()} can be a shallow copy: a mutable field must be copied there.
 */
final class ServerSettings implements Cloneable {
    int weight = ServerConfig.DEFAULT_WEIGHT;
    boolean check;
    Duration inter = ServerCheck.DEFAULT_INTER;
    Duration fastInter;
    Duration downInter;
    int rise = ServerCheck.DEFAULT_RISE;
    int fall = ServerCheck.DEFAULT_FALL;
    int port;
    String address;
    boolean backup;
    /** {@code cookie VALUE}. */
    String cookie;
    /** {@code pool-max-conn N}: -1 for no limit. */
    int poolMaxConn = -1;

    ServerSettings copy() {
        try {
            return (ServerSettings) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** The server of a {@code server} line with these settings. */
    ServerConfig toServer(String name, ServerAddress address, SourceLocation location) {
        return new ServerConfig(name, address, weight, Optional.ofNullable(cookie), location, toCheck(), backup,
                poolMaxConn);
    }

    ServerCheck toCheck() {
        return new ServerCheck(check, inter, Optional.ofNullable(fastInter), Optional.ofNullable(downInter), rise,
                fall, port > 0 ? OptionalInt.of(port) : OptionalInt.empty(), Optional.ofNullable(address));
    }
}
