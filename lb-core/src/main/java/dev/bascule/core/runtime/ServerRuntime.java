package dev.bascule.core.runtime;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.balance.Server;
import dev.bascule.api.balance.ServerLoad;
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

    ServerRuntime(String name, String backendName, InetSocketAddress address, int weight, SourceLocation location) {
        this.name = requireNonNull(name, "name");
        this.backendName = requireNonNull(backendName, "backendName");
        this.address = requireNonNull(address, "address");
        this.weight = weight;
        this.location = requireNonNull(location, "location");
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

    /**
     * Whether the server may take traffic: persistence sends nothing to a server that is down.
     * Servers are up until a health check says otherwise.
     */
    public boolean isUp() {
        return true;
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
