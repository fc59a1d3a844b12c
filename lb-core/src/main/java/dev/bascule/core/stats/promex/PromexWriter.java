package dev.bascule.core.stats.promex;

import dev.bascule.api.check.CheckResult;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.core.Versions;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.core.runtime.ServerRuntime;
import dev.bascule.core.stats.StatsReport;
import dev.bascule.core.stick.StickTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes one scrape, scope by scope in HAProxy's order (process, frontends, listeners, backends,
 * servers, stick tables), each metric's {@code # HELP} and {@code # TYPE} lines before its first
 * sample, as {@code promex_dump_metrics()} does. The statistics rows are read once per scrape.
 */
final class PromexWriter {
    /** The fields HAProxy's exporter gives for HTTP proxies only. */
    private static final Set<String> HTTP_ONLY = Set.of("req_rate_max", "req_tot", "intercepted", "cache_lookups",
            "cache_hits", "comp_in", "comp_out", "comp_byp", "comp_rsp", "hrsp_1xx");
    /** The fields of a duration in milliseconds, which the exporter writes in seconds. */
    private static final Set<String> MILLISECONDS = Set.of("qtime", "ctime", "rtime", "ttime", "qtime_max",
            "ctime_max", "rtime_max", "ttime_max");
    private static final String[] CODES = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};
    private static final String[] CODE_FIELDS = {"hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx",
        "hrsp_other"};
    /** HAProxy's {@code promex_srv_st[]}. */
    private static final String[] SERVER_STATES = {"DOWN", "UP", "MAINT", "DRAIN", "NOLB"};
    private static final int DOWN = 0;
    private static final int UP = 1;
    private static final int MAINT = 2;
    private static final int DRAIN = 3;
    private static final int NOLB = 4;
    /** HAProxy's {@code li_status_st[]}: the values of a listener's {@code status} field. */
    private static final String[] LISTENER_STATES = {"WAITING", "OPEN", "FULL"};
    /** The check statuses of a finished check, HAProxy's order ({@code get_check_status_result() >= CHK_RES_FAILED}). */
    private static final String[] CHECK_STATES = {"HANA", "SOCKERR", "L4OK", "L4TOUT", "L4CON", "L6OK", "L6TOUT",
        "L6RSP", "L7TOUT", "L7RSP", "L7OK", "L7OKC", "L7STS", "PROCERR", "PROCTOUT", "PROCOK"};
    /** The process's start, for {@code uptime_seconds} and {@code start_time_seconds}. */
    private static final long STARTED_MILLIS = ProcessHandle.current().info().startInstant()
            .map(instant -> instant.toEpochMilli()).orElse(System.currentTimeMillis());

    private final StatsReport report;
    private final PromexQuery query;
    private final long nowMillis;
    private final StringBuilder out;

    PromexWriter(StatsReport report, PromexQuery query, long nowMillis, StringBuilder out) {
        this.report = report;
        this.query = query;
        this.nowMillis = nowMillis;
        this.out = out;
    }

    void write() {
        if (query.has(PromexQuery.SCOPE_GLOBAL)) {
            process();
        }
        List<StatsReport.Proxy> proxies = report.proxies();
        if (query.has(PromexQuery.SCOPE_FRONTEND)) {
            frontends(proxies);
        }
        if (query.has(PromexQuery.SCOPE_LISTENER)) {
            listeners(proxies);
        }
        if (query.has(PromexQuery.SCOPE_BACKEND) || query.has(PromexQuery.SCOPE_SERVER)) {
            List<StatsReport.Proxy> backends = new ArrayList<>();
            for (StatsReport.Proxy proxy : proxies) {
                if (proxy.backend() != null) {
                    backends.add(proxy);
                }
            }
            if (query.has(PromexQuery.SCOPE_BACKEND)) {
                backends(backends);
            }
            if (query.has(PromexQuery.SCOPE_SERVER)) {
                servers(backends);
            }
        }
        if (query.has(PromexQuery.SCOPE_STICK_TABLE)) {
            stickTables();
        }
    }

    // ---------------------------------------------------------------- scopes

    private void process() {
        String prefix = "haproxy_process_";
        for (PromexMetric metric : PromexMetrics.PROCESS) {
            start(prefix, metric);
            if (metric.name().equals("build_info")) {
                sample().append("{version=\"").append(Versions.bascule()).append("\"} 1\n");
                continue;
            }
            long value = processValue(metric.name());
            StringBuilder line = sample().append(' ');
            if (value == Long.MIN_VALUE) {
                line.append("NaN\n");
            } else {
                line.append(value).append('\n');
            }
        }
    }

    /** A process-wide value Bascule measures, {@link Long#MIN_VALUE} for one it does not ({@code NaN}). */
    private long processValue(String name) {
        switch (name) {
            case "nbthread":
                return report.threads().orElse(Runtime.getRuntime().availableProcessors());
            case "nbproc":
            case "relative_process_id":
                return 1;
            case "uptime_seconds":
                return (nowMillis - STARTED_MILLIS) / 1000;
            case "start_time_seconds":
                return STARTED_MILLIS / 1000;
            case "max_connections":
                return report.globalMaxConnections().isPresent() ? report.globalMaxConnections().getAsInt()
                        : Long.MIN_VALUE;
            case "stopping":
                return 0;
            case "current_connections":
            case "connections_total":
            case "requests_total": {
                long sum = 0;
                for (StatsReport.Proxy proxy : report.proxies()) {
                    FrontendRuntime frontend = proxy.frontend();
                    if (frontend != null) {
                        sum += name.equals("current_connections") ? frontend.counters().current()
                                : name.equals("connections_total") ? frontend.counters().connections()
                                : frontend.counters().requests();
                    }
                }
                return sum;
            }
            default:
                return Long.MIN_VALUE;
        }
    }

    private void frontends(List<StatsReport.Proxy> proxies) {
        List<StatsReport.Proxy> shown = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        for (StatsReport.Proxy proxy : proxies) {
            if (proxy.frontend() != null) {
                shown.add(proxy);
                rows.add(report.frontendFields(proxy));
            }
        }
        String prefix = "haproxy_frontend_";
        for (PromexMetric metric : PromexMetrics.FRONTEND) {
            start(prefix, metric);
            if (metric.field().equals("hrsp_1xx")) {
                responses(shown, rows, null, true);
                continue;
            }
            boolean httpOnly = HTTP_ONLY.contains(metric.field());
            int field = StatsReport.fieldIndex(metric.field());
            for (int i = 0; i < shown.size(); i++) {
                StatsReport.Proxy proxy = shown.get(i);
                FrontendRuntime frontend = proxy.frontend();
                if (httpOnly && frontend.mode() != ProxyMode.HTTP) {
                    continue;
                }
                if (metric.field().equals("status")) {
                    // a running frontend is never stopped
                    state(proxy.name(), null, "DOWN", 0);
                    state(proxy.name(), null, "UP", 1);
                    continue;
                }
                value(proxyLabel(proxy.name()), rows.get(i)[field], false);
            }
        }
    }

    /**
     * The listeners' rows of the statistics page, those of the frontends with {@code option
     * socket-stats}: labelled by proxy and listener name, whatever the mode.
     */
    private void listeners(List<StatsReport.Proxy> proxies) {
        List<String[]> rows = new ArrayList<>();
        for (StatsReport.Proxy proxy : proxies) {
            if (proxy.frontend() != null) {
                rows.addAll(report.listenerFields(proxy));
            }
        }
        String prefix = "haproxy_listener_";
        int proxy = StatsReport.fieldIndex("pxname");
        int name = StatsReport.fieldIndex("svname");
        for (PromexMetric metric : PromexMetrics.LISTENER) {
            start(prefix, metric);
            int field = StatsReport.fieldIndex(metric.field());
            for (int i = 0; i < rows.size(); i++) {
                String[] row = rows.get(i);
                if (metric.field().equals("status")) {
                    // HAProxy's get_li_status(): the page's status names the listener's state
                    for (String state : LISTENER_STATES) {
                        StringBuilder line = listenerLabels(row[proxy], row[name]);
                        line.setLength(line.length() - 1);
                        line.append(",state=\"").append(state).append("\"} ")
                                .append(state.equals(row[field]) ? 1 : 0).append('\n');
                    }
                    continue;
                }
                value(listenerLabels(row[proxy], row[name]), row[field], false);
            }
        }
    }

    private void backends(List<StatsReport.Proxy> proxies) {
        List<String[]> rows = new ArrayList<>();
        for (StatsReport.Proxy proxy : proxies) {
            rows.add(report.backendFields(proxy, nowMillis));
        }
        String prefix = "haproxy_backend_";
        for (PromexMetric metric : PromexMetrics.BACKEND) {
            start(prefix, metric);
            if (metric.field().equals("hrsp_1xx")) {
                responses(proxies, rows, null, false);
                continue;
            }
            boolean httpOnly = HTTP_ONLY.contains(metric.field());
            boolean seconds = MILLISECONDS.contains(metric.field());
            int field = StatsReport.fieldIndex(metric.field());
            for (int i = 0; i < proxies.size(); i++) {
                StatsReport.Proxy proxy = proxies.get(i);
                BackendRuntime backend = proxy.backend();
                if (httpOnly && backend.mode() != ProxyMode.HTTP) {
                    continue;
                }
                switch (metric.field()) {
                    case "status": {
                        // HAProxy: UP while its servers have weight, or when it has none
                        boolean up = backend.servers().isEmpty() || "UP".equals(rows.get(i)[field]);
                        state(proxy.name(), null, "DOWN", up ? 0 : 1);
                        state(proxy.name(), null, "UP", up ? 1 : 0);
                        break;
                    }
                    case "agg_server_status":
                    case "agg_server_check_status":
                        if (!backend.servers().isEmpty()) {
                            int[] counts = new int[SERVER_STATES.length];
                            for (ServerRuntime server : backend.servers()) {
                                counts[serverState(server)]++;
                            }
                            for (int state = 0; state < SERVER_STATES.length; state++) {
                                state(proxy.name(), null, SERVER_STATES[state], counts[state]);
                            }
                        }
                        break;
                    case "agg_check_status":
                        if (!backend.servers().isEmpty()) {
                            int[] counts = new int[CHECK_STATES.length];
                            for (ServerRuntime server : backend.servers()) {
                                int state = checkState(backend, server);
                                if (state >= 0) {
                                    counts[state]++;
                                }
                            }
                            for (int state = 0; state < CHECK_STATES.length; state++) {
                                state(proxy.name(), null, CHECK_STATES[state], counts[state]);
                            }
                        }
                        break;
                    default:
                        value(proxyLabel(proxy.name()), rows.get(i)[field], seconds);
                }
            }
        }
    }

    private void servers(List<StatsReport.Proxy> proxies) {
        List<StatsReport.Proxy> owners = new ArrayList<>();
        List<ServerRuntime> servers = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        for (StatsReport.Proxy proxy : proxies) {
            for (ServerRuntime server : proxy.backend().servers()) {
                if (query.noMaint() && server.inMaintenance()) {
                    continue;
                }
                owners.add(proxy);
                servers.add(server);
                rows.add(report.serverFields(proxy, server, nowMillis));
            }
        }
        String prefix = "haproxy_server_";
        for (PromexMetric metric : PromexMetrics.SERVER) {
            start(prefix, metric);
            if (metric.field().equals("hrsp_1xx")) {
                responses(owners, rows, servers, false);
                continue;
            }
            boolean seconds = MILLISECONDS.contains(metric.field());
            int field = StatsReport.fieldIndex(metric.field());
            for (int i = 0; i < servers.size(); i++) {
                StatsReport.Proxy proxy = owners.get(i);
                ServerRuntime server = servers.get(i);
                switch (metric.field()) {
                    case "status": {
                        int current = serverState(server);
                        for (int state = 0; state < SERVER_STATES.length; state++) {
                            state(proxy.name(), server.name(), SERVER_STATES[state], state == current ? 1 : 0);
                        }
                        break;
                    }
                    case "check_status":
                        if (checked(proxy.backend(), server)) {
                            int current = checkState(proxy.backend(), server);
                            for (int state = 0; state < CHECK_STATES.length; state++) {
                                state(proxy.name(), server.name(), CHECK_STATES[state], state == current ? 1 : 0);
                            }
                        }
                        break;
                    case "check_code":
                        if (checked(proxy.backend(), server)) {
                            ServerRuntime.CheckReport last = server.lastCheck();
                            CheckResult result = last == null ? null : last.result();
                            long code = result != null && result.status().carriesCode() && result.code() >= 0
                                    ? result.code() : 0;
                            serverLabels(proxy.name(), server.name()).append(' ').append(code).append('\n');
                        }
                        break;
                    case "check_duration":
                        if (checked(proxy.backend(), server) && server.lastCheck() != null) {
                            seconds(serverLabels(proxy.name(), server.name()).append(' '),
                                    server.lastCheck().durationMillis());
                        }
                        break;
                    default:
                        value(serverLabels(proxy.name(), server.name()), rows.get(i)[field], seconds);
                }
            }
        }
    }

    private void stickTables() {
        String prefix = "haproxy_sticktable_";
        for (PromexMetric metric : PromexMetrics.STICK_TABLE) {
            start(prefix, metric);
            for (StickTable table : report.stickTables()) {
                if (table.capacity() <= 0) {
                    continue;
                }
                sample().append("{name=\"").append(table.config().name()).append("\",type=\"")
                        .append(table.config().keyType().name().toLowerCase(Locale.ROOT)).append("\"} ")
                        .append(metric.name().equals("size") ? table.capacity() : table.used()).append('\n');
            }
        }
    }

    /**
     * {@code http_responses_total}: one sample per status class (the {@code code} label), the
     * classes in turn and each HTTP object in each (HAProxy's order).
     */
    private void responses(List<StatsReport.Proxy> proxies, List<String[]> rows, List<ServerRuntime> servers,
                           boolean frontends) {
        for (int code = 0; code < CODES.length; code++) {
            int field = StatsReport.fieldIndex(CODE_FIELDS[code]);
            for (int i = 0; i < proxies.size(); i++) {
                StatsReport.Proxy proxy = proxies.get(i);
                ProxyMode mode = frontends ? proxy.frontend().mode() : proxy.backend().mode();
                if (mode != ProxyMode.HTTP) {
                    continue;
                }
                StringBuilder line = servers == null ? proxyLabel(proxy.name())
                        : serverLabels(proxy.name(), servers.get(i).name());
                // the code label goes inside the braces
                line.setLength(line.length() - 1);
                line.append(",code=\"").append(CODES[code]).append("\"}");
                value(line, rows.get(i)[field], false);
            }
        }
    }

    // ---------------------------------------------------------------- states

    /**
     * HAProxy's {@code promex_srv_status()}: MAINT over all, NOLB for a stopping server, DRAIN for
     * an UP server draining.
     */
    private static int serverState(ServerRuntime server) {
        if (server.inMaintenance()) {
            return MAINT;
        }
        if (server.isUp()) {
            // stopping (http-check disable-on-404) before drain: HAProxy tests its SRV_ST_STOPPING state first
            return server.stopping() ? NOLB : server.drain() ? DRAIN : UP;
        }
        return DOWN;
    }

    private static boolean checked(BackendRuntime backend, ServerRuntime server) {
        return server.check().enabled() && backend.healthCheck() != null;
    }

    /** The index of the server's last check status in {@link #CHECK_STATES}, -1 when unchecked or not checked yet. */
    private static int checkState(BackendRuntime backend, ServerRuntime server) {
        ServerRuntime.CheckReport last = server.lastCheck();
        if (!checked(backend, server) || last == null) {
            return -1;
        }
        String name = last.result().status().name();
        for (int i = 0; i < CHECK_STATES.length; i++) {
            if (CHECK_STATES[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- lines

    /** The metric whose samples follow: its header lines come before the first one. */
    private void start(String prefix, PromexMetric metric) {
        this.currentPrefix = prefix;
        this.current = metric;
        this.headerWritten = false;
    }

    /** Starts a sample line of the current metric: its header lines first when none was written. */
    private StringBuilder sample() {
        if (!headerWritten) {
            out.append("# HELP ").append(currentPrefix).append(current.name()).append(' ').append(current.help())
                    .append("\n# TYPE ").append(currentPrefix).append(current.name())
                    .append(current.counter() ? " counter\n" : " gauge\n");
            headerWritten = true;
        }
        return out.append(currentPrefix).append(current.name());
    }

    private StringBuilder proxyLabel(String proxy) {
        return sample().append("{proxy=\"").append(proxy).append("\"}");
    }

    private StringBuilder listenerLabels(String proxy, String listener) {
        return sample().append("{proxy=\"").append(proxy).append("\",listener=\"").append(listener).append("\"}");
    }

    private StringBuilder serverLabels(String proxy, String server) {
        return sample().append("{proxy=\"").append(proxy).append("\",server=\"").append(server).append("\"}");
    }

    /** A sample of a per-state metric: 1 for the object's state, 0 for the others. */
    private void state(String proxy, String server, String state, long value) {
        StringBuilder line = server == null ? proxyLabel(proxy) : serverLabels(proxy, server);
        line.setLength(line.length() - 1);
        line.append(",state=\"").append(state).append("\"} ").append(value).append('\n');
    }

    /**
     * Ends a sample line with the field's value: {@code NaN} for an empty field or one that is not
     * a number (HAProxy's {@code promex_metric_to_str()}), in seconds with six decimals for a duration.
     */
    private void value(StringBuilder line, String value, boolean seconds) {
        line.append(' ');
        if (value == null || value.isEmpty() || !number(value)) {
            line.append("NaN\n");
        } else if (seconds) {
            seconds(line, Long.parseLong(value));
        } else {
            line.append(value).append('\n');
        }
    }

    /** {@code millis} in seconds as C's {@code %f} writes them ({@code 1.234000}). */
    private static void seconds(StringBuilder line, long millis) {
        long fraction = millis % 1000;
        line.append(millis / 1000).append('.');
        if (fraction < 100) {
            line.append('0');
        }
        if (fraction < 10) {
            line.append('0');
        }
        line.append(fraction).append("000\n");
    }

    private static boolean number(String value) {
        int start = value.charAt(0) == '-' ? 1 : 0;
        if (start == value.length()) {
            return false;
        }
        for (int i = start; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private String currentPrefix = "";
    private PromexMetric current;
    private boolean headerWritten;
}
