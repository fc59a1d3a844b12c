package dev.bascule.core.runtime;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Nullable;
import dev.bascule.api.balance.Server;
import dev.bascule.api.balance.ServerLoad;
import dev.bascule.api.check.CheckResult;
import dev.bascule.api.config.ProxyProtocol;
import dev.bascule.api.config.ServerCheck;
import dev.bascule.api.config.ServerReactions;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.core.dns.ResolvedBy;
import dev.bascule.core.stats.Counters;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/** A server, its resolved address and its live counters. */
public final class ServerRuntime implements Server, ServerLoad {
    private final String name;
    private final String backendName;
    /**
     * Where connections go: an immutable value swapped by name resolution (control plane), read
     * by the connector without a lock; unresolved while the server has no address ({@code init-addr none}).
     */
    private volatile InetSocketAddress address;
    /** HAProxy's {@code uweight}: the configured weight until the runtime API sets another one. */
    private volatile int weight;
    /** HAProxy's {@code iweight}: the configured weight. */
    private final int initialWeight;
    private final SourceLocation location;
    private final AtomicInteger inflight = new AtomicInteger();
    private final ServerCheck check;
    /** The check's own address ({@code addr}, {@code port}), null when checks follow {@link #address}. */
    private final @Nullable InetSocketAddress checkAddress;
    private final boolean backup;
    /** Written by the health-check scheduler (control plane), read when pickers are rebuilt. */
    private volatile boolean up = true;
    private final Counters counters = new Counters();
    /** When the state last changed (start-up at first), epoch milliseconds. */
    private volatile long lastChangeMillis = System.currentTimeMillis();
    /** The time spent DOWN before the current state, in milliseconds. */
    private volatile long downMillis;
    private volatile long downTransitions;
    private volatile long failedChecks;
    /** HAProxy's check {@code health}: starts at {@code rise} (UP, one failure from DOWN). */
    private volatile int checkHealth;
    private volatile @Nullable CheckReport lastCheck;

    /**
     * The last completed health check, as the statistics page shows it.
     *
     * @param result         the probe's status, detail and code
     * @param durationMillis how long it took
     */
    public record CheckReport(CheckResult result, long durationMillis) {
        public CheckReport {
            requireNonNull(result, "result");
        }
    }

    ServerRuntime(String name, String backendName, InetSocketAddress address, int weight, SourceLocation location) {
        this(name, backendName, address, weight, location, ServerCheck.disabled(), address, false);
    }

    ServerRuntime(String name, String backendName, InetSocketAddress address, int weight, SourceLocation location,
                  ServerCheck check, InetSocketAddress checkAddress, boolean backup) {
        this.name = requireNonNull(name, "name");
        this.backendName = requireNonNull(backendName, "backendName");
        this.address = requireNonNull(address, "address");
        this.weight = weight;
        this.initialWeight = weight;
        this.location = requireNonNull(location, "location");
        this.check = requireNonNull(check, "check");
        this.checkAddress = checkAddress == address ? null : requireNonNull(checkAddress, "checkAddress");
        this.backup = backup;
        this.checkHealth = check.rise();
        this.scaledWeight = weight * WEIGHT_SCALE;
        if (address.isUnresolved()) {
            // init-addr none: HAProxy's SRV_ADMF_RMAINT from the start
            this.resolutionMaintenance = true;
            this.up = false;
            this.checkHealth = 0;
        }
    }

    private int id;
    /** {@code send-proxy}, {@code send-proxy-v2}: the header written first on each connection to it. */
    private ProxyProtocol sendProxy = ProxyProtocol.NONE;
    private ServerEndpoint endpoint = ServerEndpoint.PLAIN;

    /** Set once when the runtime is built: a UNIX socket server has an address from the start. */
    void endpoint(ServerEndpoint endpoint) {
        this.endpoint = requireNonNull(endpoint, "endpoint");
        if (endpoint.unixPath() != null && resolutionMaintenance) {
            this.resolutionMaintenance = false;
            this.up = true;
            this.checkHealth = check.rise();
        }
    }

    /** Its UNIX socket and TLS: how its connections are made beyond the IP address. */
    public ServerEndpoint endpoint() {
        return endpoint;
    }

