package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The {@code global} section (all of them, merged in file order).
 *
 * @param daemon        {@code daemon}: detach from the terminal, as {@code -D} does
 * @param threads       {@code nbthread}: event-loop threads; empty means one per core
 * @param pidFile       {@code pidfile}: where to write the process id
 * @param statsSockets  {@code stats socket} lines
 * @param maxConnections {@code maxconn}: concurrent client connections accepted by the process; empty: no limit
 * @param sslDefaultDhParam {@code tune.ssl.default-dh-param}: the largest Diffie-Hellman
 *                      parameter size in bits for DHE key exchange; empty means HAProxy's default
 *                      (1024 in 2.6)
 * @param log           {@code log}, {@code log-tag}, {@code log-send-hostname}
 * @param variables     {@code set-var}, {@code set-var-fmt}: process-wide variables set at start, in order
 * @param http          {@code tune.bufsize}, {@code tune.maxrewrite}, {@code tune.http.maxhdr}
 * @param process       {@code user}, {@code group}, {@code chroot}, {@code ulimit-n}, {@code spread-checks}...
 * @param serverTls     the {@code ssl-default-server-*} and {@code ssl-server-verify} defaults
 */
public record GlobalConfig(boolean daemon, OptionalInt threads, Optional<String> pidFile,
                           List<StatsSocketConfig> statsSockets, OptionalInt maxConnections,
                           OptionalLong sslDefaultDhParam, GlobalLogConfig log, List<Variable> variables,
                           HttpTuning http, ProcessConfig process,
                           ServerTlsDefaults serverTls) {
    /** A {@code set-var} or {@code set-var-fmt} line and where it is. */
    public record Variable(SetVariable action, SourceLocation location) {
        public Variable {
            requireNonNull(action, "action");
            requireNonNull(location, "location");
        }
    }

    public GlobalConfig {
        requireNonNull(threads, "threads");
        requireNonNull(pidFile, "pidFile");
        statsSockets = List.copyOf(statsSockets);
        requireNonNull(maxConnections, "maxConnections");
        if (maxConnections.isPresent() && maxConnections.getAsInt() < 1) {
            throw new IllegalArgumentException("maxConnections: " + maxConnections.getAsInt() + " (expected: >= 1)");
        }
        requireNonNull(sslDefaultDhParam, "sslDefaultDhParam");
        requireNonNull(log, "log");
        variables = List.copyOf(variables);
        requireNonNull(http, "http");
        requireNonNull(process, "process");
        requireNonNull(serverTls, "serverTls");
    }

    /** A process that keeps its identity, root and limits, with HAProxy's server TLS defaults. */
    public GlobalConfig(boolean daemon, OptionalInt threads, Optional<String> pidFile,
                        List<StatsSocketConfig> statsSockets, OptionalInt maxConnections,
                        OptionalLong sslDefaultDhParam, GlobalLogConfig log, List<Variable> variables,
                        HttpTuning http) {
        this(daemon, threads, pidFile, statsSockets, maxConnections, sslDefaultDhParam, log, variables, http,
                ProcessConfig.DEFAULT, ServerTlsDefaults.DEFAULT);
    }

    /** With HAProxy's default buffer sizes. */
    public GlobalConfig(boolean daemon, OptionalInt threads, Optional<String> pidFile,
                        List<StatsSocketConfig> statsSockets, OptionalInt maxConnections,
                        OptionalLong sslDefaultDhParam, GlobalLogConfig log, List<Variable> variables) {
        this(daemon, threads, pidFile, statsSockets, maxConnections, sslDefaultDhParam, log, variables,
                HttpTuning.DEFAULT);
    }

    /** Without {@code set-var} lines. */
    public GlobalConfig(boolean daemon, OptionalInt threads, Optional<String> pidFile,
                        List<StatsSocketConfig> statsSockets, OptionalInt maxConnections,
                        OptionalLong sslDefaultDhParam, GlobalLogConfig log) {
        this(daemon, threads, pidFile, statsSockets, maxConnections, sslDefaultDhParam, log, List.of());
    }

    /** Without a connection limit, TLS tunables or logging. */
    public GlobalConfig(boolean daemon, OptionalInt threads, Optional<String> pidFile,
                        List<StatsSocketConfig> statsSockets) {
        this(daemon, threads, pidFile, statsSockets, OptionalInt.empty(), OptionalLong.empty(), GlobalLogConfig.none());
    }

    /** The global section of a file that has none. */
    public static GlobalConfig defaults() {
        return new GlobalConfig(false, OptionalInt.empty(), Optional.empty(), List.of());
    }
}
