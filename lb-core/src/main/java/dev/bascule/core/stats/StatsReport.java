package dev.bascule.core.stats;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Nullable;
import dev.bascule.api.balance.Server;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.config.StatsPage;
import dev.bascule.core.Versions;
import dev.bascule.core.runtime.BackendQueues;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.core.runtime.ServerRuntime;
import dev.bascule.core.stick.StickTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * HAProxy 2.6's statistics page ({@code stats uri}) over Bascule's counters: the CSV form
 * ({@code <uri>;csv}) with HAProxy's header line and field order ({@code src/stats.c}), and an
 * HTML page showing the same rows. A field Bascule keeps no counter for is left empty, as are the
 * fields HAProxy leaves empty for that kind of row. Built on demand, off the traffic's path.
 */
public final class StatsReport {
    /** HAProxy 2.6's static fields ({@code stat_fields[]}, {@code ST_F_TOTAL_FIELDS} of them), in order. */
    static final List<String> FIELDS = List.of("pxname", "svname", "qcur", "qmax", "scur", "smax", "slim", "stot",
            "bin", "bout", "dreq", "dresp", "ereq", "econ", "eresp", "wretr", "wredis", "status", "weight", "act",
            "bck", "chkfail", "chkdown", "lastchg", "downtime", "qlimit", "pid", "iid", "sid", "throttle", "lbtot",
            "tracked", "type", "rate", "rate_lim", "rate_max", "check_status", "check_code", "check_duration",
            "hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other", "hanafail", "req_rate",
            "req_rate_max", "req_tot", "cli_abrt", "srv_abrt", "comp_in", "comp_out", "comp_byp", "comp_rsp",
            "lastsess", "last_chk", "last_agt", "qtime", "ctime", "rtime", "ttime", "agent_status", "agent_code",
            "agent_duration", "check_desc", "agent_desc", "check_rise", "check_fall", "check_health", "agent_rise",
            "agent_fall", "agent_health", "addr", "cookie", "mode", "algo", "conn_rate", "conn_rate_max",
            "conn_tot", "intercepted", "dcon", "dses", "wrew", "connect", "reuse", "cache_lookups", "cache_hits",
            "srv_icur", "src_ilim", "qtime_max", "ctime_max", "rtime_max", "ttime_max", "eint", "idle_conn_cur",
            "safe_conn_cur", "used_conn_cur", "need_conn_est", "uweight", "agg_server_status",
            "agg_server_check_status", "agg_check_status");

    /**
     * The fields of HAProxy 2.6's statistics modules (SSL, HTTP/2, HTTP/1), after the {@code -}
     * that ends the static ones; Bascule keeps none of these counters, they stay empty.
     */
    static final List<String> MODULE_FIELDS = List.of("ssl_sess", "ssl_reused_sess", "ssl_failed_handshake",
            "h2_headers_rcvd", "h2_data_rcvd", "h2_settings_rcvd", "h2_rst_stream_rcvd", "h2_goaway_rcvd",
            "h2_detected_conn_protocol_errors", "h2_detected_strm_protocol_errors", "h2_rst_stream_resp",
            "h2_goaway_resp", "h2_open_connections", "h2_backend_open_streams", "h2_total_connections",
            "h2_backend_total_streams", "h1_open_connections", "h1_open_streams", "h1_total_connections",
            "h1_total_streams", "h1_bytes_in", "h1_bytes_out", "h1_spliced_bytes_in", "h1_spliced_bytes_out");

    /** The CSV header line, as HAProxy 2.6.12 prints it. */
    public static final String CSV_HEADER = header();

    private static final Map<String, Integer> INDEX = new HashMap<>();

    static {
        for (int i = 0; i < FIELDS.size(); i++) {
            INDEX.put(FIELDS.get(i), i);
        }
    }

    /** HAProxy's {@code STATS_TYPE_FE}, {@code STATS_TYPE_BE} (servers: {@link ServerRows#TYPE_SERVER}). */
    private static final int TYPE_FRONTEND = 0;
    private static final int TYPE_BACKEND = 1;

