package dev.bascule.core.runtime;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Nullable;
import dev.bascule.api.balance.Server;
import dev.bascule.api.balance.ServerLoad;
import dev.bascule.api.check.CheckResult;
import dev.bascule.api.config.ServerCheck;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.core.stats.Counters;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/** A server, its resolved address and its live counters. */
public final class ServerRuntime implements Server, ServerLoad {
    private final String name;
    private final String backendName;
    private final InetSocketAddress address;
    private final int weight;
    private final SourceLocation location;
    private final AtomicInteger inflight = new AtomicInteger();
    private final ServerCheck check;
    private final InetSocketAddress checkAddress;
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
        this.location = requireNonNull(location, "location");
        this.check = requireNonNull(check, "check");
        this.checkAddress = requireNonNull(checkAddress, "checkAddress");
        this.backup = backup;
        this.checkHealth = check.rise();
    }

    private int id;
    /** Its idle connections kept for reuse, and how many the traffic needs. */
    private final IdleConnections idleConnections = new IdleConnections();

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
        return checkAddress;
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

    private volatile boolean drain;

    /** Whether the server is in forced drain (HAProxy's {@code SRV_ADMF_FDRAIN}): UP, but given no new traffic. */
    public boolean drain() {
        return drain;
    }

    /** Control plane: enters or leaves forced drain; the caller rebuilds the picker. */
    public void setDrain(boolean drain) {
        this.drain = drain;
    }

    /** Control plane: the check's counter changed without a check ({@code disable|enable server}). */
    public void checkHealth(int health) {
        checkHealth = health;
    }

    /**
     * Whether the server can take traffic now: UP with a weight above 0, not draining (HAProxy's
     * {@code srv_currently_usable}: drain makes its effective weight 0).
     */
    public boolean usable() {
        return up && weight > 0 && !drain;
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

    @Override
    public ServerLoad load() {
        return this;
    }

    @Override
    public int inflight() {
        return inflight.get();
    }

    /** Called by the transport when a stream starts using this server. */
    public void acquire() {
        int current = inflight.incrementAndGet();
        counters.concurrent(current);
        idleConnections.used(current);
    }

    /** Called by the transport when that stream stops using it. */
    public void release() {
        inflight.decrementAndGet();
    }

    /** The resolved address to connect to; its port is 0 for a server written without a port. */
    public InetSocketAddress address() {
        return address;
    }

    /** Whether the server was written without a port: each connection goes to the port the client connected to. */
    public boolean clientPort() {
        return address.getPort() == 0;
    }

    /**
     * Where a connection for a client that connected to {@code clientPort} goes: {@link #address()},
     * or for a server written without a port its address with the client's port (HAProxy's
     * {@code SRV_F_MAPPORTS}).
     */
    public InetSocketAddress address(int clientPort) {
        return address.getPort() != 0 ? address : new InetSocketAddress(address.getAddress(), clientPort);
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