    /** Sets {@code send-proxy} or {@code send-proxy-v2}, once, when the runtime is built. */
    void sendProxy(ProxyProtocol version) {
        this.sendProxy = requireNonNull(version, "version");
    }

    /** The PROXY protocol header written first on each connection to it, {@link ProxyProtocol#NONE} for none. */
    public ProxyProtocol sendProxy() {
        return sendProxy;
    }

    /** Its idle connections kept for reuse, and how many the traffic needs. */
    private final IdleConnections idleConnections = new IdleConnections();

    /** {@code maxconn}, {@code minconn}: 0 for no limit; an agent may change them. */
    private volatile int maxConn;
    private volatile int minConn;
    /** Its queue and its backend's; null without {@code maxconn}: the fast path never looks further. */
    private @Nullable ServerQueue queue;
    private @Nullable BackendQueues queues;

    /** Sets {@code maxconn}, {@code maxqueue}, {@code minconn} and the backend's queues, once, when the runtime is built. */
    void limits(int maxConn, int maxQueue, int minConn, BackendQueues queues) {
        this.maxConn = maxConn;
        this.minConn = minConn;
        this.queue = new ServerQueue(this, maxQueue);
        this.queues = queues;
    }

    /** Its queue, null without {@code maxconn}. */
    @Nullable ServerQueue queue() {
        return queue;
    }

    /** Its backend's queues when it has a {@code maxconn}, else null: {@link #acquire()} serves it. */
    public @Nullable BackendQueues queues() {
        return queues;
    }

    /**
     * Control plane: the agent's {@code maxconn:N} ({@code server_parse_maxconn_change_request()}):
     * a static limit moves with its {@code minconn}; streams waiting get the freed slots. Only a
     * server given a queue at start (with {@code maxconn} or an agent) has one to change.
     */
    public void changeMaxConn(int max) {
        if (queue == null) {
            throw new IllegalStateException("no queue for " + qualifiedName());
        }
        if (maxConn == minConn) {
            minConn = max;
        }
        maxConn = max;
        queues.process(this);
    }

    private volatile @Nullable ServerAgentState agent;

    /** Its agent check, null without {@code agent-check}. */
    public @Nullable ServerAgentState agent() {
        return agent;
    }

    /** Sets its agent check, once, when the runtime is built. */
    void agent(ServerAgentState state) {
        this.agent = requireNonNull(state, "state");
    }

    /** {@code maxconn}, 0 for no limit ({@code slim}). */
    public int maxConn() {
        return maxConn;
    }

    /** {@code maxqueue}, 0 for no limit ({@code qlimit}). */
    public int maxQueue() {
        return queue == null ? 0 : queue.limit;
    }

    /** Streams waiting in its queue ({@code qcur}, the {@code srv_queue} fetch). */
    public int queueLength() {
        ServerQueue own = queue;
        return own == null ? 0 : own.length();
    }

    /** The longest its queue has been ({@code qmax}). */
    public int queuePeak() {
        ServerQueue own = queue;
        return own == null ? 0 : own.peak();
    }

    /** {@code qtime}: the average time its last streams waited, in milliseconds. */
    public long averageQueueTime() {
        ServerQueue own = queue;
        return own == null ? 0 : own.averageQueueTime();
    }

    /**
     * HAProxy's {@code srv_dynamic_maxconn()}: {@code maxconn}, or with a {@code minconn} below it,
     * a limit that grows with the backend's load from {@code minconn} to {@code maxconn} at
     * {@code fullconn}. 0 without {@code maxconn}.
     */
    public int dynamicMaxConn() {
        int maxConn = this.maxConn;
        if (maxConn == 0 && queue != null) {
            // a queue kept for an agent's maxconn: no limit until it sets one
            return Integer.MAX_VALUE;
        }
        int minConn = this.minConn;
        if (minConn == maxConn || queues == null) {
            return maxConn;
        }
        int full = queues.fullConn();
        int load = queues.load();
        if (full == 0 || load >= full) {
            return maxConn;
        }
        return (int) Math.max(minConn, (long) load * maxConn / full);
    }

    /**
     * Claims a slot on a server with {@code maxconn}: a compare-and-set on its served count
     * against {@link #dynamicMaxConn()}. False when all are taken.
     */
    boolean tryClaim() {
        int max = dynamicMaxConn();
        int current;
        do {
            current = inflight.get();
            if (current >= max) {
                return false;
            }
        } while (!inflight.compareAndSet(current, current + 1));
        counters.concurrent(current + 1);
        idleConnections.used(current + 1);
        return true;
    }

