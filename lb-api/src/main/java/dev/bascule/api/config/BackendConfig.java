package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A {@code backend} section, or the serving half of a {@code listen} section.
 *
 * @param name     the section's name
 * @param mode     {@code mode}
 * @param balance  {@code balance}
 * @param servers  {@code server} lines
 * @param dispatch {@code dispatch}: the address used when the backend has no server
 * @param timeouts the server-side timeouts in force
 * @param retries  {@code retries}: further connection attempts after a failed one (HAProxy: 3)
 * @param http     {@code http-request}, {@code redirect}, {@code http-response} rules, {@code option forwardfor}
 * @param cookie   {@code cookie}: persistence
 * @param location where the section starts
 * @param healthCheck the check run on servers with {@code check} ({@code option httpchk}...; a TCP connection by default)
 * @param checkTimeout {@code timeout check}: the extra read time a check has once connected
 * @param redispatch {@code option redispatch [interval]}: empty when off; else every how many retries the
 *                 retry goes to another server (-1: the last retry only, HAProxy's default; 0: only when
 *                 the server is down, or at once when the algorithm is not a hash and another server is up)
 * @param reuse    {@code http-reuse}: which requests may take an idle server connection
 * @param tcp      {@code tcp-request content} and {@code tcp-response content} rules
 * @param log      {@code log} targets, which receive the server state messages, and {@code option log-health-checks}
 * @param httpMode {@code option http-keep-alive|http-server-close|httpclose}: the section's HTTP connection
 *                 mode (since 1.1)
 * @param pretendKeepAlive {@code option http-pretend-keepalive}: in a close mode, the request to the server
 *                 does not say {@code Connection: close} (an HTTP/1.0 one says keep-alive), the connection
 *                 still closes after the response (since 1.1)
 * @param abortOnClose {@code option abortonclose}: a client whose side closes while its request waits for a
 *                 connection to the server is aborted then rather than served (since 1.2)
 * @param fullConn {@code fullconn}: the backend load at which servers with {@code minconn} reach their
 *                 {@code maxconn}; 0 when the section does not set it, the runtime then computes HAProxy's
 *                 default (since 1.1)
 * @param serverKeepAlive {@code option srvtcpka} (or {@code tcpka}) with {@code srvtcpka-cnt|idle|intvl}:
 *                 TCP keep-alive on the connections to its servers; empty: off
 * @param allBackups {@code option allbackups}: when no active server is usable, the traffic is
 *                 balanced over every usable backup server instead of going to the first one
 * @param options  the on/off options that change how a server is chosen ({@code persist},
 *                 {@code prefer-last-server}; since 1.2)
 */
