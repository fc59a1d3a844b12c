package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A {@code frontend} section, or the accepting half of a {@code listen} section (whose default
 * backend is then the listen section itself).
 *
 * @param name             the section's name
 * @param mode             {@code mode}
 * @param binds            {@code bind} lines
 * @param timeouts         the client-side timeouts in force
 * @param http             {@code http-request}, {@code redirect}, {@code http-response} rules, {@code option forwardfor}
 * @param useBackendRules  {@code use_backend} lines, in order
 * @param defaultBackend   {@code default_backend}
 * @param location         where the section starts
 * @param log              what it logs, and where
 * @param maxConnections   {@code maxconn}: concurrent client connections it serves; empty: the global limit only
 * @param tcp              {@code tcp-request} and {@code tcp-response} rules
 * @param httpMode         {@code option http-keep-alive|http-server-close|httpclose}: the section's HTTP
 *                         connection mode (since 1.1)
 * @param abortOnClose     {@code option abortonclose} as the frontend has it: from its defaults section, or its
 *                         own in a listen section (a frontend section's own line is ignored); HAProxy 2.6
 *                         aborts a request whose client closes while waiting for a connection only when
 *                         both the frontend and the backend have it (since 1.2)
 * @param clientKeepAlive  {@code option clitcpka} (or {@code tcpka}) with {@code clitcpka-cnt|idle|intvl}:
 *                         TCP keep-alive on the connections it accepts; empty: off
 * @param options          its on/off options ({@code http-use-proxy-header}; since 1.2)
 */
public record FrontendConfig(String name, ProxyMode mode, List<BindConfig> binds, Timeouts timeouts,
                             HttpPolicy http, List<UseBackendRule> useBackendRules,
                             Optional<String> defaultBackend, SourceLocation location, LogSettings log,
                             OptionalInt maxConnections, TcpPolicy tcp, HttpConnectionMode httpMode,
                             boolean abortOnClose, Optional<TcpKeepAlive> clientKeepAlive,
                             Set<FrontendOption> options) {
    public FrontendConfig {
        requireNonNull(name, "name");
        requireNonNull(mode, "mode");
        binds = List.copyOf(binds);
        requireNonNull(timeouts, "timeouts");
        requireNonNull(http, "http");
        useBackendRules = List.copyOf(useBackendRules);
        requireNonNull(defaultBackend, "defaultBackend");
        requireNonNull(location, "location");
        requireNonNull(log, "log");
        requireNonNull(maxConnections, "maxConnections");
        requireNonNull(tcp, "tcp");
        requireNonNull(httpMode, "httpMode");
        requireNonNull(clientKeepAlive, "clientKeepAlive");
        options = options.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(options));
    }

    /** A frontend without {@link FrontendOption}s (the record of API 1.1). */
    public FrontendConfig(String name, ProxyMode mode, List<BindConfig> binds, Timeouts timeouts, HttpPolicy http,
                          List<UseBackendRule> useBackendRules, Optional<String> defaultBackend,
                          SourceLocation location, LogSettings log, OptionalInt maxConnections, TcpPolicy tcp,
                          HttpConnectionMode httpMode, boolean abortOnClose, Optional<TcpKeepAlive> clientKeepAlive) {
        this(name, mode, binds, timeouts, http, useBackendRules, defaultBackend, location, log, maxConnections, tcp,
                httpMode, abortOnClose, clientKeepAlive, Set.of());
    }

    /** A frontend without TCP keep-alive on its connections. */
    public FrontendConfig(String name, ProxyMode mode, List<BindConfig> binds, Timeouts timeouts, HttpPolicy http,
                          List<UseBackendRule> useBackendRules, Optional<String> defaultBackend,
                          SourceLocation location, LogSettings log, OptionalInt maxConnections, TcpPolicy tcp,
                          HttpConnectionMode httpMode, boolean abortOnClose) {
        this(name, mode, binds, timeouts, http, useBackendRules, defaultBackend, location, log, maxConnections, tcp,
                httpMode, abortOnClose, Optional.empty());
    }

    /** A frontend without {@code option abortonclose}. */
    public FrontendConfig(String name, ProxyMode mode, List<BindConfig> binds, Timeouts timeouts, HttpPolicy http,
                          List<UseBackendRule> useBackendRules, Optional<String> defaultBackend,
                          SourceLocation location, LogSettings log, OptionalInt maxConnections, TcpPolicy tcp,
                          HttpConnectionMode httpMode, Optional<TcpKeepAlive> clientKeepAlive) {
        this(name, mode, binds, timeouts, http, useBackendRules, defaultBackend, location, log, maxConnections, tcp,
                httpMode, false, clientKeepAlive);
    }

    /** A frontend without {@code option abortonclose} nor TCP keep-alive. */
    public FrontendConfig(String name, ProxyMode mode, List<BindConfig> binds, Timeouts timeouts, HttpPolicy http,
                          List<UseBackendRule> useBackendRules, Optional<String> defaultBackend,
                          SourceLocation location, LogSettings log, OptionalInt maxConnections, TcpPolicy tcp,
                          HttpConnectionMode httpMode) {
        this(name, mode, binds, timeouts, http, useBackendRules, defaultBackend, location, log, maxConnections, tcp,
                httpMode, false, Optional.empty());
    }

    /** A frontend in HAProxy's default connection mode, keep-alive. */
    public FrontendConfig(String name, ProxyMode mode, List<BindConfig> binds, Timeouts timeouts, HttpPolicy http,
                          List<UseBackendRule> useBackendRules, Optional<String> defaultBackend,
                          SourceLocation location, LogSettings log, OptionalInt maxConnections, TcpPolicy tcp) {
        this(name, mode, binds, timeouts, http, useBackendRules, defaultBackend, location, log, maxConnections, tcp,
                HttpConnectionMode.KEEP_ALIVE);
    }

    /** A frontend without tcp-request rules. */
    public FrontendConfig(String name, ProxyMode mode, List<BindConfig> binds, Timeouts timeouts, HttpPolicy http,
                          List<UseBackendRule> useBackendRules, Optional<String> defaultBackend,
                          SourceLocation location, LogSettings log, OptionalInt maxConnections) {
        this(name, mode, binds, timeouts, http, useBackendRules, defaultBackend, location, log, maxConnections,
                TcpPolicy.NONE);
    }

    /** A frontend that does not log. */
    public FrontendConfig(String name, ProxyMode mode, List<BindConfig> binds, Timeouts timeouts, HttpPolicy http,
                          List<UseBackendRule> useBackendRules, Optional<String> defaultBackend,
                          SourceLocation location) {
        this(name, mode, binds, timeouts, http, useBackendRules, defaultBackend, location, LogSettings.none(),
                OptionalInt.empty());
    }
}
