package dev.bascule.core.runtime;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.ProxyProtocol;
import dev.bascule.api.config.TcpKeepAlive;
import dev.bascule.api.balance.BalancingAlgorithm;
import dev.bascule.api.balance.PickContext;
import dev.bascule.api.balance.Server;
import dev.bascule.api.balance.ServerPicker;
import dev.bascule.api.balance.ServerSnapshot;
import dev.bascule.api.check.HealthCheck;
import dev.bascule.api.config.HttpConnectionMode;
import dev.bascule.api.config.HttpReuse;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.core.stats.StatsReport;
import dev.bascule.core.log.ProxyLog;
import dev.bascule.core.rules.HttpRules;
import dev.bascule.core.rules.TcpRules;
import dev.bascule.core.stats.Counters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A backend as the transport sees it: its servers, the current picker (rebuilt off the hot path,
 * published through a volatile field), the dispatch address and its timeouts in milliseconds.
 */
public final class BackendRuntime {
    /** The algorithms HAProxy counts as hashes ({@code BE_LB_KIND_HI}): no early redispatch for them. */
    private static final Set<String> HASH_ALGORITHMS = Set.of("source", "uri", "url_param", "hdr",
            "rdp-cookie", "hash", "random");
    private final String name;
    private int id;

    /**
     * HAProxy's proxy id ({@code fe_id}/{@code be_id}): the proxy's position among the frontends,
     * backends and listen sections in declaration order, from 1.
     */
    public int id() {
        return id;
    }

    void id(int id) {
        this.id = id;
    }
    private final ProxyMode mode;
    private final List<ServerRuntime> servers;
    private final BalancingAlgorithm algorithm;
    private final @Nullable ServerRuntime dispatch;
    private final long connectTimeoutMillis;
    private final long serverTimeoutMillis;
    private final int retries;
    private final HttpRules http;
    private TcpRules tcp = TcpRules.NONE;
    private final @Nullable CookiePersistence cookie;
    private final HttpReuse reuse;
    private final String typeName;
    private final @Nullable HealthCheck healthCheck;
    private final long checkTimeoutMillis;
    private final OptionalInt redispatch;
    private final boolean hashing;
    private volatile ServerPicker picker;
    private long generation;
    private final String algorithmName;
    private final Counters counters = new Counters();
    /** Whether a server can take traffic (or there is no server): HAProxy's backend UP. */
    private volatile boolean up = true;
    /** The weight of the servers taking traffic (HAProxy's {@code lbprm.tot_weight}). */
    private volatile int totalWeight;
    private volatile long lastChangeMillis = System.currentTimeMillis();
    private volatile long downMillis;
    private volatile long downTransitions;

    BackendRuntime(String name, ProxyMode mode, List<ServerRuntime> servers, BalancingAlgorithm algorithm,
                   @Nullable ServerRuntime dispatch, long connectTimeoutMillis, long serverTimeoutMillis,
                   int retries) {
        this(name, mode, servers, algorithm, dispatch, connectTimeoutMillis, serverTimeoutMillis, retries,
                HttpRules.NONE, null, "backend", null, 0, OptionalInt.empty(), "", HttpReuse.SAFE);
    }

    BackendRuntime(String name, ProxyMode mode, List<ServerRuntime> servers, BalancingAlgorithm algorithm,
                   @Nullable ServerRuntime dispatch, long connectTimeoutMillis, long serverTimeoutMillis,
                   int retries, HttpRules http, @Nullable CookiePersistence cookie, String typeName,
                   @Nullable HealthCheck healthCheck, long checkTimeoutMillis, OptionalInt redispatch,
                   String algorithmName, HttpReuse reuse) {
        this.reuse = requireNonNull(reuse, "reuse");
        this.http = requireNonNull(http, "http");
        this.cookie = cookie;
        this.typeName = requireNonNull(typeName, "typeName");
        this.healthCheck = healthCheck;
        this.checkTimeoutMillis = checkTimeoutMillis;
        this.redispatch = requireNonNull(redispatch, "redispatch");
        this.hashing = HASH_ALGORITHMS.contains(algorithmName);
        this.algorithmName = requireNonNull(algorithmName, "algorithmName");
        this.name = requireNonNull(name, "name");
        this.mode = requireNonNull(mode, "mode");
        this.servers = List.copyOf(servers);
        this.algorithm = requireNonNull(algorithm, "algorithm");
        this.dispatch = dispatch;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.serverTimeoutMillis = serverTimeoutMillis;
        this.retries = retries;
        rebuildPicker();
    }

