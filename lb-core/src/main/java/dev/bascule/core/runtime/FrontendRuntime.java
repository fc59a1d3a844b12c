package dev.bascule.core.runtime;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.TcpKeepAlive;
import dev.bascule.api.config.BindConfig;
import dev.bascule.api.config.HttpConnectionMode;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.api.sample.Userlist;
import dev.bascule.core.format.TrafficFormat;
import dev.bascule.core.log.FrontendLog;
import dev.bascule.core.rules.CompiledCondition;
import dev.bascule.core.rules.HttpRules;
import dev.bascule.core.rules.TcpRules;
import dev.bascule.core.stats.Counters;
import dev.bascule.core.stats.StatsReport;
import dev.bascule.core.stick.StickTable;
import dev.bascule.core.stick.StickTracker;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** A frontend as the transport sees it: listeners, rules and routing, compiled. */
public final class FrontendRuntime {
    /** A {@code use_backend} line, compiled. */
    static final class SwitchingRule {
        final @Nullable CompiledCondition condition;
        final @Nullable BackendRuntime backend;
        /** A log-format name, resolved among {@link #backends} per request. */
        final @Nullable TrafficFormat dynamic;
        final Map<String, BackendRuntime> backends;

        SwitchingRule(@Nullable CompiledCondition condition, BackendRuntime backend) {
            this.condition = condition;
            this.backend = requireNonNull(backend, "backend");
            this.dynamic = null;
            this.backends = Map.of();
        }

        SwitchingRule(@Nullable CompiledCondition condition, TrafficFormat dynamic,
                      Map<String, BackendRuntime> backends) {
            this.condition = condition;
            this.backend = null;
            this.dynamic = requireNonNull(dynamic, "dynamic");
            this.backends = Map.copyOf(backends);
        }
    }

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

    private Map<String, BackendRuntime> allBackends = Map.of();
    private Map<String, StickTable> stickTables = Map.of();

    void stickTables(Map<String, StickTable> tables) {
        stickTables = Map.copyOf(tables);
    }

    /**
     * A new connection's stick counters, or null when the configuration has no stick table (then
     * no rule tracks and no stick fetch gives a sample).
     */
    public dev.bascule.core.stick.@Nullable StickTracker newStickTracker() {
        return stickTables.isEmpty() ? null : new StickTracker(stickTables);
    }

    /** Every backend of the configuration, by name (for fetches naming one, such as {@code nbsrv}). */
    void allBackends(Map<String, BackendRuntime> backends) {
        allBackends = Map.copyOf(backends);
    }

    /** The backend of that name in this frontend's configuration, or null. */
    public @Nullable BackendRuntime backendNamed(String name) {
        return allBackends.get(name);
    }

    private Map<String, Userlist> userlists = Map.of();

    /** The configuration's userlist sections, by name; returns this frontend. */
    FrontendRuntime withUserlists(Map<String, Userlist> userlists) {
        this.userlists = Map.copyOf(userlists);
        return this;
    }

    /** The userlist section of that name, or null. */
    public dev.bascule.api.sample.@Nullable Userlist userlist(String name) {
        return userlists.get(name);
    }
    private final ProxyMode mode;
    private final List<BindConfig> binds;
    private List<ListenerRuntime> listeners;
    private boolean socketStats;
    private final HttpRules http;
    private TcpRules tcp = TcpRules.NONE;
    private final SwitchingRule[] switching;
    private final @Nullable BackendRuntime defaultBackend;
    private final long clientTimeoutMillis;
    private final long httpRequestTimeoutMillis;
    private final long httpKeepAliveTimeoutMillis;
    private final FrontendLog log;
    private final int maxConnections;

    FrontendRuntime(String name, ProxyMode mode, List<BindConfig> binds, HttpRules http, SwitchingRule[] switching,
                    @Nullable BackendRuntime defaultBackend, long clientTimeoutMillis, long httpRequestTimeoutMillis,
                    long httpKeepAliveTimeoutMillis, FrontendLog log, int maxConnections) {
        this.maxConnections = maxConnections;
        this.log = requireNonNull(log, "log");
        this.name = requireNonNull(name, "name");
        this.mode = requireNonNull(mode, "mode");
        this.binds = List.copyOf(binds);
        this.listeners = ListenerRuntime.of(this.binds, false);
        this.http = requireNonNull(http, "http");
        this.switching = switching.clone();
        this.defaultBackend = defaultBackend;
        this.clientTimeoutMillis = clientTimeoutMillis;
        this.httpRequestTimeoutMillis = httpRequestTimeoutMillis;
        this.httpKeepAliveTimeoutMillis = httpKeepAliveTimeoutMillis;
    }

    public String name() {
        return name;
    }

    public ProxyMode mode() {
        return mode;
    }

    public List<BindConfig> binds() {
        return binds;
    }

    /** Its listeners, one per bind address, with their ids, names and (with {@code option socket-stats}) counters. */
    public List<ListenerRuntime> listeners() {
        return listeners;
    }

    /** {@code option socket-stats}: its listeners count and show on the statistics page; returns this frontend. */
    FrontendRuntime withSocketStats(boolean socketStats) {
        this.listeners = ListenerRuntime.of(binds, socketStats);
        this.socketStats = socketStats;
        return this;
    }

    /** {@code option socket-stats}. */
    public boolean socketStats() {
        return socketStats;
    }