public record BackendConfig(String name, ProxyMode mode, BalanceConfig balance, List<ServerConfig> servers,
                            Optional<ServerAddress> dispatch, Timeouts timeouts, int retries,
                            HttpPolicy http, Optional<CookieConfig> cookie, SourceLocation location,
                            HealthCheckConfig healthCheck, Optional<Duration> checkTimeout, OptionalInt redispatch,
                            HttpReuse reuse, TcpPolicy tcp, BackendLogConfig log, HttpConnectionMode httpMode,
                            boolean pretendKeepAlive, boolean abortOnClose, int fullConn,
                            Optional<TcpKeepAlive> serverKeepAlive, boolean allBackups,
                            Set<BackendOption> options) {
    /** HAProxy's default {@code retries}. */
    public static final int DEFAULT_RETRIES = 3;

    public BackendConfig {
        requireNonNull(name, "name");
        requireNonNull(mode, "mode");
        requireNonNull(balance, "balance");
        servers = List.copyOf(servers);
        requireNonNull(dispatch, "dispatch");
        requireNonNull(timeouts, "timeouts");
        if (retries < 0) {
            throw new IllegalArgumentException("retries: " + retries + " (expected: >= 0)");
        }
        requireNonNull(http, "http");
        requireNonNull(cookie, "cookie");
        requireNonNull(location, "location");
        requireNonNull(healthCheck, "healthCheck");
        requireNonNull(checkTimeout, "checkTimeout");
        requireNonNull(redispatch, "redispatch");
        requireNonNull(reuse, "reuse");
        requireNonNull(tcp, "tcp");
        requireNonNull(log, "log");
        requireNonNull(httpMode, "httpMode");
        if (fullConn < 0) {
            throw new IllegalArgumentException("fullConn: " + fullConn + " (expected: >= 0)");
        }
        requireNonNull(serverKeepAlive, "serverKeepAlive");
        options = options.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(options));
    }

    /** A backend without {@link BackendOption}s (the record of API 1.1). */
    public BackendConfig(String name, ProxyMode mode, BalanceConfig balance, List<ServerConfig> servers,
                         Optional<ServerAddress> dispatch, Timeouts timeouts, int retries, HttpPolicy http,
                         Optional<CookieConfig> cookie, SourceLocation location, HealthCheckConfig healthCheck,
                         Optional<Duration> checkTimeout, OptionalInt redispatch, HttpReuse reuse, TcpPolicy tcp,
                         BackendLogConfig log, HttpConnectionMode httpMode, boolean pretendKeepAlive,
                         boolean abortOnClose, int fullConn, Optional<TcpKeepAlive> serverKeepAlive,
                         boolean allBackups) {
        this(name, mode, balance, servers, dispatch, timeouts, retries, http, cookie, location, healthCheck,
                checkTimeout, redispatch, reuse, tcp, log, httpMode, pretendKeepAlive, abortOnClose, fullConn,
                serverKeepAlive, allBackups, Set.of());
    }

    /** A backend without TCP keep-alive on its server connections nor {@code option allbackups}. */
    public BackendConfig(String name, ProxyMode mode, BalanceConfig balance, List<ServerConfig> servers,
                         Optional<ServerAddress> dispatch, Timeouts timeouts, int retries, HttpPolicy http,
                         Optional<CookieConfig> cookie, SourceLocation location, HealthCheckConfig healthCheck,
                         Optional<Duration> checkTimeout, OptionalInt redispatch, HttpReuse reuse, TcpPolicy tcp,
                         BackendLogConfig log, HttpConnectionMode httpMode, boolean pretendKeepAlive,
                         boolean abortOnClose, int fullConn) {
        this(name, mode, balance, servers, dispatch, timeouts, retries, http, cookie, location, healthCheck,
                checkTimeout, redispatch, reuse, tcp, log, httpMode, pretendKeepAlive, abortOnClose, fullConn,
                Optional.empty(), false);
    }

    /** A backend without {@code option abortonclose} nor {@code fullconn}, with TCP keep-alive and allbackups. */
    public BackendConfig(String name, ProxyMode mode, BalanceConfig balance, List<ServerConfig> servers,
                         Optional<ServerAddress> dispatch, Timeouts timeouts, int retries, HttpPolicy http,
                         Optional<CookieConfig> cookie, SourceLocation location, HealthCheckConfig healthCheck,
                         Optional<Duration> checkTimeout, OptionalInt redispatch, HttpReuse reuse, TcpPolicy tcp,
                         BackendLogConfig log, HttpConnectionMode httpMode, boolean pretendKeepAlive,
                         Optional<TcpKeepAlive> serverKeepAlive, boolean allBackups) {
        this(name, mode, balance, servers, dispatch, timeouts, retries, http, cookie, location, healthCheck,
                checkTimeout, redispatch, reuse, tcp, log, httpMode, pretendKeepAlive, false, 0, serverKeepAlive,
                allBackups);
    }

    /** A backend without {@code fullconn}. */
    public BackendConfig(String name, ProxyMode mode, BalanceConfig balance, List<ServerConfig> servers,
                         Optional<ServerAddress> dispatch, Timeouts timeouts, int retries, HttpPolicy http,
                         Optional<CookieConfig> cookie, SourceLocation location, HealthCheckConfig healthCheck,
                         Optional<Duration> checkTimeout, OptionalInt redispatch, HttpReuse reuse, TcpPolicy tcp,
                         BackendLogConfig log, HttpConnectionMode httpMode, boolean pretendKeepAlive,
                         boolean abortOnClose) {
        this(name, mode, balance, servers, dispatch, timeouts, retries, http, cookie, location, healthCheck,
                checkTimeout, redispatch, reuse, tcp, log, httpMode, pretendKeepAlive, abortOnClose, 0);
    }

    /** A backend without {@code option abortonclose}, with {@code fullconn}. */
    public BackendConfig(String name, ProxyMode mode, BalanceConfig balance, List<ServerConfig> servers,
                         Optional<ServerAddress> dispatch, Timeouts timeouts, int retries, HttpPolicy http,
                         Optional<CookieConfig> cookie, SourceLocation location, HealthCheckConfig healthCheck,
                         Optional<Duration> checkTimeout, OptionalInt redispatch, HttpReuse reuse, TcpPolicy tcp,
                         BackendLogConfig log, HttpConnectionMode httpMode, boolean pretendKeepAlive, int fullConn) {
        this(name, mode, balance, servers, dispatch, timeouts, retries, http, cookie, location, healthCheck,
                checkTimeout, redispatch, reuse, tcp, log, httpMode, pretendKeepAlive, false, fullConn);
    }

    /** A backend without {@code option abortonclose} (the record of API 1.1). */
    public BackendConfig(String name, ProxyMode mode, BalanceConfig balance, List<ServerConfig> servers,
                         Optional<ServerAddress> dispatch, Timeouts timeouts, int retries, HttpPolicy http,
                         Optional<CookieConfig> cookie, SourceLocation location, HealthCheckConfig healthCheck,
                         Optional<Duration> checkTimeout, OptionalInt redispatch, HttpReuse reuse, TcpPolicy tcp,
                         BackendLogConfig log, HttpConnectionMode httpMode, boolean pretendKeepAlive) {
        this(name, mode, balance, servers, dispatch, timeouts, retries, http, cookie, location, healthCheck,
                checkTimeout, redispatch, reuse, tcp, log, httpMode, pretendKeepAlive, false);
    }

    /** A backend in HAProxy's default connection mode, keep-alive. */
    public BackendConfig(String name, ProxyMode mode, BalanceConfig balance, List<ServerConfig> servers,
                         Optional<ServerAddress> dispatch, Timeouts timeouts, int retries, HttpPolicy http,
                         Optional<CookieConfig> cookie, SourceLocation location, HealthCheckConfig healthCheck,
                         Optional<Duration> checkTimeout, OptionalInt redispatch, HttpReuse reuse, TcpPolicy tcp,
                         BackendLogConfig log) {
        this(name, mode, balance, servers, dispatch, timeouts, retries, http, cookie, location, healthCheck,
                checkTimeout, redispatch, reuse, tcp, log, HttpConnectionMode.KEEP_ALIVE, false, false);
    }

    /** A backend that logs no server state messages. */
    public BackendConfig(String name, ProxyMode mode, BalanceConfig balance, List<ServerConfig> servers,
                         Optional<ServerAddress> dispatch, Timeouts timeouts, int retries, HttpPolicy http,
                         Optional<CookieConfig> cookie, SourceLocation location, HealthCheckConfig healthCheck,
                         Optional<Duration> checkTimeout, OptionalInt redispatch, HttpReuse reuse, TcpPolicy tcp) {
        this(name, mode, balance, servers, dispatch, timeouts, retries, http, cookie, location, healthCheck,
                checkTimeout, redispatch, reuse, tcp, BackendLogConfig.NONE);
    }

    /** A backend without tcp-request or tcp-response rules. */
    public BackendConfig(String name, ProxyMode mode, BalanceConfig balance, List<ServerConfig> servers,
                         Optional<ServerAddress> dispatch, Timeouts timeouts, int retries, HttpPolicy http,
                         Optional<CookieConfig> cookie, SourceLocation location, HealthCheckConfig healthCheck,
                         Optional<Duration> checkTimeout, OptionalInt redispatch, HttpReuse reuse) {
        this(name, mode, balance, servers, dispatch, timeouts, retries, http, cookie, location, healthCheck,
                checkTimeout, redispatch, reuse, TcpPolicy.NONE);
    }

    /** A backend without rules or cookie, with the default TCP check, no {@code timeout check} or redispatch. */
    public BackendConfig(String name, ProxyMode mode, BalanceConfig balance, List<ServerConfig> servers,
                         Optional<ServerAddress> dispatch, Timeouts timeouts, int retries, SourceLocation location) {
        this(name, mode, balance, servers, dispatch, timeouts, retries, HttpPolicy.NONE, Optional.empty(), location);
    }

    /** A backend with the default TCP check, no {@code timeout check}, no {@code option redispatch}. */
    public BackendConfig(String name, ProxyMode mode, BalanceConfig balance, List<ServerConfig> servers,
                         Optional<ServerAddress> dispatch, Timeouts timeouts, int retries, HttpPolicy http,
                         Optional<CookieConfig> cookie, SourceLocation location) {
        this(name, mode, balance, servers, dispatch, timeouts, retries, http, cookie, location,
                HealthCheckConfig.tcpConnect(location), Optional.empty(), OptionalInt.empty(), HttpReuse.SAFE);
    }
}