    @Override
    public boolean limited() {
        return queue != null;
    }

    @Override
    public boolean full() {
        ServerQueue own = queue;
        return own != null && (own.length() > 0 || inflight.get() >= dynamicMaxConn());
    }

    /** Sets {@code pool-max-conn} (-1: no limit), once, when the runtime is built. */
    void poolMaxConn(int max) {
        idleConnections.maxIdle(max);
    }

    /** Its idle connections kept for reuse ({@code pool-max-conn}, HAProxy's estimate of the need). */
    public IdleConnections idleConnections() {
        return idleConnections;
    }

    /** HAProxy's server id ({@code srv_id}): its position in its backend, from 1. */
    public int id() {
        return id;
    }

    void id(int id) {
        this.id = id;
    }

    /** The health-check settings ({@code check}, {@code inter}, {@code rise}...). */
    public ServerCheck check() {
        return check;
    }

    /** Where checks connect: the server's address, or its {@code addr}/{@code port} override. */
    public InetSocketAddress checkAddress() {
        InetSocketAddress fixed = checkAddress;
        if (fixed == null) {
            return address;
        }
        if (check.address().isEmpty() && !fixed.isUnresolved()) {
            // only the port is overridden: the check follows the server's current address
            InetSocketAddress current = address;
            return current.isUnresolved() ? current : new InetSocketAddress(current.getAddress(), fixed.getPort());
        }
        return fixed;
    }

    /**
     * Control plane: name resolution changed the server's address; {@code address} unresolved
     * when it has none. Connections opened from now on go there.
     */
    public void address(InetSocketAddress address) {
        this.address = requireNonNull(address, "address");
    }

    /** Whether the server has an address (false while name resolution has given none). */
    public boolean hasAddress() {
        return !address.isUnresolved() || endpoint.unixPath() != null;
    }

    private volatile boolean resolutionMaintenance;
    private @Nullable ResolvedBy resolvedBy;

    /** What keeps its host name resolved at run time, null for none. */
    public @Nullable ResolvedBy resolvedBy() {
        return resolvedBy;
    }

    /**
     * Set once when the runtime is built; a server without address ({@code init-addr none})
     * starts in maintenance by resolution, silently, as in HAProxy.
     */
    void resolvedBy(@Nullable ResolvedBy resolvedBy) {
        this.resolvedBy = resolvedBy;
    }

    /** Whether name resolution holds the server in maintenance (HAProxy's {@code SRV_ADMF_RMAINT}). */
    public boolean resolutionMaintenance() {
        return resolutionMaintenance;
    }

    /** Control plane: enters or leaves maintenance by name resolution; the caller changes the state. */
    public void setResolutionMaintenance(boolean maintenance) {
        this.resolutionMaintenance = maintenance;
    }

    /** In forced maintenance or in maintenance by name resolution: no traffic, no check. */
    public boolean inMaintenance() {
        return maintenance || resolutionMaintenance;
    }

    /** {@code backup}: serves only when no active server is up. */
    public boolean backup() {
        return backup;
    }

    /** Whether the server is UP (servers start UP, as in HAProxy; only health checks take them DOWN). */
    public boolean isUp() {
        return up;
    }

    /** Control plane: the health-check scheduler changes the state, then rebuilds the backend's picker. */
    public void setUp(boolean up) {
        if (this.up == up) {
            return;
        }
        // DOWN, or UP again: either way no longer stopping (HAProxy's SRV_ST_STOPPED, SRV_ST_RUNNING)
        stopping = false;
        long now = System.currentTimeMillis();
        if (up) {
            downMillis += now - lastChangeMillis;
        } else {
            downTransitions++;
        }
        lastChangeMillis = now;
        this.up = up;
    }

    /**
     * Control plane: a health check completed. {@code health} is the check's counter after it,
     * {@code failureCounted} whether HAProxy counts it in {@code chkfail} (a failure while the
     * counter was above 0).
     */
    public void recordCheck(CheckResult result, long durationMillis, int health,
                            boolean failureCounted) {
        if (failureCounted) {
            failedChecks++;
        }
        checkHealth = health;
        lastCheck = new CheckReport(result, durationMillis);
    }