    /**
     * One proxy as the page lists it: a {@code frontend}, a {@code backend}, or both halves of a
     * {@code listen} section, under HAProxy's proxy id.
     *
     * @param name     the section's name
     * @param id       its proxy id ({@code iid})
     * @param frontend its accepting half, or null
     * @param backend  its serving half, or null
     */
    public record Proxy(String name, int id, @Nullable FrontendRuntime frontend, @Nullable BackendRuntime backend) {
        public Proxy {
            requireNonNull(name, "name");
        }
    }

    /**
     * What the request asks for after the page's URI (HAProxy's {@code http_handle_stats()}).
     *
     * @param csv       {@code ;csv}
     * @param noRefresh {@code ;norefresh}
     * @param hideDown  {@code ;up}: servers DOWN and not changing state are left out
     * @param scope     {@code scope=TEXT}: only the proxies whose name contains it (case-insensitive); empty for all
     */
    public record Options(boolean csv, boolean noRefresh, boolean hideDown, String scope) {
        public Options {
            requireNonNull(scope, "scope");
        }

        /** Reads the options written after the first {@code prefixLength} characters of {@code uri}. */
        public static Options parse(String uri, int prefixLength) {
            String rest = prefixLength <= uri.length() ? uri.substring(prefixLength) : "";
            String scope = "";
            int at = rest.indexOf("scope=");
            if (at >= 0 && rest.length() - at >= 8) {
                int start = at + 6;
                int end = start;
                while (end < rest.length() && rest.charAt(end) != ';' && rest.charAt(end) != '&'
                        && rest.charAt(end) != ' ') {
                    end++;
                }
                scope = rest.substring(start, Math.min(end, start + 15));
                if (!validScope(scope)) {
                    scope = "";
                }
            }
            return new Options(rest.contains(";csv"), rest.contains(";norefresh"), rest.contains(";up"), scope);
        }

