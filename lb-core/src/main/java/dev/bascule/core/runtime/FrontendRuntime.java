package dev.bascule.core.runtime;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.BindConfig;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.core.log.FrontendLog;

import java.util.List;

/** A frontend as the transport sees it: listeners, rules and routing, compiled. */
public final class FrontendRuntime {
    private final String name;
    private final ProxyMode mode;
    private final List<BindConfig> binds;
    private final @Nullable DirectResponse directResponse;
    private final @Nullable BackendRuntime backend;
    private final long clientTimeoutMillis;
    private final long httpRequestTimeoutMillis;
    private final long httpKeepAliveTimeoutMillis;
    private final FrontendLog log;

    FrontendRuntime(String name, ProxyMode mode, List<BindConfig> binds, @Nullable DirectResponse directResponse,
                    @Nullable BackendRuntime backend, long clientTimeoutMillis, long httpRequestTimeoutMillis,
                    long httpKeepAliveTimeoutMillis) {
        this(name, mode, binds, directResponse, backend, clientTimeoutMillis, httpRequestTimeoutMillis,
                httpKeepAliveTimeoutMillis, FrontendLog.disabled(name, mode == ProxyMode.HTTP));
    }

    FrontendRuntime(String name, ProxyMode mode, List<BindConfig> binds, @Nullable DirectResponse directResponse,
                    @Nullable BackendRuntime backend, long clientTimeoutMillis, long httpRequestTimeoutMillis,
                    long httpKeepAliveTimeoutMillis, FrontendLog log) {
        this.log = requireNonNull(log, "log");
        this.name = requireNonNull(name, "name");
        this.mode = requireNonNull(mode, "mode");
        this.binds = List.copyOf(binds);
        this.directResponse = directResponse;
        this.backend = backend;
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

    /**
     * The response of the first {@code http-request return} rule, or null. Rules without
     * conditions end evaluation at the first final action, so only the first one can apply.
     */
    public @Nullable DirectResponse directResponse() {
        return directResponse;
    }

    /** The backend requests go to ({@code use_backend}, else {@code default_backend}), or null: 503. */
    public @Nullable BackendRuntime backend() {
        return backend;
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

    /** Its logging: targets, line format, connection counters. */
    public FrontendLog log() {
        return log;
    }

    @Override
    public String toString() {
        return "frontend " + name;
    }
}