    /**
     * Rebuilds the picker from the servers that can take traffic: the active servers that are UP
     * with a weight above 0; when there is none, the first such backup server, or all of them with
     * {@code option allbackups}. Control plane: called at start and whenever a server's state changes.
     */
    public synchronized void rebuildPicker() {
        List<Server> usable = new ArrayList<>();
        for (ServerRuntime server : servers) {
            if (!server.backup() && server.usable()) {
                usable.add(server);
            }
        }
        if (usable.isEmpty()) {
            for (ServerRuntime server : servers) {
                if (server.backup() && server.usable()) {
                    usable.add(server);
                    if (!allBackups) {
                        break;
                    }
                }
            }
        }
        ServerPicker previous = picker;
        picker = usable.isEmpty() ? ServerPicker.EMPTY : algorithm.newPicker(new ServerSnapshot(usable, ++generation), previous);
        int weight = 0;
        int scaled = 0;
        for (Server server : usable) {
            weight += server.weight();
            scaled += server.scaledWeight();
        }
        totalWeight = weight;
        BackendQueues waiting = queues;
        if (waiting != null) {
            waiting.serversChanged();
        }
        totalScaledWeight = scaled;
        boolean nowUp = weight > 0 || servers.isEmpty();
        if (nowUp != up) {
            long now = System.currentTimeMillis();
            if (nowUp) {
                downMillis += now - lastChangeMillis;
            } else {
                downTransitions++;
            }
            lastChangeMillis = now;
            up = nowUp;
        }
    }

    /** Whether the backend is UP for the statistics page: a server takes traffic, or it has none. */
    public boolean isUp() {
        return up;
    }

    private volatile int totalScaledWeight;

    /** The servers taking traffic's {@link Server#scaledWeight()}s added up (HAProxy's {@code lbprm.tot_weight}). */
    public int totalScaledWeight() {
        return totalScaledWeight;
    }

    /** The weight of the servers taking traffic ({@code weight} on the statistics page). */
    public int totalWeight() {
        return totalWeight;
    }

    /** When the backend last went UP or DOWN, epoch milliseconds ({@code lastchg}). */
    public long lastChangeMillis() {
        return lastChangeMillis;
    }

    /** The time spent DOWN so far at {@code nowMillis}, in milliseconds ({@code downtime}). */
    public long downMillis(long nowMillis) {
        return up ? downMillis : downMillis + nowMillis - lastChangeMillis;
    }

    /** UP to DOWN transitions ({@code chkdown}). */
    public long downTransitions() {
        return downTransitions;
    }

    /** The {@code balance} algorithm's name. */
    public String algorithmName() {
        return algorithmName;
    }

    /** The streams assigned to the backend: {@code stot}, {@code scur}, responses, bytes. */
    public Counters counters() {
        return counters;
    }

    private @Nullable BackendQueues queues;
    private @Nullable StatsReport statsReport;

    /** Sets the statistics of every proxy of the configuration (at compile time, before the runtime is shared). */
    void statsReport(StatsReport report) {
        this.statsReport = requireNonNull(report, "report");
    }

    /** Every proxy's statistics, for {@code show stat} in a configuration without frontend; null before compiled. */
    public @Nullable StatsReport statsReport() {
        return statsReport;
    }