        /** HAProxy's {@code invalid_char()}: letters, digits, {@code .:_-}. */
        private static boolean validScope(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (!(Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == ':' || c == '_' || c == '-')) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Proxy> proxies;
    private final OptionalInt globalMaxConnections;
    private final Map<String, OptionalInt> fullConnections;
    private final OptionalInt threads;
    private final List<StickTable> stickTables;
    /**
     * The host name, for {@code stats show-node} without a name (HAProxy's default {@code node}),
     * read when the first report is built: before a {@code chroot}.
     */
    private static final String HOST_NAME = readHostName();
    private final String hostName = HOST_NAME;

    /** A report without backend limits ({@code slim} of backends left empty). */
    public StatsReport(List<Proxy> proxies, OptionalInt globalMaxConnections) {
        this(proxies, globalMaxConnections, Map.of());
    }

    /**
     * @param proxies              every proxy, in HAProxy's order (declaration order)
     * @param globalMaxConnections the global {@code maxconn}, a frontend's limit when it sets none
     * @param fullConnections      each backend's {@code fullconn} ({@code slim}), empty when unknown
     */
    public StatsReport(List<Proxy> proxies, OptionalInt globalMaxConnections,
                       Map<String, OptionalInt> fullConnections) {
        this(proxies, globalMaxConnections, fullConnections, OptionalInt.empty(), List.of());
    }

    /**
     * @param threads     the event-loop threads serving the traffic, empty when unknown
     * @param stickTables the stick tables, in declaration order
     */
    public StatsReport(List<Proxy> proxies, OptionalInt globalMaxConnections,
                       Map<String, OptionalInt> fullConnections, OptionalInt threads, List<StickTable> stickTables) {
        this.proxies = List.copyOf(proxies);
        this.globalMaxConnections = requireNonNull(globalMaxConnections, "globalMaxConnections");
        this.fullConnections = Map.copyOf(fullConnections);
        this.threads = requireNonNull(threads, "threads");
        this.stickTables = List.copyOf(stickTables);
    }

    public List<Proxy> proxies() {
        return proxies;
    }

    /** The global {@code maxconn}, empty when the configuration sets none. */
    public OptionalInt globalMaxConnections() {
        return globalMaxConnections;
    }

    /** The event-loop threads, empty when unknown. */
    public OptionalInt threads() {
        return threads;
    }

    public List<StickTable> stickTables() {
        return stickTables;
    }

    /** The index of the field called {@code field} in the rows below ({@code scur}, {@code hrsp_2xx}...). */
    public static int fieldIndex(String field) {
        Integer index = INDEX.get(field);
        if (index == null) {
            throw new IllegalArgumentException("no stats field " + field);
        }
        return index;
    }

    /**
     * The CSV fields of {@code proxy}'s frontend (null: empty), as the page shows them without
     * legends; for the Prometheus exporter, which reads the same values.
     */
    public String[] frontendFields(Proxy proxy) {
        return frontendRow(proxy, requireNonNull(proxy.frontend(), "frontend"));
    }

    /**
     * The CSV fields of the listeners of {@code proxy}'s frontend that have counters ({@code option
     * socket-stats}), in the frontend's order, without legends; none without the option.
     */
    public List<String[]> listenerFields(Proxy proxy) {
        List<String[]> rows = new ArrayList<>();
        ListenerRows.add(rows, proxy, requireNonNull(proxy.frontend(), "frontend"), false);
        return rows;
    }

    /** The CSV fields of {@code proxy}'s backend (null: empty), without legends. */
    public String[] backendFields(Proxy proxy, long nowMillis) {
        return backendRow(proxy, requireNonNull(proxy.backend(), "backend"), false, false, nowMillis);
    }

    /** The CSV fields of {@code server} of {@code proxy}'s backend (null: empty), without legends. */
    public String[] serverFields(Proxy proxy, ServerRuntime server, long nowMillis) {
        return ServerRows.row(proxy, requireNonNull(proxy.backend(), "backend"), server, false, nowMillis);
    }

    private static String header() {
        StringBuilder line = new StringBuilder("# ");
        for (String field : FIELDS) {
            line.append(field).append(',');
        }
        line.append("-,");
        for (String field : MODULE_FIELDS) {
            line.append(field).append(',');
        }
        return line.append('\n').toString();
    }

    /** The rows the page shows for {@code page} served by proxy {@code self}, each as its field values (null: empty). */
    List<String[]> rows(StatsPage page, String self, Options options, long nowMillis) {
        List<String[]> rows = new ArrayList<>();
        for (Proxy proxy : proxies) {
            if (!inScope(page, self, options, proxy.name())) {
                continue;
            }
            if (proxy.frontend() != null) {
                rows.add(frontendRow(proxy, proxy.frontend()));
                ListenerRows.add(rows, proxy, proxy.frontend(), page.showLegends());
            }
            if (proxy.backend() != null) {
                for (ServerRuntime server : proxy.backend().servers()) {
                    if (options.hideDown() && server.inMaintenance()) {
                        continue;
                    }
                    if (options.hideDown() && !server.isUp()
                            && (!server.check().enabled() || server.checkHealth() == 0)) {
                        continue;
                    }
                    rows.add(ServerRows.row(proxy, proxy.backend(), server, page.showLegends(), nowMillis));
                }
                rows.add(backendRow(proxy, proxy.backend(), page.showLegends(), options.hideDown(), nowMillis));
            }
        }
        return rows;
    }

    private static boolean inScope(StatsPage page, String self, Options options, String name) {
        if (!page.scopes().isEmpty() && page.scopes().stream().noneMatch(
                scope -> scope.equals(name) || scope.equals(".") && name.equals(self))) {
            return false;
        }
        return options.scope().isEmpty()
                || name.toLowerCase(Locale.ROOT).contains(options.scope().toLowerCase(Locale.ROOT));
    }

    /** The CSV form: the header line, then one line per frontend, server and backend. */
    public String csv(StatsPage page, String self, Options options, long nowMillis) {
        StringBuilder out = new StringBuilder(CSV_HEADER);
        for (String[] row : rows(page, self, options, nowMillis)) {
            for (String value : row) {
                if (value != null) {
                    appendCsv(out, value);
                }
                out.append(',');
            }
            out.append("-,");
            out.append(",".repeat(MODULE_FIELDS.size()));
            out.append('\n');
        }
        return out.toString();
    }

    /** HAProxy's {@code csv_enc_append()}: quoted when it holds a comma, a quote or a line break. */
    private static void appendCsv(StringBuilder out, String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            out.append(value);
            return;
        }
        out.append('"').append(value.replace("\"", "\"\"")).append('"');
    }

    static String[] newRow(String proxy, String service, ProxyMode mode) {
        String[] row = new String[FIELDS.size()];
        set(row, "pxname", proxy);
        set(row, "svname", service);
        set(row, "mode", mode == ProxyMode.HTTP ? "http" : "tcp");
        set(row, "pid", 1);
        return row;
    }

