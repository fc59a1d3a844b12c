package dev.bascule.core.stats;

import static dev.bascule.core.stats.StatsReport.newRow;
import static dev.bascule.core.stats.StatsReport.set;

import dev.bascule.api.config.ListenAddress;
import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.core.runtime.ListenerRuntime;

import java.util.List;

/**
 * The rows of a frontend's listeners on the statistics page, with {@code option socket-stats}:
 * HAProxy 2.6's {@code stats_fill_li_stats()}, one row of type 3 (socket) per listener after
 * the frontend's row, named by the bind's {@code name} ({@code sock-<id>} without one).
 */
final class ListenerRows {
    /** HAProxy's {@code STATS_TYPE_SO}. */
    static final int TYPE_SOCKET = 3;

    private ListenerRows() {
    }

    /** Adds the rows of {@code frontend}'s listeners to {@code rows}, none without {@code option socket-stats}. */
    static void add(List<String[]> rows, StatsReport.Proxy proxy, FrontendRuntime frontend, boolean legends) {
        for (ListenerRuntime listener : frontend.listeners()) {
            if (listener.counters() != null) {
                rows.add(row(proxy, frontend, listener, legends));
            }
        }
    }

    private static String[] row(StatsReport.Proxy proxy, FrontendRuntime frontend, ListenerRuntime listener,
                                boolean legends) {
        ListenerCounters counters = listener.counters();
        String[] row = newRow(proxy.name(), listener.name(), frontend.mode());
        set(row, "scur", counters.current());
        set(row, "smax", counters.peak());
        // the bind's own maxconn, which Bascule does not read: 0, as HAProxy shows a bind without one
        set(row, "slim", 0);
        set(row, "stot", counters.connections());
        set(row, "bin", counters.bytesIn());
        set(row, "bout", counters.bytesOut());
        set(row, "dreq", counters.deniedRequests());
        set(row, "dresp", counters.deniedResponses());
        set(row, "ereq", counters.failedRequests());
        set(row, "dcon", counters.deniedConnections());
        set(row, "dses", counters.deniedSessions());
        // HAProxy's get_li_status(): FULL needs the bind's maxconn, which Bascule does not read
        set(row, "status", counters.limited() ? "WAITING" : "OPEN");
        set(row, "iid", proxy.id());
        set(row, "sid", listener.id());
        set(row, "type", TYPE_SOCKET);
        if (legends) {
            String address = address(listener.bind().address());
            if (address != null) {
                set(row, "addr", address);
            }
        }
        return row;
    }

    /** The address as HAProxy shows a listener's: {@code ip:port}, {@code [ipv6]:port}, {@code unix}. */
    private static String address(ListenAddress address) {
        if (address instanceof ListenAddress.Inet inet) {
            String host = inet.host().isEmpty() || inet.host().equals("*") ? "0.0.0.0" : inet.host();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.port();
        }
        if (address instanceof ListenAddress.Unix) {
            return "unix";
        }
        // an inherited socket: its address is the kernel's, which the configuration does not say
        return null;
    }
}
