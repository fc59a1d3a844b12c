package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code http-request use-service prometheus-exporter}: the same configuration scraped on HAProxy
 * 2.6 and on Bascule gives the same metrics in the same order (names, HELP and TYPE lines, label
 * sets), the same values for the metrics that do not depend on timing or traffic, the same
 * headers, and the same refusal of a bad query. The configuration has a frontend with {@code
 * option socket-stats} (a named and an unnamed bind, one denied request through the named one),
 * another at its {@code maxconn} (its listener WAITING), and a server in NOLB ({@code http-check
 * disable-on-404}) beside one drained by the runtime API.
 */
@Timeout(120)
final class PrometheusExporterDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    /**
     * The metrics whose values the configuration alone decides (once the first checks are done).
     * Not {@code haproxy_listener_max_sessions}: haproxy 2.6.12 itself reported 2 for the listener
     * that took one connection in a CI run, and 1 in the others.
     */
    private static final Set<String> DETERMINISTIC = Set.of("haproxy_process_nbproc",
            "haproxy_process_relative_process_id", "haproxy_process_max_connections", "haproxy_process_stopping",
            "haproxy_frontend_status", "haproxy_frontend_limit_sessions", "haproxy_backend_status",
            "haproxy_backend_weight", "haproxy_backend_uweight", "haproxy_backend_active_servers",
            "haproxy_backend_backup_servers", "haproxy_backend_agg_server_status",
            "haproxy_backend_agg_server_check_status", "haproxy_backend_agg_check_status", "haproxy_server_status",
            "haproxy_server_weight", "haproxy_server_uweight", "haproxy_server_limit_sessions",
            "haproxy_server_queue_limit", "haproxy_server_check_status", "haproxy_server_check_code",
            "haproxy_sticktable_size", "haproxy_sticktable_used", "haproxy_listener_current_sessions",
            "haproxy_listener_limit_sessions", "haproxy_listener_sessions_total",
            "haproxy_listener_bytes_in_total", "haproxy_listener_bytes_out_total",
            "haproxy_listener_requests_denied_total", "haproxy_listener_responses_denied_total",
            "haproxy_listener_request_errors_total", "haproxy_listener_status",
            "haproxy_listener_denied_connections_total", "haproxy_listener_denied_sessions_total");
    /** The samples a scrape waits for: the first checks done, the drain, the denied request counted. */
    private static final List<String> AWAITED = List.of(
            "haproxy_server_check_status{proxy=\"be\",server=\"s1\",state=\"L4OK\"} 1",
            "haproxy_server_status{proxy=\"nolb\",server=\"n1\",state=\"NOLB\"} 1",
            "haproxy_server_status{proxy=\"nolb\",server=\"n2\",state=\"DRAIN\"} 1",
            "haproxy_server_check_status{proxy=\"nolb\",server=\"n2\",state=\"L7OK\"} 1",
            "haproxy_listener_requests_denied_total{proxy=\"fe\",listener=\"web\"} 1",
            "haproxy_listener_current_sessions{proxy=\"fe\",listener=\"web\"} 0");
    private static final List<String> QUERIES = List.of("", "?scope=server&no-maint",
            "?scope=backend&scope=sticktable", "?scope=global&scope=frontend", "?scope=", "?scope=%73erver",
            "?scope=listener");

    @Test
    void scrapesAsHaproxys(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        try (TestOrigin o1 = new TestOrigin("o1"); TestOrigin o2 = new TestOrigin("o2");
             TestOrigin o3 = new TestOrigin("o3")) {
            o3.health(HttpResponseStatus.NOT_FOUND);
            Scrapes expected;
            int[] ports = freePorts();
            Path socket = Files.createDirectory(temp.resolve("h")).resolve("admin.sock");
            Path config = Files.writeString(temp.resolve("haproxy.cfg"), config(ports, socket, o1, o2, o3));
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            try {
                expected = scrape(ports, socket);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            Scrapes actual;
            int[] basculePorts = freePorts();
            Path basculeSocket = Files.createDirectory(temp.resolve("b")).resolve("admin.sock");
            try (Embedded bascule = Embedded.start(config(basculePorts, basculeSocket, o1, o2, o3))) {
                actual = scrape(basculePorts, basculeSocket);
            }
            // what the test relies on, on HAProxy's side
            assertThat(expected.head).contains("HTTP/1.1 200 OK", "content-type: text/plain; version=0.0.4",
                    "transfer-encoding: chunked", "cache-control: no-cache");
            assertThat(expected.values).containsEntry(
                    "haproxy_server_check_status{proxy=\"be\",server=\"s1\",state=\"L4OK\"}", "1")
                    .containsEntry("haproxy_server_status{proxy=\"be\",server=\"s3\",state=\"MAINT\"}", "1")
                    .containsEntry("haproxy_sticktable_size{name=\"st\",type=\"ip\"}", "100")
                    .containsEntry("haproxy_server_check_status{proxy=\"nolb\",server=\"n1\",state=\"L7OKC\"}", "1")
                    .containsEntry("haproxy_server_check_code{proxy=\"nolb\",server=\"n1\"}", "404")
                    .containsEntry("haproxy_listener_sessions_total{proxy=\"fe\",listener=\"web\"}", "1")
                    .containsEntry("haproxy_listener_sessions_total{proxy=\"fe\",listener=\"sock-2\"}", "0")
                    .containsEntry("haproxy_listener_status{proxy=\"fe\",listener=\"web\",state=\"OPEN\"}", "1")
                    .containsEntry("haproxy_listener_status{proxy=\"full\",listener=\"sock-1\",state=\"WAITING\"}", "1")
                    .containsEntry("haproxy_listener_current_sessions{proxy=\"full\",listener=\"sock-1\"}", "1");
            assertThat(expected.shapes.get(QUERIES.size() - 1)).hasSize(14 * 2 + 13 * 3 + 3 * 3);
            assertThat(expected.shapes.get(0)).hasSizeGreaterThan(500);
            assertThat(expected.refusal).startsWith("HTTP/1.1 400 Bad request\r\n");

            assertThat(actual.head).isEqualTo(expected.head);
            for (int i = 0; i < QUERIES.size(); i++) {
                assertThat(actual.shapes.get(i)).as("metrics of %s", QUERIES.get(i))
                        .containsExactlyElementsOf(expected.shapes.get(i));
            }
            assertThat(actual.values).isEqualTo(expected.values);
            assertThat(actual.refusal).startsWith("HTTP/1.1 400 Bad request\r\n");
        }
    }

    @Test
    void answersPipelinedScrapesInOrderOnOneConnection(@TempDir Path temp) throws Exception {
        try (TestOrigin o1 = new TestOrigin("o1"); TestOrigin o2 = new TestOrigin("o2");
             TestOrigin o3 = new TestOrigin("o3")) {
            int[] ports = freePorts();
            try (Embedded bascule = Embedded.start(config(ports, temp.resolve("admin.sock"), o1, o2, o3))) {
                CommandLineIT.awaitListening(ports[0]);
                String text;
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), ports[0])) {
                    socket.setSoTimeout(10_000);
                    // the answers are built off the event loop: they still leave in the requests' order
                    HttpProxyIT.send(socket, "GET /metrics?scope=global HTTP/1.1\r\nHost: h\r\n\r\n"
                            + "GET /metrics?scope=sticktable HTTP/1.1\r\nHost: h\r\n\r\n"
                            + "GET /stats;csv HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
                    text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                }
                int global = text.indexOf("haproxy_process_nbproc 1");
                int table = text.indexOf("haproxy_sticktable_size{name=\"st\",type=\"ip\"} 100");
                int csv = text.indexOf("# pxname,svname,");
                assertThat(text.split("HTTP/1.1 200 OK", -1)).hasSize(4);
                assertThat(global).isPositive();
                assertThat(table).isGreaterThan(global);
                assertThat(csv).isGreaterThan(table);
                assertThat(text.substring(0, table)).doesNotContain("haproxy_frontend_");
            }
        }
    }

    private static int[] freePorts() {
        return new int[] {Embedded.freePort(), Embedded.freePort(), Embedded.freePort(), Embedded.freePort(),
            Embedded.freePort()};
    }

    private static String config(int[] ports, Path socket, TestOrigin o1, TestOrigin o2, TestOrigin o3) {
        return String.join("\n", "global", "    maxconn 500", "    stats socket " + socket + " level admin",
                "defaults", "    mode http", "    timeout client 5s", "    timeout server 5s", "    timeout connect 5s",
                "frontend stats", "    bind 127.0.0.1:" + ports[0],
                "    http-request use-service prometheus-exporter if { path /metrics }",
                "    stats enable", "    stats uri /stats",
                "frontend fe", "    option socket-stats", "    bind 127.0.0.1:" + ports[1] + " name web",
                "    bind 127.0.0.1:" + ports[3], "    maxconn 77", "    http-request deny if { path /deny }",
                "    default_backend be",
                "frontend full", "    option socket-stats", "    bind 127.0.0.1:" + ports[4], "    maxconn 1",
                "    timeout client 60s", "    default_backend be",
                "backend be", "    balance roundrobin",
                "    server s1 127.0.0.1:" + o1.port() + " weight 3 check inter 200ms",
                "    server s2 127.0.0.1:" + o2.port() + " weight 5 maxconn 10 maxqueue 4",
                "    server s3 127.0.0.1:" + o2.port() + " backup disabled",
                "    server s4 127.0.0.1:" + o1.port() + " weight 0",
                "listen tcpl", "    mode tcp", "    bind 127.0.0.1:" + ports[2],
                "    server t1 127.0.0.1:" + o1.port(),
                "backend st", "    stick-table type ip size 100",
                "backend nolb", "    option httpchk GET /health", "    http-check disable-on-404",
                "    server n1 127.0.0.1:" + o3.port() + " check inter 200ms",
                "    server n2 127.0.0.1:" + o1.port() + " check inter 200ms", "");
    }

    /** What one proxy answered. */
    private record Scrapes(String head, List<List<String>> shapes, Map<String, String> values, String refusal) {
    }

    private static Scrapes scrape(int[] ports, Path socket) throws Exception {
        int port = ports[0];
        // all the listeners are open once one answers (no probe of the others: it would count)
        CommandLineIT.awaitListening(port);
        assertThat(RuntimeApiIT.ask(socket, "set server nolb/n2 state drain\n")).isEqualTo("\n");
        assertThat(get(ports[1], "GET", "/deny")[0]).startsWith("HTTP/1.1 403 Forbidden\r\n");
        // the first checks done, the request counted and its connection gone: the same on both sides
        await(port, AWAITED);
        List<List<String>> shapes = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        // a connection that fills frontend full: its listener waits for it to end
        try (Socket held = new Socket(InetAddress.getLoopbackAddress(), ports[4])) {
            await(port, List.of("haproxy_listener_status{proxy=\"full\",listener=\"sock-1\",state=\"WAITING\"} 1"));
            for (String query : QUERIES) {
                String body = get(port, "GET", "/metrics" + query)[1];
                shapes.add(shape(body));
                if (query.isEmpty()) {
                    values = values(body);
                }
            }
        }
        String head = get(port, "HEAD", "/metrics")[0];
        String refusal = get(port, "GET", "/metrics?scope=foo")[0];
        return new Scrapes(head, shapes, values, refusal);
    }

    /** Scrapes until every line of {@code awaited} is in the answer (30 s at most). */
    private static void await(int port, List<String> awaited) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String body = get(port, "GET", "/metrics")[1];
        while (!awaited.stream().allMatch(body::contains) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            body = get(port, "GET", "/metrics")[1];
        }
    }

    /** Every line, the sample lines without their value (the version label's value masked). */
    private static List<String> shape(String body) {
        List<String> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                lines.add(line);
            } else {
                String key = line.substring(0, line.lastIndexOf(' '));
                lines.add(key.startsWith("haproxy_process_build_info{version=")
                        ? "haproxy_process_build_info{version=...}" : key);
            }
        }
        return lines;
    }

    /** The values of the {@link #DETERMINISTIC} metrics, by sample. */
    private static Map<String, String> values(String body) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = line.substring(0, brace >= 0 ? brace : space);
            if (DETERMINISTIC.contains(name)) {
                values.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        return values;
    }

    /**
     * One request on its own connection: the response's head (status line and headers, names in
     * lower case, in order, without the connection's), and its body, de-chunked.
     */
    private static String[] get(int port, String method, String target) throws IOException {
        byte[] raw;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            HttpProxyIT.send(socket, method + " " + target + " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
            raw = socket.getInputStream().readAllBytes();
        }
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, end).split("\r\n");
        StringBuilder head = new StringBuilder(lines[0]).append("\r\n");
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].toLowerCase(Locale.ROOT);
            if (!line.startsWith("connection:")) {
                head.append(line).append("\r\n");
            }
            chunked |= line.equals("transfer-encoding: chunked");
        }
        String body = text.substring(end + 4);
        return new String[] {head.toString(), chunked && !method.equals("HEAD") ? dechunk(body) : body};
    }

    private static String dechunk(String chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return out.toString(StandardCharsets.ISO_8859_1);
            }
            out.writeBytes(chunked.substring(lineEnd + 2, lineEnd + 2 + size).getBytes(StandardCharsets.ISO_8859_1));
            at = lineEnd + 2 + size + 2;
        }
    }
}
