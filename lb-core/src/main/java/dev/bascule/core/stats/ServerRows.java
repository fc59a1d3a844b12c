package dev.bascule.core.stats;

import static dev.bascule.core.stats.StatsReport.httpResponses;
import static dev.bascule.core.stats.StatsReport.lastSession;
import static dev.bascule.core.stats.StatsReport.newRow;
import static dev.bascule.core.stats.StatsReport.set;

import dev.bascule.api.balance.Server;
import dev.bascule.api.check.CheckResult;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.config.ServerAgent;
import dev.bascule.api.sample.Sample;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.IdleConnections;
import dev.bascule.core.runtime.ServerAgentState;
import dev.bascule.core.runtime.ServerRuntime;

import java.net.InetSocketAddress;

/**
 * A server's row of the statistics page (type 2), as HAProxy's {@code stats_fill_sv_stats()}
 * fills it: counters, state, check, weights, its connection pool, and with the legends its
 * address and cookie. The CSV, the HTML page and the Prometheus exporter read the same row.
 */
final class ServerRows {
    /** HAProxy's {@code STATS_TYPE_SV}. */
    static final int TYPE_SERVER = 2;

    private ServerRows() {
    }

    /**
     * The server's connection pool as HAProxy shows it: idle connections ({@code srv_icur}), the
     * {@code pool-max-conn} limit when set, the connections in use. Bascule does not split its idle
     * connections into HAProxy's unsafe and safe lists, and its estimate of the need is not
     * HAProxy's to the unit (HAProxy counts 1 for a server only checked), so {@code idle_conn_cur},
     * {@code safe_conn_cur} and {@code need_conn_est} stay empty.
     */
    private static void idleConnections(String[] row, ServerRuntime server) {
        IdleConnections pool = server.idleConnections();
        set(row, "srv_icur", pool.idle());
        if (pool.maxIdle() >= 0) {
            set(row, "src_ilim", pool.maxIdle());
        }
        set(row, "used_conn_cur", server.inflight());
    }