    static void set(String[] row, String field, Object value) {
        Integer index = INDEX.get(field);
        if (index == null) {
            throw new IllegalArgumentException("no stats field " + field);
        }
        row[index] = String.valueOf(value);
    }

    private static String value(String[] row, String field) {
        return row[INDEX.get(field)];
    }

    static void httpResponses(String[] row, Counters counters) {
        set(row, "hrsp_1xx", counters.responses(1));
        set(row, "hrsp_2xx", counters.responses(2));
        set(row, "hrsp_3xx", counters.responses(3));
        set(row, "hrsp_4xx", counters.responses(4));
        set(row, "hrsp_5xx", counters.responses(5));
        set(row, "hrsp_other", counters.responses(0));
    }

    /** No compression and no cache in Bascule: their counters are truly 0. */
    private static void noCompression(String[] row) {
        set(row, "comp_in", 0);
        set(row, "comp_out", 0);
        set(row, "comp_byp", 0);
        set(row, "comp_rsp", 0);
    }

    private String[] frontendRow(Proxy proxy, FrontendRuntime frontend) {
        Counters counters = frontend.counters();
        String[] row = newRow(proxy.name(), "FRONTEND", frontend.mode());
        set(row, "scur", counters.current());
        set(row, "smax", counters.peak());
        if (frontend.maxConnections() > 0) {
            set(row, "slim", frontend.maxConnections());
        } else if (globalMaxConnections.isPresent()) {
            set(row, "slim", globalMaxConnections.getAsInt());
        }
        set(row, "stot", counters.sessions());
        set(row, "bin", counters.bytesIn());
        set(row, "bout", counters.bytesOut());
        set(row, "dreq", counters.deniedRequests());
        set(row, "dresp", counters.deniedResponses());
        set(row, "ereq", counters.failedRequests());
        set(row, "dcon", counters.deniedConnections());
        set(row, "dses", counters.deniedSessions());
        set(row, "status", "OPEN");
        set(row, "iid", proxy.id());
        set(row, "sid", 0);
        set(row, "type", TYPE_FRONTEND);
        // no 'rate-limit sessions' in Bascule
        set(row, "rate_lim", 0);
        if (frontend.mode() == ProxyMode.HTTP) {
            httpResponses(row, counters);
            set(row, "intercepted", counters.intercepted());
            set(row, "cache_lookups", 0);
            set(row, "cache_hits", 0);
        }
        set(row, "req_tot", counters.requests());
        noCompression(row);
        set(row, "conn_tot", counters.connections());
        return row;
    }

    /** HAProxy's {@code srv_lastsession()}: seconds since the last session, -1 when none. */
    static long lastSession(Counters counters, long nowMillis) {
        long last = counters.lastSessionMillis();
        return last == 0 ? -1 : nowMillis / 1000 - last / 1000;
    }

