package dev.bascule.api.config;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A {@code server} line of a backend.
 *
 * @param name     the server's name, unique in its backend
 * @param address  where it listens
 * @param weight   {@code weight}: 0-256, 1 by default; 0 takes the server out of the rotation
 * @param cookie   {@code cookie}: the value of the backend's persistence cookie that designates it
 * @param location where the line is
 * @param check    {@code check}, {@code inter}, {@code rise}, {@code fall}...: its health-check settings
 * @param backup   {@code backup}: serves only when no active server is up
 * @param poolMaxConn {@code pool-max-conn}: how many idle connections to it are kept for reuse, -1
 *                 for no limit (HAProxy's default), 0 for none
 * @param resolution {@code init-addr}, {@code resolvers}, {@code resolve-prefer}...: how its host name
 *                 becomes an address at start-up and at run time
 * @param maxConn  {@code maxconn}: the most concurrent streams it serves, the others wait in a queue;
 *                 0 for no limit (HAProxy's default)
 * @param maxQueue {@code maxqueue}: the most streams waiting in its own queue, 0 for no limit
 * @param minConn  {@code minconn}: the limit while the backend is below {@code fullconn} (HAProxy's
 *                 dynamic limit); equal to {@code maxConn} when the line does not set it
 * @param slowStart {@code slowstart}: after the server comes back UP, the time over which its
 *                 effective weight grows from 1/16 to all of its weight (whole seconds); zero for none
 * @param disabled {@code disabled}: the server starts in maintenance (as after {@code disable
 *                 server}), out of the rotation and unchecked until {@code enable server}
 * @param id       {@code id}: the server's id in its backend (statistics, consistent hashing...), 0 for
 *                 HAProxy's automatic one (the first free id from the server's position)
 * @param reactions {@code on-marked-down}, {@code on-marked-up}, {@code observe}, {@code error-limit},
 *                 {@code on-error}: what its state changes and traffic errors do
 * @param sendProxy {@code send-proxy}, {@code send-proxy-v2}: the PROXY protocol header written first on
 *                 each connection to it (not on health checks)
 * @param agent    {@code agent-check}, {@code agent-port}, {@code agent-addr}, {@code agent-inter},
 *                 {@code agent-send}: its agent check, {@link ServerAgent#NONE} for none
 * @param tls      {@code ssl}, {@code verify}, {@code ca-file}, {@code sni}, {@code check-ssl}...: TLS to
 *                 the server and to its checks, {@link ServerTls#NONE} for none
 * @param proxyV2  {@code proxy-v2-options}, {@code send-proxy-v2-ssl[-cn]}: the TLVs of its v2 PROXY
 *                 headers, {@link ProxyV2Options#NONE} for none
 */
public record ServerConfig(String name, ServerAddress address, int weight, Optional<String> cookie,
                           SourceLocation location, ServerCheck check, boolean backup, int poolMaxConn,
                           ServerResolution resolution, int maxConn, int maxQueue, int minConn,
                           Duration slowStart, boolean disabled, int id, ServerReactions reactions,
                           ProxyProtocol sendProxy, ServerAgent agent, ServerTls tls, ProxyV2Options proxyV2) {
    /** HAProxy's default server weight. */
    public static final int DEFAULT_WEIGHT = 1;
    /** HAProxy's largest server weight. */
    public static final int MAX_WEIGHT = 256;

    public ServerConfig {
        requireNonNull(name, "name");
        requireNonNull(address, "address");
        requireNonNull(cookie, "cookie");
        requireNonNull(location, "location");
        requireNonNull(check, "check");
        requireNonNull(resolution, "resolution");
        if (weight < 0 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: 0-" + MAX_WEIGHT + ")");
        }
        if (poolMaxConn < -1) {
            throw new IllegalArgumentException("poolMaxConn: " + poolMaxConn + " (expected: -1 or more)");
        }
        if (maxConn < 0 || maxQueue < 0 || minConn < 0 || minConn > maxConn) {
            throw new IllegalArgumentException("maxConn " + maxConn + ", maxQueue " + maxQueue + ", minConn "
                    + minConn + " (expected: >= 0, minConn <= maxConn)");
        }
        requireNonNull(slowStart, "slowStart");
        requireNonNull(reactions, "reactions");
        requireNonNull(sendProxy, "sendProxy");
        requireNonNull(agent, "agent");
        requireNonNull(tls, "tls");
        requireNonNull(proxyV2, "proxyV2");
        if (id < 0) {
            throw new IllegalArgumentException("id: " + id + " (expected: 0 for automatic, or above)");
        }
        if (slowStart.isNegative() || slowStart.getNano() != 0) {
            throw new IllegalArgumentException("slowStart: " + slowStart + " (expected: whole seconds, 0 or more)");
        }
    }

    /** A server without PROXY v2 options. */
    public ServerConfig(String name, ServerAddress address, int weight, Optional<String> cookie,
                        SourceLocation location, ServerCheck check, boolean backup, int poolMaxConn,
                        ServerResolution resolution, int maxConn, int maxQueue, int minConn,
                        Duration slowStart, boolean disabled, int id, ServerReactions reactions,
                        ProxyProtocol sendProxy, ServerAgent agent, ServerTls tls) {
        this(name, address, weight, cookie, location, check, backup, poolMaxConn, resolution, maxConn, maxQueue,
                minConn, slowStart, disabled, id, reactions, sendProxy, agent, tls, ProxyV2Options.NONE);
    }

    /** A server without TLS (the record of API 1.3). */
    public ServerConfig(String name, ServerAddress address, int weight, Optional<String> cookie,
                        SourceLocation location, ServerCheck check, boolean backup, int poolMaxConn,
                        ServerResolution resolution, int maxConn, int maxQueue, int minConn,
                        Duration slowStart, boolean disabled, int id, ServerReactions reactions,
                        ProxyProtocol sendProxy, ServerAgent agent) {
        this(name, address, weight, cookie, location, check, backup, poolMaxConn, resolution, maxConn, maxQueue,
                minConn, slowStart, disabled, id, reactions, sendProxy, agent, ServerTls.NONE);
    }

    /** A server without agent check (the record of API 1.1). */
    public ServerConfig(String name, ServerAddress address, int weight, Optional<String> cookie,
                        SourceLocation location, ServerCheck check, boolean backup, int poolMaxConn,
                        ServerResolution resolution, int maxConn, int maxQueue, int minConn,
                        Duration slowStart, boolean disabled, int id, ServerReactions reactions,
                        ProxyProtocol sendProxy) {
        this(name, address, weight, cookie, location, check, backup, poolMaxConn, resolution, maxConn, maxQueue,
                minConn, slowStart, disabled, id, reactions, sendProxy, ServerAgent.NONE);
    }

    /** A server that sends no PROXY protocol header. */
    public ServerConfig(String name, ServerAddress address, int weight, Optional<String> cookie,
                        SourceLocation location, ServerCheck check, boolean backup, int poolMaxConn,
                        ServerResolution resolution, int maxConn, int maxQueue, int minConn,
                        Duration slowStart, boolean disabled, int id, ServerReactions reactions) {
        this(name, address, weight, cookie, location, check, backup, poolMaxConn, resolution, maxConn, maxQueue,
                minConn, slowStart, disabled, id, reactions, ProxyProtocol.NONE);
    }

    /** A server without {@code on-marked-down}, {@code on-marked-up}, {@code observe}... */
    public ServerConfig(String name, ServerAddress address, int weight, Optional<String> cookie,
                        SourceLocation location, ServerCheck check, boolean backup, int poolMaxConn,
                        ServerResolution resolution, int maxConn, int maxQueue, int minConn,
                        Duration slowStart, boolean disabled, int id) {
        this(name, address, weight, cookie, location, check, backup, poolMaxConn, resolution, maxConn, maxQueue,
                minConn, slowStart, disabled, id, ServerReactions.DEFAULT);
    }

    /** A server without {@code slowstart}, {@code disabled} nor {@code id}. */
    public ServerConfig(String name, ServerAddress address, int weight, Optional<String> cookie,
                        SourceLocation location, ServerCheck check, boolean backup, int poolMaxConn,
                        ServerResolution resolution, int maxConn, int maxQueue, int minConn) {
        this(name, address, weight, cookie, location, check, backup, poolMaxConn, resolution, maxConn, maxQueue,
                minConn, Duration.ZERO, false, 0);
    }

    /** A server resolved once at start-up, without connection limit, with {@code slowstart}, {@code disabled}, {@code id}. */
    public ServerConfig(String name, ServerAddress address, int weight, Optional<String> cookie,
                        SourceLocation location, ServerCheck check, boolean backup, int poolMaxConn,
                        Duration slowStart, boolean disabled, int id) {
        this(name, address, weight, cookie, location, check, backup, poolMaxConn, ServerResolution.DEFAULT, 0, 0, 0,
                slowStart, disabled, id);
    }

    /** A server without connection limit ({@code maxconn}, HAProxy's default). */
    public ServerConfig(String name, ServerAddress address, int weight, Optional<String> cookie,
                        SourceLocation location, ServerCheck check, boolean backup, int poolMaxConn,
                        ServerResolution resolution) {
        this(name, address, weight, cookie, location, check, backup, poolMaxConn, resolution, 0, 0, 0);
    }

    /** A server whose address is resolved once at start-up (HAProxy's {@code init-addr last,libc}). */
    public ServerConfig(String name, ServerAddress address, int weight, Optional<String> cookie,
                        SourceLocation location, ServerCheck check, boolean backup, int poolMaxConn,
                        int maxConn, int maxQueue, int minConn) {
        this(name, address, weight, cookie, location, check, backup, poolMaxConn, ServerResolution.DEFAULT,
                maxConn, maxQueue, minConn);
    }

    /** A server resolved once at start-up, without connection limit. */
    public ServerConfig(String name, ServerAddress address, int weight, Optional<String> cookie,
                        SourceLocation location, ServerCheck check, boolean backup, int poolMaxConn) {
        this(name, address, weight, cookie, location, check, backup, poolMaxConn, ServerResolution.DEFAULT);
    }

    /** A server whose idle connections are not limited ({@code pool-max-conn -1}, HAProxy's default). */
    public ServerConfig(String name, ServerAddress address, int weight, Optional<String> cookie,
                        SourceLocation location, ServerCheck check, boolean backup) {
        this(name, address, weight, cookie, location, check, backup, -1);
    }

    /** An active server without health check. */
    public ServerConfig(String name, ServerAddress address, int weight, SourceLocation location) {
        this(name, address, weight, Optional.empty(), location, ServerCheck.disabled(), false);
    }

    /** An active server without health check, designated by a cookie value. */
    public ServerConfig(String name, ServerAddress address, int weight, Optional<String> cookie,
                        SourceLocation location) {
        this(name, address, weight, cookie, location, ServerCheck.disabled(), false);
    }
}
