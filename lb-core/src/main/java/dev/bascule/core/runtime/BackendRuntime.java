package dev.bascule.core.runtime;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Nullable;
import dev.bascule.api.balance.BalancingAlgorithm;
import dev.bascule.api.balance.PickContext;
import dev.bascule.api.balance.Server;
import dev.bascule.api.balance.ServerPicker;
import dev.bascule.api.balance.ServerSnapshot;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.core.rules.HttpRules;

import java.util.List;

/**
 * A backend as the transport sees it: its servers, the current picker (rebuilt off the hot path,
 * published through a volatile field), the dispatch address and its timeouts in milliseconds.
 */
public final class BackendRuntime {
    private final String name;
    private final ProxyMode mode;
    private final List<ServerRuntime> servers;
    private final BalancingAlgorithm algorithm;
    private final @Nullable ServerRuntime dispatch;
    private final long connectTimeoutMillis;
    private final long serverTimeoutMillis;
    private final int retries;
    private final HttpRules http;
    private final @Nullable CookiePersistence cookie;
    private volatile ServerPicker picker;
    private long generation;

    BackendRuntime(String name, ProxyMode mode, List<ServerRuntime> servers, BalancingAlgorithm algorithm,
                   @Nullable ServerRuntime dispatch, long connectTimeoutMillis, long serverTimeoutMillis,
                   int retries, HttpRules http, @Nullable CookiePersistence cookie) {
        this.name = requireNonNull(name, "name");
        this.mode = requireNonNull(mode, "mode");
        this.servers = List.copyOf(servers);
        this.algorithm = requireNonNull(algorithm, "algorithm");
        this.dispatch = dispatch;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.serverTimeoutMillis = serverTimeoutMillis;
        this.retries = retries;
        this.http = requireNonNull(http, "http");
        this.cookie = cookie;
        rebuildPicker();
    }

    /**
     * Rebuilds the picker from the servers that can take traffic (weight above 0). Control
     * plane: called at start and whenever a server's state changes.
     */
    public synchronized void rebuildPicker() {
        List<Server> usable = servers.stream().filter(server -> server.weight() > 0).map(Server.class::cast).toList();
        ServerPicker previous = picker;
        picker = usable.isEmpty() ? ServerPicker.EMPTY : algorithm.newPicker(new ServerSnapshot(usable, ++generation), previous);
    }

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

    /** {@code retries}. */
    public int retries() {
        return retries;
    }

    /** The backend's {@code http-request}, {@code redirect}, {@code http-response} rules and {@code option forwardfor}. */
    public HttpRules http() {
        return http;
    }

    /** {@code cookie} persistence, or null. */
    public @Nullable CookiePersistence cookie() {
        return cookie;
    }

    @Override
    public String toString() {
        return "backend " + name;
    }
}