    /** The last completed health check, null before the first one. */
    public @Nullable CheckReport lastCheck() {
        return lastCheck;
    }

    /** HAProxy's check {@code health}: 0 to {@code rise + fall - 1}. */
    public int checkHealth() {
        return checkHealth;
    }

    /** Failed checks while the server was not fully down ({@code chkfail}). */
    public long failedChecks() {
        return failedChecks;
    }

    /** UP to DOWN transitions ({@code chkdown}). */
    public long downTransitions() {
        return downTransitions;
    }

    /** When the state last changed, epoch milliseconds ({@code lastchg}). */
    public long lastChangeMillis() {
        return lastChangeMillis;
    }

    /** The time spent DOWN so far, in milliseconds, at {@code nowMillis} ({@code downtime}). */
    public long downMillis(long nowMillis) {
        return up ? downMillis : downMillis + nowMillis - lastChangeMillis;
    }

    /** The server's traffic counters; its current sessions are {@link #inflight()}. */
    public Counters counters() {
        return counters;
    }

    private volatile boolean maintenance;

    /** Whether the server is in forced maintenance ({@code disable server}, HAProxy's {@code SRV_ADMF_FMAINT}). */
    public boolean maintenance() {
        return maintenance;
    }

    /** Control plane: enters or leaves forced maintenance; the caller changes the state and rebuilds the picker. */
    public void setMaintenance(boolean maintenance) {
        this.maintenance = maintenance;
    }

    /**
     * {@code disabled}: the server starts in maintenance, DOWN, its check counter at 0, with no
     * transition counted; once, when the runtime is built.
     */
    void startInMaintenance() {
        configuredMaintenance = true;
        maintenance = true;
        up = false;
        checkHealth = 0;
    }

    private volatile boolean configuredMaintenance;

    /**
     * Whether the configuration put it in maintenance ({@code disabled}; HAProxy's
     * {@code SRV_ADMF_CMAINT}, which stays once the server is enabled).
     */
    public boolean configuredMaintenance() {
        return configuredMaintenance;
    }

    /**
     * Control plane, at start: the server state file says when the state last changed
     * ({@code srv_time_since_last_change}) and what the last check said.
     */
    public void restore(long lastChangeMillis, @Nullable CheckReport lastCheck) {
        this.lastChangeMillis = lastChangeMillis;
        this.lastCheck = lastCheck;
    }

    private volatile boolean drain;

    /** Whether the server is in forced drain (HAProxy's {@code SRV_ADMF_FDRAIN}): UP, but given no new traffic. */
    public boolean drain() {
        return drain;
    }

    /** Control plane: enters or leaves forced drain; the caller rebuilds the picker. */
    public void setDrain(boolean drain) {
        this.drain = drain;
    }

    private volatile boolean stopping;

    /**
     * Whether the server is UP but stopping ({@code http-check disable-on-404} saw a 404; HAProxy's
     * {@code SRV_ST_STOPPING}, NOLB on the statistics page): it keeps its persistent traffic but gets
     * no load-balanced one.
     */
    public boolean stopping() {
        return stopping;
    }

    /**
     * Control plane: an UP server enters or leaves the stopping state (a check's 404, then a check
     * that passes); the caller rebuilds the picker.
     */
    public void setStopping(boolean stopping) {
        if (this.stopping == stopping || !up) {
            return;
        }
        this.stopping = stopping;
        lastChangeMillis = System.currentTimeMillis();
    }

    /** Control plane: the check's counter changed without a check ({@code disable|enable server}). */
    public void checkHealth(int health) {
        checkHealth = health;
    }

    /**
     * Whether the server can take traffic now: UP with a weight above 0, not draining nor stopping
     * (HAProxy's {@code srv_currently_usable}: drain makes its effective weight 0, SRV_ST_STOPPING is not usable).
     */
    public boolean usable() {
        return up && weight > 0 && !drain && !stopping;
    }

    /** The backend's name. */
    public String backendName() {
        return backendName;
    }

    @Override
    public String name() {
        return name;
    }

    /** {@code backend/server}, as HAProxy names servers in logs. */
    public String qualifiedName() {
        return backendName + "/" + name;
    }

    @Override
    public int weight() {
        return weight;
    }