    /** The frontend's {@code http-request}, {@code redirect}, {@code http-response} rules and {@code option forwardfor}. */
    public HttpRules http() {
        return http;
    }

    /** The frontend's {@code tcp-request} and {@code tcp-response} rules. */
    public TcpRules tcp() {
        return tcp;
    }

    private HttpConnectionMode httpMode = HttpConnectionMode.KEEP_ALIVE;

    /** {@code option http-server-close|httpclose}; set once, before the runtime is published. */
    FrontendRuntime withHttpMode(HttpConnectionMode mode) {
        this.httpMode = requireNonNull(mode, "mode");
        return this;
    }

    private long clientFinTimeoutMillis;

    private boolean abortOnClose;

    /** {@code timeout client-fin} and the frontend's {@code option abortonclose}; set once, before the runtime is published. */
    FrontendRuntime withClientFin(long millis, boolean abortOnClose) {
        this.clientFinTimeoutMillis = millis;
        this.abortOnClose = abortOnClose;
        return this;
    }

    /** {@code option abortonclose} as the frontend has it (from defaults, or a listen section's own). */
    public boolean abortOnClose() {
        return abortOnClose;
    }

    /** {@code timeout client-fin} in milliseconds: client inactivity once its side is half-closed (0: not set). */
    public long clientFinTimeoutMillis() {
        return clientFinTimeoutMillis;
    }

    /** The frontend's HTTP connection mode ({@code option http-keep-alive|http-server-close|httpclose}). */
    public HttpConnectionMode httpMode() {
        return httpMode;
    }

    private @Nullable TcpKeepAlive clientKeepAlive;

    /** {@code option clitcpka} and its probe settings; set once, before the runtime is published. */
    FrontendRuntime withClientKeepAlive(@Nullable TcpKeepAlive keepAlive) {
        this.clientKeepAlive = keepAlive;
        return this;
    }

    /** TCP keep-alive on the connections the frontend accepts ({@code option clitcpka}), or null when off. */
    public @Nullable TcpKeepAlive clientKeepAlive() {
        return clientKeepAlive;
    }

    private boolean useProxyHeader;

    /** {@code option http-use-proxy-header}; set once, before the runtime is published. */
    FrontendRuntime withUseProxyHeader(boolean useProxyHeader) {
        this.useProxyHeader = useProxyHeader;
        return this;
    }

    /**
     * Whether a request for {@code uri} is authenticated as a proxy ({@code option
     * http-use-proxy-header} and a URI that starts with neither '/' nor '*': HAProxy's
     * {@code TX_USE_PX_CONN}).
     */
    public boolean proxyAuthentication(CharSequence uri) {
        if (!useProxyHeader || uri.length() == 0) {
            return useProxyHeader;
        }
        char first = uri.charAt(0);
        return first != '/' && first != '*';
    }

    /** Sets the tcp rules (at compile time, before the runtime is shared). */
    FrontendRuntime withTcp(TcpRules rules) {
        this.tcp = rules;
        return this;
    }

    /**
     * The backend for this traffic: the first {@code use_backend} whose condition holds, else
     * {@code default_backend}; null when there is none (the client gets a 503).
     */
    public @Nullable BackendRuntime selectBackend(TrafficView traffic, Sample sample) {
        for (SwitchingRule rule : switching) {
            if (CompiledCondition.holds(rule.condition, traffic, sample)) {
                if (rule.dynamic == null) {
                    return rule.backend;
                }
                // HAProxy: an unknown name ends the rules, and default_backend applies
                BackendRuntime named = rule.backends.get(rule.dynamic.render(traffic, sample));
                return named != null ? named : defaultBackend;
            }
        }
        return defaultBackend;
    }

    /** Whether the backend does not depend on the traffic (no {@code use_backend} line). */
    public boolean hasStaticBackend() {
        return switching.length == 0;
    }

    /** {@code default_backend}, or null. */
    public @Nullable BackendRuntime defaultBackend() {
        return defaultBackend;
    }

    /** {@code timeout client} in ms, 0 when unset. */
    public long clientTimeoutMillis() {
        return clientTimeoutMillis;
    }

    /** Time allowed to receive a request head: {@code timeout http-request}, else client; 0 = none. */
    public long httpRequestTimeoutMillis() {
        return httpRequestTimeoutMillis;
    }

    /** Idle time allowed between requests: {@code timeout http-keep-alive}, else http-request, else client. */
    public long httpKeepAliveTimeoutMillis() {
        return httpKeepAliveTimeoutMillis;
    }

    /** {@code maxconn}: the concurrent client connections it serves, 0 when only the global limit applies. */
    public int maxConnections() {
        return maxConnections;
    }

    private final Counters counters = new Counters();
    private StatsReport statsReport =
            new StatsReport(List.of(), OptionalInt.empty());

    /** Sets the statistics of every proxy of the configuration (at compile time, before the runtime is shared). */
    void statsReport(StatsReport report) {
        this.statsReport = requireNonNull(report, "report");
    }

    /** What a {@code stats uri} page served through this frontend shows: every proxy of the configuration. */
    public StatsReport statsReport() {
        return statsReport;
    }

    /**
     * Its traffic counters: accepted connections ({@code stot}, {@code scur}, {@code conn_tot}),
     * requests, responses and bytes.
     */
    public Counters counters() {
        return counters;
    }

    /** Its logging: targets, line format, connection counters. */
    public FrontendLog log() {
        return log;
    }

    @Override
    public String toString() {
        return "frontend " + name;
    }
}