    private String[] backendRow(Proxy proxy, BackendRuntime backend, boolean legends, boolean hideDown,
                                       long nowMillis) {
        Counters counters = backend.counters();
        String[] row = newRow(proxy.name(), "BACKEND", backend.mode());
        BackendQueues queues = backend.queues();
        set(row, "qcur", queues == null ? 0 : queues.length());
        set(row, "qmax", queues == null ? 0 : queues.peak());
        if (queues != null) {
            set(row, "qtime", queues.averageQueueTime());
        }
        set(row, "scur", counters.current());
        set(row, "smax", counters.peak());
        set(row, "stot", counters.sessions());
        set(row, "bin", counters.bytesIn());
        set(row, "bout", counters.bytesOut());
        set(row, "dreq", counters.deniedRequests());
        set(row, "dresp", counters.deniedResponses());
        set(row, "econ", counters.failedConnections());
        set(row, "eresp", counters.failedResponses());
        set(row, "wretr", counters.retries());
        set(row, "wredis", counters.redispatches());
        set(row, "lbtot", counters.balanced());
        set(row, "connect", counters.newConnections());
        set(row, "reuse", counters.reusedConnections());
        set(row, "lastsess", lastSession(counters, nowMillis));
        fullConnections.getOrDefault(backend.name(), OptionalInt.empty()).ifPresent(limit -> set(row, "slim", limit));
        String status = backend.isUp() ? "UP" : "DOWN";
        if (hideDown) {
            int up = 0;
            for (ServerRuntime server : backend.servers()) {
                up += server.isUp() ? 1 : 0;
            }
            status += " (" + up + "/" + backend.servers().size() + ")";
        }
        set(row, "status", status);
        set(row, "agg_server_status", 0);
        set(row, "agg_server_check_status", 0);
        set(row, "agg_check_status", 0);
        set(row, "weight", (backend.totalScaledWeight() + Server.WEIGHT_SCALE - 1) / Server.WEIGHT_SCALE);
        set(row, "uweight", backend.totalWeight());
        set(row, "act", backend.activeUsable());
        set(row, "bck", backend.backupUsable());
        set(row, "chkdown", backend.downTransitions());
        set(row, "lastchg", nowMillis / 1000 - backend.lastChangeMillis() / 1000);
        if (!backend.servers().isEmpty()) {
            set(row, "downtime", backend.downMillis(nowMillis) / 1000);
        }
        set(row, "iid", proxy.id());
        set(row, "sid", 0);
        set(row, "type", TYPE_BACKEND);
        if (legends) {
            if (backend.cookie() != null) {
                set(row, "cookie", backend.cookie().config().name());
            }
            set(row, "algo", backend.algorithmName());
        }
        if (backend.mode() == ProxyMode.HTTP) {
            set(row, "req_tot", counters.requests());
            httpResponses(row, counters);
            set(row, "cache_lookups", 0);
            set(row, "cache_hits", 0);
        }
        noCompression(row);
        return row;
    }

    // ---------------------------------------------------------------- HTML

    /** The columns of the HTML tables: a title and the CSV field each shows. */
    private static final String[][] COLUMNS = {
        {"Cur", "scur"}, {"Max", "smax"}, {"Limit", "slim"}, {"Total", "stot"},
        {"In", "bin"}, {"Out", "bout"}, {"Requests", "req_tot"},
        {"1xx", "hrsp_1xx"}, {"2xx", "hrsp_2xx"}, {"3xx", "hrsp_3xx"}, {"4xx", "hrsp_4xx"}, {"5xx", "hrsp_5xx"},
        {"other", "hrsp_other"}, {"Status", "status"}, {"LastChg", "lastchg"}, {"LastChk", "check_status"},
        {"Wght", "weight"}, {"Act", "act"}, {"Bck", "bck"}, {"Chk", "chkfail"}, {"Dwn", "chkdown"},
        {"Dwntme", "downtime"},
    };

    /** The HTML page: a title, then a table per proxy with its frontend, server and backend rows. */
    public String html(StatsPage page, String self, Options options, long nowMillis) {
        return html(page, self, options, nowMillis, false, "");
    }

