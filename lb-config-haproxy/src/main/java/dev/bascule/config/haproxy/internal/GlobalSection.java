package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.CpuMap;
import dev.bascule.api.config.GlobalConfig;
import dev.bascule.api.config.GlobalLogConfig;
import dev.bascule.api.config.HttpTuning;
import dev.bascule.api.config.LogTarget;
import dev.bascule.api.config.ProcessConfig;
import dev.bascule.api.config.ServerTlsDefaults;
import dev.bascule.api.config.StatsSocketConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code global} sections as read so far (all of them, merged in file order), which the
 * keyword parsers of each feature fill as {@link ProxySection} is filled for a proxy.
 */
final class GlobalSection {
    boolean daemon;
    OptionalInt maxConnections = OptionalInt.empty();
    OptionalInt threads = OptionalInt.empty();
    String pidFile;
    /** {@code server-state-file} and {@code server-state-base}, null when unset. */
    String serverStateFile;
    String serverStateBase;
    final List<StatsSocketConfig> statsSockets = new ArrayList<>();
    /** {@code stats timeout} and {@code stats maxconn}: every stats socket's, wherever the lines are. */
    Duration statsTimeout = StatsSocketConfig.DEFAULT_TIMEOUT;
    int statsMaxConnections = StatsSocketConfig.DEFAULT_MAX_CONNECTIONS;
    OptionalLong sslDefaultDhParam = OptionalLong.empty();
    /** {@code ca-base}, {@code crt-base}, {@code ssl-default-*}, {@code ssl-server-verify}. */
    final TlsDefaults tls = new TlsDefaults();
    /** {@code tune.ssl.capture-buffer-size} was read (HAProxy refuses it twice). */
    boolean sslCaptureConfigured;
    /** The {@code log} lines, which {@code log global} of a proxy copies as they are read. */
    final List<LogTarget> logTargets = new ArrayList<>();
    String logTag;
    String logHostname;
    /** {@code set-var} and {@code set-var-fmt} lines, in order. */
    final List<GlobalConfig.Variable> variables = new ArrayList<>();
    /** {@code tune.bufsize}, {@code tune.maxrewrite} (-1: unset) and {@code tune.http.maxhdr}. */
    int bufsize = HttpTuning.DEFAULT.bufsize();
    int maxrewrite = -1;
    int maxhdr = HttpTuning.DEFAULT.maxhdr();
    /** {@code user}/{@code uid}, {@code group}/{@code gid}: 0 when unset, as HAProxy's. */
    int uid;
    int gid;
    String chroot;
    OptionalLong fileLimit = OptionalLong.empty();
    boolean quiet;
    String description;
    String node;
    int spreadChecks;
    /** {@code cpu-map}: the process's CPUs, and each thread's by thread number. */
    final Set<Integer> cpuProcess = new TreeSet<>();
    final Map<Integer, Set<Integer>> cpuThreads = new TreeMap<>();
    /** {@code hard-stop-after} in milliseconds, 0 when unset. */
    long hardStopAfterMillis;

    /** The {@code tune.*} values read so far. */
    HttpTuning tuning() {
        return new HttpTuning(bufsize, maxrewrite, maxhdr);
    }

    GlobalConfig toConfig() {
        List<StatsSocketConfig> sockets = new ArrayList<>();
        statsSockets.forEach(socket -> sockets.add(socket.withGlobal(statsTimeout, statsMaxConnections)));
        return new GlobalConfig(daemon, threads, Optional.ofNullable(pidFile), sockets, maxConnections,
                sslDefaultDhParam, new GlobalLogConfig(logTargets, Optional.ofNullable(logTag),
                Optional.ofNullable(logHostname)), variables, tuning(), process(), serverTls());
    }

    private ProcessConfig process() {
        return new ProcessConfig(uid, gid, Optional.ofNullable(chroot), quiet, Optional.ofNullable(description),
                Optional.ofNullable(node), spreadChecks < 0 || spreadChecks > 50 ? 0 : spreadChecks, hardStopAfterMillis == 0 ? Optional.empty()
                : Optional.of(Duration.ofMillis(hardStopAfterMillis)), fileLimit,
                new CpuMap(cpuProcess, cpuThreads));
    }

    /** The server side of {@link #tls}, kept for servers with {@code ssl}. */
    private ServerTlsDefaults serverTls() {
        TlsDefaults.Side server = tls.server;
        List<String> disabled = new ArrayList<>();
        for (int version = 1; version < TlsVersions.NAMES.size(); version++) {
            if ((server.versions.disabled & (1 << version)) != 0) {
                disabled.add(TlsVersions.NAMES.get(version));
            }
        }
        return new ServerTlsDefaults(server.ciphers == null ? "" : server.ciphers,
                server.ciphersuites == null ? "" : server.ciphersuites, TlsVersions.NAMES.get(server.versions.min),
                TlsVersions.NAMES.get(server.versions.max), disabled, !server.noTickets, tls.serverVerifyRequired);
    }
}
