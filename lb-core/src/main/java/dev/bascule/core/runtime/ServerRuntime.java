package dev.bascule.core.runtime;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.balance.Server;
import dev.bascule.api.balance.ServerLoad;
import dev.bascule.api.config.ServerCheck;
import dev.bascule.api.config.SourceLocation;

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
    }

    private int id;

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
        this.up = up;
    }

    /** Whether the server can take traffic now: UP with a weight above 0 (HAProxy's {@code srv_currently_usable}). */
    public boolean usable() {
        return up && weight > 0;
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
        inflight.incrementAndGet();
    }

    /** Called by the transport when that stream stops using it. */
    public void release() {
        inflight.decrementAndGet();
    }

    /** The resolved address to connect to. */
    public InetSocketAddress address() {
        return address;
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