    /** Its queues when a server has a {@code maxconn}, else null (no stream ever waits). */
    public @Nullable BackendQueues queues() {
        return queues;
    }

    /** Gives the servers with a {@code maxconn} their limits and the backend its queues; once, at compile time. */
    BackendRuntime withQueues(Map<ServerRuntime, ServerConfig> configs, int fullConn) {
        BackendQueues created = new BackendQueues(this, fullConn, QUEUE_FIRST_ALGORITHMS.contains(algorithmName));
        for (ServerRuntime server : servers) {
            ServerConfig config = configs.get(server);
            // a server with an agent has its queue too: the agent may set a maxconn
            if (config != null && (config.maxConn() > 0 || config.agent().enabled())) {
                server.limits(config.maxConn(), config.maxQueue(), config.minConn(), created);
            }
        }
        queues = created;
        // the pickers skip full servers only when they know some server has a limit
        rebuildPicker();
        return this;
    }

    private long queueTimeoutMillis;

    /** {@code timeout queue}, or {@code timeout connect} without it (HAProxy's default); 0 for none. */
    public long queueTimeoutMillis() {
        return queueTimeoutMillis;
    }

    BackendRuntime withQueueTimeout(long millis) {
        this.queueTimeoutMillis = millis;
        return this;
    }

    /** The algorithms whose streams wait behind the backend queue without balancing (HAProxy's {@code assign_server()}). */
    private static final Set<String> QUEUE_FIRST_ALGORITHMS = Set.of("roundrobin", "static-rr", "first");

    /** The server for this request, or null when none is usable. Event loop; lock-free. */
    public @Nullable ServerRuntime pick(PickContext context) {
        return (ServerRuntime) picker.pick(context);
    }

    public String name() {
        return name;
    }

    public ProxyMode mode() {
        return mode;
    }

    public List<ServerRuntime> servers() {
        return servers;
    }

    /** The {@code dispatch} pseudo-server, used when the backend has no server; null when unset. */
    public @Nullable ServerRuntime dispatch() {
        return dispatch;
    }

    /** {@code timeout connect} in ms, 0 when unset. */
    public long connectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    /** {@code timeout server} in ms, 0 when unset. */
    public long serverTimeoutMillis() {
        return serverTimeoutMillis;
    }

    /** Streams using one of its servers now (HAProxy's {@code %bc}). Allocation-free. */
    public int inflight() {
        int total = 0;
        for (int index = 0; index < servers.size(); index++) {
            total += servers.get(index).inflight();
        }
        return total;
    }

    /** {@code retries}. */
    public int retries() {
        return retries;
    }

    /** The backend's {@code http-request}, {@code redirect}, {@code http-response} rules and {@code option forwardfor}. */
    public HttpRules http() {
        return http;
    }

    /** The backend's {@code tcp-request} and {@code tcp-response} rules. */
    public TcpRules tcp() {
        return tcp;
    }

    /** Sets the tcp rules (at compile time, before the runtime is shared). */
    private volatile @Nullable ServerControl control;

    /** What {@code disable|enable server} go through: the health-check scheduler's, or null when none runs. */
    public @Nullable ServerControl control() {
        return control;
    }

    /** Installed by the health-check scheduler, which owns the servers' check state. */
    public void control(@Nullable ServerControl control) {
        this.control = control;
    }

    private ProxyLog log = ProxyLog.none();
    private boolean logHealthChecks;

    /** The backend's own log targets and {@code option log-health-checks}; set once, before the runtime is published. */
    public BackendRuntime withLog(ProxyLog log, boolean logHealthChecks) {
        this.log = Objects.requireNonNull(log, "log");
        this.logHealthChecks = logHealthChecks;
        return this;
    }

    /** Where the backend's server state messages go besides stderr (HAProxy's {@code send_log(be, ...)}). */
    public ProxyLog log() {
        return log;
    }