    /** The weight of the configuration ({@code iweight}); {@link #weight()} is the current one ({@code uweight}). */
    public int initialWeight() {
        return initialWeight;
    }

    /** Whether the backend's algorithm takes weights that change at run time (HAProxy's {@code BE_LB_PROP_DYN}). */
    public boolean dynamicWeights() {
        return dynamicWeights;
    }

    /**
     * Control plane: the runtime API or the server state file set the weight ({@code uweight}), 0
     * to 256; the effective weight follows, at {@code nowMillis} of the warm-up's clock. The caller
     * rebuilds the picker.
     */
    public void setWeight(int weight, long nowMillis) {
        if (weight < 0 || weight > 256) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: 0-256)");
        }
        this.weight = weight;
        recalcScaledWeight(nowMillis);
    }

    // slowstart: HAProxy's server_recalc_eweight() and server_warmup()

    /** {@code on-marked-down}, {@code on-marked-up}, {@code observe}...; set once, when the runtime is built. */
    private ServerReactions reactions = ServerReactions.DEFAULT;
    private ServerSessions sessions = new ServerSessions(false);
    private TrafficObserver observer = TrafficObserver.NONE;

    /**
     * Sets the server's reactions and whether its sessions are kept (see {@link ServerSessions});
     * once, when the runtime is built.
     */
    void reactions(ServerReactions reactions, boolean trackSessions) {
        this.reactions = requireNonNull(reactions, "reactions");
        this.sessions = new ServerSessions(trackSessions);
        this.observer = reactions.observing() ? new TrafficObserver(reactions) : TrafficObserver.NONE;
    }

    public ServerReactions reactions() {
        return reactions;
    }

    /** The sessions using it, kept only when they may have to be closed. */
    public ServerSessions sessions() {
        return sessions;
    }

    /** What its traffic tells about its health ({@code observe}). */
    public TrafficObserver observer() {
        return observer;
    }

    /** {@code slowstart} in whole seconds, 0 for none; set once, when the runtime is built. */
    private int slowStartSeconds;
    /** Whether the backend's algorithm weighs servers dynamically (HAProxy's {@code BE_LB_PROP_DYN}). */
    private boolean dynamicWeights;
    /** HAProxy's {@code eweight}; written on the control thread, read when pickers are rebuilt. */
    private volatile int scaledWeight;
    /** When the warm-up started, whole seconds of the control clock; -1 when not warming up. */
    private volatile long warmupStartSeconds = -1;
    /** Identifies the current warm-up, so that a tick of an earlier one stops. */
    private long warmupGeneration;

    /** Sets {@code slowstart} and whether the backend's algorithm can ramp weights; once, when the runtime is built. */
    void slowStart(int seconds, boolean dynamicWeights) {
        this.slowStartSeconds = seconds;
        this.dynamicWeights = dynamicWeights;
    }

    /** {@code slowstart} in seconds, 0 for none. */
    public int slowStartSeconds() {
        return slowStartSeconds;
    }

    @Override
    public int scaledWeight() {
        return scaledWeight;
    }

    /** Whether the server is warming up after coming back UP ({@code slowstart}; HAProxy's {@code SRV_ST_STARTING}). */
    public boolean warmingUp() {
        return warmupStartSeconds >= 0;
    }

    /**
     * Control plane: the server just came back UP (a check, or leaving maintenance). With
     * {@code slowstart}, its effective weight drops to its first step; the caller rebuilds the
     * picker and calls {@link #recalcScaledWeight} about every second while this returns a
     * generation above 0.
     *
     * @return the warm-up's generation, or 0 when the server does not warm up
     */
    public long startWarmup(long nowMillis) {
        if (slowStartSeconds <= 0) {
            return 0;
        }
        warmupStartSeconds = nowMillis / 1000;
        recalcScaledWeight(nowMillis);
        return ++warmupGeneration;
    }

    /** The current warm-up's generation (see {@link #startWarmup}). */
    public long warmupGeneration() {
        return warmupGeneration;
    }

    /**
     * Control plane: HAProxy's {@code server_recalc_eweight()}. While warming up, the weight in
     * sixteenths is {@code weight * (16 * elapsed + slowstart) / slowstart} (elapsed in whole
     * seconds) for a dynamic algorithm, all of it for a static one; the warm-up ends once
     * {@code slowstart} seconds have passed, or when the server is no longer UP.
     *
     * @return whether the warm-up goes on
     */
    public boolean recalcScaledWeight(long nowMillis) {
        long start = warmupStartSeconds;
        long now = nowMillis / 1000;
        if (start >= 0 && (!up || now < start || now >= start + slowStartSeconds)) {
            warmupStartSeconds = -1;
            start = -1;
        }
        int factor = start >= 0 && dynamicWeights
                ? (int) ((WEIGHT_SCALE * (now - start) + slowStartSeconds) / slowStartSeconds)
                : WEIGHT_SCALE;
        scaledWeight = weight * factor;
        return start >= 0;
    }

    /**
     * How far the warm-up has gone, in percent of {@code slowstart} (100 when not warming up), at
     * {@code nowMillis} on the clock {@link #startWarmup} was given: HAProxy's
     * {@code srv_dynamic_maxconn()} scales a server's {@code maxconn} by it (at least 1).
     */
    public int warmupPercent(long nowMillis) {
        long start = warmupStartSeconds;
        long now = nowMillis / 1000;
        if (start < 0 || now < start || now >= start + slowStartSeconds) {
            return 100;
        }
        return (int) (100 * (now - start) / slowStartSeconds);
    }

    /**
     * HAProxy's {@code server_throttle_rate()}: the effective weight in percent of the full one,
     * the statistics' {@code throttle} while warming up.
     */
    public int throttlePercent() {
        return weight == 0 ? 100 : (100 * scaledWeight + WEIGHT_SCALE - 1) / (WEIGHT_SCALE * weight);
    }

    @Override
    public ServerLoad load() {
        return this;
    }

    @Override
    public int inflight() {
        return inflight.get();
    }

    /**
     * Called by the transport when a stream starts using this server, a server without
     * {@code maxconn} (with one, the slot comes from {@link BackendQueues#assign}).
     */
    public void acquire() {
        int current = inflight.incrementAndGet();
        counters.concurrent(current);
        idleConnections.used(current);
    }

    /** Called by the transport when that stream stops using it; with {@code maxconn}, the slot goes to a waiting stream. */
    public void release() {
        inflight.decrementAndGet();
        BackendQueues backendQueues = queues;
        if (backendQueues != null) {
            backendQueues.process(this);
        }
    }

    /** The resolved address to connect to; its port is 0 for a server written without a port. */
    public InetSocketAddress address() {
        return address;
    }

    /** Whether the server was written without a port: each connection goes to the port the client connected to. */
    public boolean clientPort() {
        return address.getPort() == 0 && endpoint.unixPath() == null;
    }

    /**
     * Where a connection for a client that connected to {@code clientPort} goes: {@link #address()},
     * or for a server written without a port its address with the client's port (HAProxy's
     * {@code SRV_F_MAPPORTS}).
     */
    public InetSocketAddress address(int clientPort) {
        InetSocketAddress current = address;
        return current.getPort() != 0 || current.isUnresolved() ? current
                : new InetSocketAddress(current.getAddress(), clientPort);
    }

    /**
     * Whether the server was written without a host ({@code *:80}, {@code :80}, {@code 0.0.0.0:80},
     * {@code [::]:80}): each connection goes to the address the client connected to, as HAProxy's
     * {@code alloc_dst_address()} does for a server whose address is not set.
     */
    public boolean clientAddress() {
        return !address.isUnresolved() && address.getAddress().isAnyLocalAddress();
    }

    /** Whether the server's connections go where each client connected (its host, its port, or both). */
    public boolean mapsDestination() {
        return clientPort() || clientAddress();
    }

    /**
     * Where a connection for a client that connected to {@code destination} goes: {@link #address()},
     * with the destination's host for a server written without one and the destination's port for
     * a server written without one.
     */
    public InetSocketAddress destinationFor(InetSocketAddress destination) {
        if (!mapsDestination()) {
            return address;
        }
        return new InetSocketAddress(clientAddress() ? destination.getAddress() : address.getAddress(),
                clientPort() ? destination.getPort() : address.getPort());
    }

    /** Where the server was declared. */
    public SourceLocation location() {
        return location;
    }

    @Override
    public String toString() {
        return qualifiedName() + "(" + address + ")";
    }
}