    static String[] row(StatsReport.Proxy proxy, BackendRuntime backend, ServerRuntime server, boolean legends,
                        long nowMillis) {
        Counters counters = server.counters();
        String[] row = newRow(proxy.name(), server.name(), backend.mode());
        set(row, "qcur", server.queueLength());
        set(row, "qmax", server.queuePeak());
        if (server.maxConn() > 0) {
            // HAProxy's slim is the server's maxconn, qlimit its maxqueue (empty without)
            set(row, "slim", server.maxConn());
            if (server.maxQueue() > 0) {
                set(row, "qlimit", server.maxQueue());
            }
            set(row, "qtime", server.averageQueueTime());
        }
        set(row, "scur", server.inflight());
        idleConnections(row, server);
        set(row, "smax", counters.peak());
        set(row, "stot", counters.sessions());
        set(row, "bin", counters.bytesIn());
        set(row, "bout", counters.bytesOut());
        set(row, "dresp", counters.deniedResponses());
        set(row, "econ", counters.failedConnections());
        set(row, "eresp", counters.failedResponses());
        set(row, "wretr", counters.retries());
        set(row, "wredis", counters.redispatches());
        if (server.observer().observing()) {
            set(row, "hanafail", counters.failedHanas());
        }
        set(row, "lbtot", counters.balanced());
        set(row, "connect", counters.newConnections());
        set(row, "reuse", counters.reusedConnections());
        set(row, "lastsess", lastSession(counters, nowMillis));
        boolean checked = server.check().enabled() && backend.healthCheck() != null;
        set(row, "status", serverStatus(server, checked));
        set(row, "lastchg", nowMillis / 1000 - server.lastChangeMillis() / 1000);
        // HAProxy's eweight in whole units, rounded up: below uweight while a slowstart warms up
        set(row, "weight", (server.scaledWeight() + Server.WEIGHT_SCALE - 1) / Server.WEIGHT_SCALE);
        set(row, "uweight", server.weight());
        if (server.warmingUp()) {
            set(row, "throttle", server.throttlePercent());
        }
        set(row, "act", server.backup() ? 0 : 1);
        set(row, "bck", server.backup() ? 1 : 0);
        if (checked) {
            set(row, "chkfail", server.failedChecks());
            set(row, "chkdown", server.downTransitions());
            set(row, "downtime", server.downMillis(nowMillis) / 1000);
            ServerRuntime.CheckReport report = server.lastCheck();
            if (report == null) {
                set(row, "check_status", "INI");
                set(row, "check_desc", "Initializing");
                set(row, "last_chk", "");
            } else {
                CheckResult result = report.result();
                set(row, "check_status", result.status().name());
                if (result.status().carriesCode() && result.code() >= 0) {
                    set(row, "check_code", result.code());
                }
                set(row, "check_duration", report.durationMillis());
                set(row, "check_desc", result.status().description());
                set(row, "last_chk", result.detail());
            }
            set(row, "check_rise", server.check().rise());
            set(row, "check_fall", server.check().fall());
            set(row, "check_health", server.checkHealth());
        }
        ServerAgentState agentState = server.agent();
        if (agentState != null) {
            agent(row, agentState);
        }
        set(row, "iid", proxy.id());
        set(row, "sid", server.id());
        set(row, "type", TYPE_SERVER);
        if (backend.mode() == ProxyMode.HTTP) {
            set(row, "req_tot", counters.requests());
            httpResponses(row, counters);
        }
        if (legends) {
            InetSocketAddress address = server.address();
            String host = address.getAddress() == null ? address.getHostString()
                    : Sample.appendAddress(new StringBuilder(), address.getAddress()).toString();
            if (!address.isUnresolved()) {
                // a server without address (name resolution gave none) shows none
                set(row, "addr", (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort());
            }
            if (backend.cookie() != null) {
                String cookie = backend.cookie().valueOf(server);
                if (cookie != null) {
                    set(row, "cookie", cookie);
                }
            }
        }
        return row;
    }

    /** HAProxy's {@code srv_hlt_st[]} for the server's state and check health. */
    private static String serverStatus(ServerRuntime server, boolean checked) {
        int rise = server.check().rise();
        int fall = server.check().fall();
        int health = server.checkHealth();
        if (server.maintenance()) {
            // disable server: HAProxy's SRV_ADMF_FMAINT, whatever the checks say
            return "MAINT";
        }
        if (server.resolutionMaintenance()) {
            // HAProxy's SRV_ADMF_RMAINT: no address from name resolution
            return "MAINT (resolution)";
        }
        if (server.isUp() && server.stopping()) {
            // http-check disable-on-404: HAProxy's SRV_STATS_STATE_NOLB and _NOLB_GOING_DOWN, drain or not
            return !checked || health == rise + fall - 1 ? "NOLB" : "NOLB " + (health - rise + 1) + "/" + fall;
        }
        if (server.isUp()) {
            boolean goingDown = checked && health < rise + fall - 1;
            if (server.drain() && server.agent() != null) {
                // HAProxy's SRV_STATS_STATE_DRAIN_AGENT: a drained server with an agent
                return "DRAIN (agent)";
            }
            if (server.drain()) {
                // HAProxy's SRV_STATS_STATE_DRAIN and _DRAIN_GOING_DOWN
                return goingDown ? "DRAIN " + (health - rise + 1) + "/" + fall : "DRAIN";
            }
            if (!checked) {
                return "no check";
            }
            return goingDown ? "UP " + (health - rise + 1) + "/" + fall : "UP";
        }
        ServerAgentState agent = server.agent();
        if (agent != null && agent.health() == 0) {
            // HAProxy's SRV_STATS_STATE_DOWN_AGENT
            return "DOWN (agent)";
        }
        return checked && health > 0 ? "DOWN " + health + "/" + rise : "DOWN";
    }

    /** The agent's columns, as HAProxy fills them while the agent is enabled. */
    private static void agent(String[] row, ServerAgentState agent) {
        ServerAgentState.Report report = agent.last();
        String prefix = agent.inProgress() ? "* " : "";
        if (report == null) {
            set(row, "agent_status", prefix + "INI");
            set(row, "agent_desc", "Initializing");
            set(row, "last_agt", "");
            set(row, "agent_duration", 0);
        } else {
            set(row, "agent_status", prefix + report.statusName());
            if (report.result() != null && report.result().status().carriesCode()) {
                set(row, "agent_code", report.result().code());
            }
            set(row, "agent_duration", report.durationMillis());
            set(row, "agent_desc", report.description());
            set(row, "last_agt", report.info());
        }
        set(row, "agent_rise", ServerAgent.RISE);
        set(row, "agent_fall", ServerAgent.FALL);
        set(row, "agent_health", agent.health());
    }
}