    /** {@code option log-health-checks}. */
    public boolean logHealthChecks() {
        return logHealthChecks;
    }

    private @Nullable RdpCookiePersistence rdpCookiePersistence;

    /** {@code persist rdp-cookie}; set once, before the runtime is published. */
    public BackendRuntime withRdpCookiePersistence(@Nullable RdpCookiePersistence persistence) {
        this.rdpCookiePersistence = persistence;
        return this;
    }

    /** {@code persist rdp-cookie}, or null when not set. */
    public @Nullable RdpCookiePersistence rdpCookiePersistence() {
        return rdpCookiePersistence;
    }

    private boolean disableOn404;

    /** {@code http-check disable-on-404}; set once, before the runtime is published. */
    public BackendRuntime withDisableOn404(boolean disableOn404) {
        this.disableOn404 = disableOn404;
        return this;
    }

    /** {@code http-check disable-on-404}: a 404 to the HTTP check of an UP server makes it stop (NOLB). */
    public boolean disableOn404() {
        return disableOn404;
    }

    private HttpConnectionMode httpMode = HttpConnectionMode.KEEP_ALIVE;
    private boolean pretendKeepAlive;

    /** {@code option http-server-close|httpclose} and {@code option http-pretend-keepalive}; set once, before the runtime is published. */
    BackendRuntime withHttpMode(HttpConnectionMode mode, boolean pretendKeepAlive) {
        this.httpMode = Objects.requireNonNull(mode, "mode");
        this.pretendKeepAlive = pretendKeepAlive;
        return this;
    }

    private long tunnelTimeoutMillis;
    private long serverFinTimeoutMillis;
    private boolean abortOnClose;

    /** {@code timeout tunnel}, {@code timeout server-fin}, {@code option abortonclose}; set once, before the runtime is published. */
    BackendRuntime withTunnel(long tunnelMillis, long serverFinMillis, boolean abortOnClose) {
        this.tunnelTimeoutMillis = tunnelMillis;
        this.serverFinTimeoutMillis = serverFinMillis;
        this.abortOnClose = abortOnClose;
        return this;
    }

    /** {@code timeout tunnel} in milliseconds: inactivity of a tunnel, both ways (0: not set). */
    public long tunnelTimeoutMillis() {
        return tunnelTimeoutMillis;
    }

    /** {@code timeout server-fin} in milliseconds: server inactivity once its side is half-closed (0: not set). */
    public long serverFinTimeoutMillis() {
        return serverFinTimeoutMillis;
    }

    /** {@code option abortonclose}: a client that closes while its request waits for a connection aborts it. */
    public boolean abortOnClose() {
        return abortOnClose;
    }

    /** The backend's HTTP connection mode ({@code option http-keep-alive|http-server-close|httpclose}). */
    public HttpConnectionMode httpMode() {
        return httpMode;
    }

    /** {@code option http-pretend-keepalive}: a closing request does not tell the server it closes. */
    public boolean pretendKeepAlive() {
        return pretendKeepAlive;
    }

    private boolean allBackups;

    /** {@code option allbackups}; set once, before the runtime is published. */
    BackendRuntime withAllBackups(boolean allBackups) {
        this.allBackups = allBackups;
        rebuildPicker();
        return this;
    }

    private boolean preferLastServer;

    /** {@code option prefer-last-server}; set once, before the runtime is published. */
    BackendRuntime withPreferLastServer(boolean preferLastServer) {
        this.preferLastServer = preferLastServer;
        return this;
    }

    /**
     * {@code option prefer-last-server}, as HAProxy's {@code assign_server()} applies it: only with an
     * algorithm that is not a hash, whose choice the server a connection already holds may replace.
     */
    public boolean preferLastServer() {
        return preferLastServer && !hashing;
    }

    private @Nullable TcpKeepAlive serverKeepAlive;