    /**
     * The HTML page for the request {@code uri}; with {@code admin} ({@code stats admin}) each
     * backend's table is a form with a checkbox per server and HAProxy's action select.
     */
    public String html(StatsPage page, String self, Options options, long nowMillis, boolean admin, String uri) {
        StringBuilder out = new StringBuilder(8192);
        out.append("<!DOCTYPE html>\n<html><head><title>Statistics Report for Bascule");
        if (!page.showNode().isEmpty()) {
            out.append(" on ").append(escape(nodeName(page)));
        }
        out.append("</title>\n<meta http-equiv=\"content-type\" content=\"text/html; charset=iso-8859-1\">\n");
        if (page.refresh().isPresent() && !options.noRefresh()) {
            out.append("<meta http-equiv=\"refresh\" content=\"").append(page.refresh().get().getSeconds())
                    .append("\">\n");
        }
        out.append("<style type=\"text/css\"><!--\n"
                + "body { font-family: arial, helvetica, sans-serif; font-size: 12px; background: #fff; }\n"
                + "table.tbl { border-collapse: collapse; border-style: none; margin-bottom: 1em; }\n"
                + "table.tbl td, table.tbl th { border: 1px solid #999; padding: 1px 4px; text-align: right; }\n"
                + "table.tbl th.pxname { background: #b00040; color: #ffff40; text-align: left; }\n"
                + "tr.frontend td { background: #e8e8d0; } tr.backend td { background: #e8e8d0; font-weight: bold; }\n"
                + "tr.active td { background: #c0ffc0; } tr.down td { background: #ff9090; }\n"
                + "tr.socket td { background: #d0d0d0; }\n"
                + "td.name { text-align: left; }\n"
                + "--></style></head>\n<body>\n<h1>Bascule</h1>\n<h2>Statistics Report for pid ");
        out.append(ProcessHandle.current().pid());
        if (!page.showNode().isEmpty()) {
            out.append(" on ").append(escape(nodeName(page)));
        }
        out.append("</h2>\n");
        if (page.showDescription().isPresent()) {
            out.append("<p class=\"desc\">").append(escape(page.showDescription().get())).append("</p>\n");
        }
        if (!page.hideVersion()) {
            out.append("<p class=\"version\">Bascule version ").append(escape(Versions.bascule()))
                    .append(", compatible with HAProxy ").append(Versions.HAPROXY_COMPAT).append("</p>\n");
        }
        String status = StatsHtmlAdmin.status(uri);
        if (status != null) {
            StatsHtmlAdmin.message(out, status, page, options);
        }
        String current = null;
        Proxy form = null;
        for (String[] row : rows(page, self, options, nowMillis)) {
            String proxy = value(row, "pxname");
            if (!proxy.equals(current)) {
                if (current != null) {
                    closeTable(out, form);
                }
                current = proxy;
                Proxy shown = proxy(proxy);
                boolean servers = shown != null && shown.backend() != null && !shown.backend().servers().isEmpty();
                form = admin && servers ? shown : null;
                if (form != null) {
                    out.append("<form method=\"post\">");
                }
                out.append("<table class=\"tbl\" width=\"100%\">\n<tr><th class=\"pxname\" colspan=\"")
                        .append(COLUMNS.length + (admin ? 2 : 1)).append("\"><a name=\"").append(escape(proxy))
                        .append("\">").append(escape(proxy)).append("</a></th></tr>\n<tr>");
                if (admin) {
                    StatsHtmlAdmin.headingCell(out, escape(proxy), servers);
                }
                out.append("<th>Name</th>");
                for (String[] column : COLUMNS) {
                    out.append("<th>").append(column[0]).append("</th>");
                }
                out.append("</tr>\n");
            }
            String service = value(row, "svname");
            String state = value(row, "status");
            boolean socket = String.valueOf(ListenerRows.TYPE_SOCKET).equals(value(row, "type"));
            boolean server = !socket && !service.equals("FRONTEND") && !service.equals("BACKEND");
            String kind = service.equals("FRONTEND") ? "frontend" : service.equals("BACKEND") ? "backend"
                    : socket ? "socket" : state != null && state.startsWith("DOWN") ? "down" : "active";
            out.append("<tr class=\"").append(kind).append("\">");
            if (admin) {
                StatsHtmlAdmin.cell(out, escape(proxy), server ? escape(service) : null);
            }
            out.append("<td class=\"name\">").append(escape(service)).append("</td>");
            for (String[] column : COLUMNS) {
                String value = value(row, column[1]);
                out.append("<td>").append(value == null ? "" : escape(value)).append("</td>");
            }
            out.append("</tr>\n");
        }
        if (current != null) {
            closeTable(out, form);
        }
        out.append("</body></html>\n");
        return out.toString();
    }

    /** Ends a proxy's table, and the admin form around it ({@code form}: its proxy, null when none). */
    private static void closeTable(StringBuilder out, @Nullable Proxy form) {
        out.append("</table>\n");
        if (form != null) {
            StatsHtmlAdmin.formEnd(out, form.id());
        }
    }

    private @Nullable Proxy proxy(String name) {
        for (Proxy proxy : proxies) {
            if (proxy.name().equals(name)) {
                return proxy;
            }
        }
        return null;
    }

    private String nodeName(StatsPage page) {
        String node = page.showNode().orElse("");
        return node.isEmpty() ? hostName : node;
    }

    /** The kernel's host name, HAProxy's default {@code node} (read once, before any chroot). */
    public static String hostName() {
        return HOST_NAME;
    }

    /** The kernel's host name, read once when the report is built (never a DNS lookup on an event loop). */
    private static String readHostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null ? "localhost" : fromEnvironment;
        }
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