    /** {@code option srvtcpka} and its probe settings; set once, before the runtime is published. */
    BackendRuntime withServerKeepAlive(@Nullable TcpKeepAlive keepAlive) {
        this.serverKeepAlive = keepAlive;
        return this;
    }

    /** TCP keep-alive on the connections to the servers ({@code option srvtcpka}), or null when off. */
    public @Nullable TcpKeepAlive serverKeepAlive() {
        return serverKeepAlive;
    }

    BackendRuntime withTcp(TcpRules rules) {
        this.tcp = rules;
        return this;
    }

    /** {@code http-reuse}: which requests may take an idle server connection. */
    public HttpReuse reuse() {
        return reuse;
    }

    /**
     * {@code http-reuse} for connections to {@code server}: those to the {@code dispatch} address
     * are private to their session whatever the backend says, as HAProxy's (it has no server to
     * keep them idle for), so they are never shared. Neither are those to a server with
     * {@code send-proxy}: their header carries the client's addresses, and HAProxy 2.6 hashes the
     * header into the connection's reuse key, so that only the client connection it was made for
     * can take it again.
     */
    public HttpReuse reuseFor(ServerRuntime server) {
        return server == dispatch || server.sendProxy() != ProxyProtocol.NONE ? HttpReuse.NEVER : reuse;
    }

    /** {@code cookie} persistence, or null. */
    public @Nullable CookiePersistence cookie() {
        return cookie;
    }

    /** How HAProxy names this proxy in messages: {@code backend}, or {@code proxy} for a {@code listen} section. */
    public String typeName() {
        return typeName;
    }

    /** The check run on servers with {@code check}; null when no server is checked. */
    public @Nullable HealthCheck healthCheck() {
        return healthCheck;
    }

    /** {@code timeout check} in ms, 0 when unset. */
    public long checkTimeoutMillis() {
        return checkTimeoutMillis;
    }

    /**
     * {@code option redispatch [interval]}: empty when off; otherwise a retry goes to another
     * server every {@code interval} retries, only on the last one when negative (HAProxy's
     * default, -1), never by count when 0.
     */
    public OptionalInt redispatch() {
        return redispatch;
    }

    /**
     * Whether retry {@code attempt} (1 = first retry) after a failure on {@code failed} goes to
     * another server, as HAProxy's {@code stream_choose_redispatch()} decides with
     * {@code option redispatch}: when the server is no longer UP, on the retries the interval
     * selects, or at once when the algorithm is not a hash and more than one active server is usable.
     */
    public boolean redispatchOn(int attempt, ServerRuntime failed) {
        if (redispatch.isEmpty()) {
            return false;
        }
        if (!failed.isUp()) {
            return true;
        }
        int interval = redispatch.getAsInt();
        if (interval > 0 && attempt % interval == 0
                || interval < 0 && retries + 1 + interval > 0 && attempt % (retries + 1 + interval) == 0) {
            return true;
        }
        return !hashing && activeUsable() > 1;
    }

    /**
     * HAProxy's {@code be_usable_srv()} ({@code nbsrv}): the usable active servers, else 1 when a
     * backup server is usable (only the first one takes traffic, without {@code option allbackups}), else 0.
     */
    public int usableServers() {
        int active = activeUsable();
        if (active > 0) {
            return active;
        }
        return backupUsable() > 0 ? 1 : 0;
    }

    /** Active servers that are usable now ({@code srv_act}). */
    public int activeUsable() {
        int count = 0;
        for (ServerRuntime server : servers) {
            if (!server.backup() && server.usable()) {
                count++;
            }
        }
        return count;
    }

    /** Backup servers that are usable now ({@code srv_bck}). */
    public int backupUsable() {
        int count = 0;
        for (ServerRuntime server : servers) {
            if (server.backup() && server.usable()) {
                count++;
            }
        }
        return count;
    }

    @Override
    public String toString() {
        return "backend " + name;
    }
}
