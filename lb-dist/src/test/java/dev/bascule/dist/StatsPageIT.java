package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The statistics page ({@code stats uri}) of HAProxy (Debian's 2.6.12) and of Bascule on the same
 * configuration, after the same requests: the CSV header line byte for byte, the same rows in the
 * same order, and every field Bascule fills equal to HAProxy's (but the ones that measure time);
 * the HTML page answers 200 in text/html; both go through http-after-response.
 */
@Timeout(120)
final class StatsPageIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    private static final String CONFIG = String.join("\n",
            "global",
            "    maxconn 500",
            "defaults",
            "    mode http",
            "    timeout connect 5s",
            "    timeout client 10s",
            "    timeout server 10s",
            "frontend fe",
            "    bind 127.0.0.1:${PORT}",
            "    maxconn 200",
            "    http-request deny if { path /deny }",
            "    use_backend other if { path_beg /other }",
            "    use_backend dead if { path_beg /dead }",
            "    use_backend spread if { path_beg /spread }",
            "    use_backend mute if { path_beg /mute }",
            "    default_backend be",
            "backend be",
            "    stats enable",
            "    stats uri /stats",
            "    stats refresh 10s",
            "    http-request return status 404 content-type text/plain string nothing if { path /none }",
            "    http-after-response set-header x-after be",
            "    http-after-response set-header x-blank \"%[res.fhdr(x-none)] leading blank\" if { status 200 }",
            "    server s1 ${S1}",
            "    server s2 ${S2} backup",
            "backend other",
            "    server s3 ${S2} maxconn 10 maxqueue 5",
            "backend dead",
            "    retries 1",
            "    server d1 ${DEAD}",
            "backend mute",
            "    server m1 ${MUTE}",
            "backend checked",
            "    server c1 ${S1} check inter 400ms",
            "    server c2 ${DEAD} check inter 100ms",
            "backend spread",
            "    option redispatch",
            "    server d2 ${DEAD}",
            "    server s6 ${S1}",
            "listen ls",
            "    bind 127.0.0.1:${PORT2}",
            "    stats uri /ls-stats",
            "    stats scope ls",
            "    stats scope .",
            "    stats show-legends",
            "    server s4 ${S1}",
            "frontend guarded",
            "    bind 127.0.0.1:${PORT4}",
            "    tcp-request connection reject",
            "    default_backend other",
            "frontend screened",
            "    bind 127.0.0.1:${PORT5}",
            "    tcp-request session reject",
            "    default_backend other",
            "listen tcp",
            "    mode tcp",
            "    bind 127.0.0.1:${PORT3}",
            "    server s5 ${S1}",
            "");

    /** Where nothing listens: connections are refused. */
    private static final int DEAD_PORT = Embedded.freePort();

    /** A server that closes every connection it accepts without answering (once it has read the request). */
    private static final java.net.ServerSocket MUTE = mute();

    private static java.net.ServerSocket mute() {
        try {
            java.net.ServerSocket socket = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread closer = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket accepted = socket.accept()) {
                        // the whole request head read first: the close is a FIN, never a reset
                        InputStream in = accepted.getInputStream();
                        int matched = 0;
                        int b;
                        while (matched < 4 && (b = in.read()) >= 0) {
                            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : 0;
                        }
                    } catch (IOException closed) {
                        if (socket.isClosed()) {
                            return;
                        }
                    }
                }
            }, "mute-server");
            closer.setDaemon(true);
            closer.start();
            return socket;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Requests, each on its own connection, before the page is read. */
    private static final List<String> TRAFFIC = List.of("/", "/a", "/b?x=1", "/other/1", "/deny", "/none",
            "/dead", "/spread", "/mute");

    /**
     * Fields that depend on timing: what measures time (two processes started apart do not share
     * it), the most connections at once (the probe that finds the port open may still be closing
     * when the first request comes), and the idle server connections kept (HAProxy keeps them per
     * thread, both purge them on their own clocks).
     */
    private static final Set<String> TIMED = Set.of("lastchg", "downtime", "check_duration", "smax", "lastsess",
            "srv_icur");

    @Test
    void csvMatchesHaproxy(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        try (TestOrigin s1 = new TestOrigin("s1"); TestOrigin s2 = new TestOrigin("s2")) {
            Run haproxy = runHaproxy(temp, s1, s2);
            Run bascule = runBascule(s1, s2);

            // haproxy 2.6.12's reply, chunked: cache-control, then content-type, then refresh
            assertThat(haproxy.csvHead).contains("HTTP/1.1 200 OK\r\n", "cache-control: no-cache\r\n",
                    "content-type: text/plain\r\n", "refresh: 10\r\n", "x-after: be\r\n");
            assertThat(bascule.csvHead).contains("HTTP/1.1 200 OK\r\n", "cache-control: no-cache\r\n",
                    "content-type: text/plain\r\n", "refresh: 10\r\n", "x-after: be\r\n");
            // a value Netty's validation would refuse goes out as HAProxy sends it
            assertThat(bascule.csvHead).containsIgnoringCase(haproxy.csvHead.lines()
                    .filter(line -> line.startsWith("x-blank:")).findFirst().orElseThrow());

            List<String> expected = haproxy.csv.lines().toList();
            List<String> actual = bascule.csv.lines().toList();
            assertThat(actual.get(0)).isEqualTo(expected.get(0));
            List<String> fields = fields(expected.get(0).substring(2));
            assertThat(actual).hasSameSizeAs(expected);
            for (int row = 1; row < expected.size(); row++) {
                List<String> want = fields(expected.get(row));
                List<String> got = fields(actual.get(row));
                assertThat(got).as("row %d", row).hasSameSizeAs(want);
                for (String key : List.of("pxname", "svname", "type", "iid", "sid", "mode")) {
                    int index = fields.indexOf(key);
                    assertThat(got.get(index)).as("%s of row %d", key, row).isEqualTo(want.get(index));
                }
                for (int index = 0; index < fields.size(); index++) {
                    String field = fields.get(index);
                    if (!got.get(index).isEmpty() && !TIMED.contains(field)) {
                        // "* " before check_status: a check was running at that instant, in either proxy
                        assertThat(inProgressUnmarked(field, got.get(index)))
                                .as("%s of %s/%s", field, want.get(0), want.get(1))
                                .isEqualTo(inProgressUnmarked(field, want.get(index)));
                    }
                }
            }
            // what Bascule must count, in the rows of backend be, its server s1 and frontend fe
            String[] frontend = row(actual, "fe", "FRONTEND");
            String[] server = row(actual, "be", "s1");
            String[] backend = row(actual, "be", "BACKEND");
            String[] tcp = row(actual, "tcp", "FRONTEND");
            assertThat(tcp[fields.indexOf("mode")]).isEqualTo("tcp");
            assertThat(tcp[fields.indexOf("bin")]).isNotEmpty().isNotEqualTo("0");
            assertThat(row(actual, "tcp", "s5")[fields.indexOf("bout")]).isNotEmpty().isNotEqualTo("0");
            for (String field : List.of("scur", "smax", "slim", "stot", "bin", "bout", "req_tot", "hrsp_2xx",
                    "hrsp_4xx", "status", "conn_tot", "pid", "iid")) {
                assertThat(frontend[fields.indexOf(field)]).as("fe %s", field).isNotEmpty();
            }
            for (String field : List.of("scur", "smax", "stot", "bin", "bout", "req_tot", "hrsp_2xx", "status",
                    "weight", "act", "bck", "lastchg", "sid")) {
                assertThat(server[fields.indexOf(field)]).as("s1 %s", field).isNotEmpty();
            }
            for (String field : List.of("scur", "smax", "stot", "bin", "bout", "req_tot", "hrsp_2xx", "hrsp_4xx",
                    "status", "weight", "act", "bck", "chkdown", "lastchg")) {
                assertThat(backend[fields.indexOf(field)]).as("be %s", field).isNotEmpty();
            }
            // 11 connections and requests (HAProxy's H1 layer counts the one that sent nothing as a 400);
            // 5 streams to be (the stats page's own included), 3 answered by s1
            assertThat(frontend[fields.indexOf("stot")]).isEqualTo("11");
            assertThat(frontend[fields.indexOf("req_tot")]).isEqualTo("11");
            // a server that closes before answering: 502, eresp
            assertThat(row(actual, "mute", "m1")[fields.indexOf("eresp")]).isEqualTo("1");
            // a refused server: one retry, then 503; a redispatch to the live server
            String[] dead = row(actual, "dead", "d1");
            assertThat(dead[fields.indexOf("econ")]).isEqualTo("1");
            assertThat(dead[fields.indexOf("wretr")]).isEqualTo("1");
            assertThat(dead[fields.indexOf("stot")]).isEqualTo("2");
            assertThat(row(actual, "spread", "BACKEND")[fields.indexOf("wredis")]).isEqualTo("1");
            // connections refused by tcp-request rules: counted (conn_tot), no session (stot)
            String[] guarded = row(actual, "guarded", "FRONTEND");
            assertThat(guarded[fields.indexOf("conn_tot")]).isEqualTo("1");
            assertThat(guarded[fields.indexOf("dcon")]).isEqualTo("1");
            assertThat(guarded[fields.indexOf("stot")]).isEqualTo("0");
            assertThat(row(actual, "screened", "FRONTEND")[fields.indexOf("dses")]).isEqualTo("1");
            // health checks: one server passing, one refused since the first check
            String[] passing = row(actual, "checked", "c1");
            assertThat(passing[fields.indexOf("status")]).isEqualTo("UP");
            assertThat(passing[fields.indexOf("check_status")]).isEqualTo("L4OK");
            assertThat(passing[fields.indexOf("check_health")]).isEqualTo("4");
            String[] refused = row(actual, "checked", "c2");
            assertThat(refused[fields.indexOf("status")]).isEqualTo("DOWN");
            assertThat(refused[fields.indexOf("check_status")]).isEqualTo("L4CON");
            assertThat(refused[fields.indexOf("chkfail")]).isEqualTo("1");
            assertThat(refused[fields.indexOf("chkdown")]).isEqualTo("1");
            assertThat(frontend[fields.indexOf("hrsp_4xx")]).isEqualTo("3");
            assertThat(backend[fields.indexOf("stot")]).isEqualTo("5");
            assertThat(server[fields.indexOf("hrsp_2xx")]).isEqualTo("3");
            assertThat(server[fields.indexOf("status")]).isEqualTo("no check");

            // the listen section's page: its scope leaves only itself, with the legends
            assertThat(bascule.listenCsv.lines().map(line -> line.split(",", 3)[0] + "," + line.split(",", 3)[1]))
                    .isEqualTo(haproxy.listenCsv.lines()
                            .map(line -> line.split(",", 3)[0] + "," + line.split(",", 3)[1]).toList());
            int addr = fields.indexOf("addr");
            assertThat(fields(bascule.listenCsv.lines().toList().get(2)).get(addr))
                    .isEqualTo(fields(haproxy.listenCsv.lines().toList().get(2)).get(addr))
                    .isEqualTo("127.0.0.1:" + s1.port());

            // the HTML page
            for (Run run : List.of(haproxy, bascule)) {
                assertThat(run.htmlHead).startsWith("HTTP/1.1 200 OK\r\n").contains("content-type: text/html\r\n",
                        "cache-control: no-cache\r\n");
            }
            assertThat(bascule.html).contains("<table", ">fe<", ">s1<", ">BACKEND<", "Bascule version",
                    "<meta http-equiv=\"refresh\" content=\"10\">");
            // a POST is refused as HAProxy refuses it without 'stats admin'
            assertThat(bascule.post).isEqualTo(haproxy.post);
        }
    }

    @Test
    void statsAuthChallengesAsHaproxy(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed");
        String template = String.join("\n",
                "defaults",
                "    mode http",
                "    timeout connect 1s",
                "    timeout client 5s",
                "    timeout server 5s",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    stats enable",
                "    stats uri /st",
                "    stats auth admin:secret",
                "    stats auth ops:x:y",
                "    stats auth admin:other",
                "    default_backend be",
                "backend be",
                "    stats enable",
                "    stats uri /zz",
                "    stats realm My\\ Realm",
                "    stats auth adm:pw",
                "    server s 127.0.0.1:" + DEAD_PORT,
                "");
        List<String> credentials = List.of("", "admin:secret", "admin:other", "ops:x:y", "adm:pw", "adm:bad");
        int haproxyPort = Embedded.freePort();
        Path config = temp.resolve("auth.cfg");
        Files.writeString(config, template.replace("${PORT}", Integer.toString(haproxyPort)));
        Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(temp.resolve("auth.log").toFile()).start();
        List<String> expected;
        try {
            CommandLineIT.awaitListening(haproxyPort);
            expected = challenges(haproxyPort, credentials);
        } finally {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
        }
        int basculePort = Embedded.freePort();
        List<String> actual;
        try (Embedded bascule = Embedded.start(template.replace("${PORT}", Integer.toString(basculePort)))) {
            actual = challenges(basculePort, credentials);
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(expected).anyMatch(line -> line.contains("200 OK")).anyMatch(line -> line.contains("My Realm"));
    }

    /** For each account and page: the status line and the WWW-Authenticate header. */
    private static List<String> challenges(int port, List<String> credentials) throws IOException {
        List<String> outcomes = new java.util.ArrayList<>();
        for (String account : credentials) {
            for (String uri : List.of("/st", "/zz")) {
                String authorization = account.isEmpty() ? "" : "Authorization: Basic " + java.util.Base64.getEncoder()
                        .encodeToString(account.getBytes(StandardCharsets.ISO_8859_1)) + "\r\n";
                String head = split(exchange(port, "GET " + uri + " HTTP/1.1\r\nHost: h\r\n" + authorization
                        + "Connection: close\r\n\r\n"))[0];
                StringBuilder outcome = new StringBuilder(account).append(' ').append(uri).append(": ")
                        .append(head, 0, head.indexOf("\r\n"));
                for (String line : head.split("\r\n")) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("www-authenticate:")) {
                        outcome.append(" | ").append(line);
                    }
                }
                outcomes.add(outcome.toString());
            }
        }
        return outcomes;
    }

    private static String[] row(List<String> csv, String proxy, String service) {
        return csv.stream().map(line -> fields(line).toArray(String[]::new))
                .filter(fields -> fields[0].equals(proxy) && fields[1].equals(service))
                .findFirst().orElseThrow();
    }

    /** The values of a CSV line (no quoted field in these pages). */
    private static String inProgressUnmarked(String field, String value) {
        return field.equals("check_status") && value.startsWith("* ") ? value.substring(2) : value;
    }

    private static List<String> fields(String line) {
        return Arrays.asList(line.split(",", -1));
    }

    /** What one proxy answered. */
    private record Run(String csvHead, String csv, String listenCsv, String htmlHead, String html, String post) {
    }

    private static Run runHaproxy(Path temp, TestOrigin s1, TestOrigin s2) throws Exception {
        int port = Embedded.freePort();
        int listenPort = Embedded.freePort();
        int tcpPort = Embedded.freePort();
        Path config = temp.resolve("haproxy.cfg");
        Files.writeString(config, render(port, listenPort, tcpPort, s1, s2));
        Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
        try {
            CommandLineIT.awaitListening(port);
            CommandLineIT.awaitListening(listenPort);
            CommandLineIT.awaitListening(tcpPort);
            CommandLineIT.awaitListening(GUARDED_PORT);
            CommandLineIT.awaitListening(SCREENED_PORT);
            return traffic(port, listenPort, tcpPort);
        } finally {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Run runBascule(TestOrigin s1, TestOrigin s2) throws Exception {
        int port = Embedded.freePort();
        int listenPort = Embedded.freePort();
        int tcpPort = Embedded.freePort();
        try (Embedded bascule = Embedded.start(render(port, listenPort, tcpPort, s1, s2))) {
            // as for HAProxy: a connection that sends nothing, counted as a session
            CommandLineIT.awaitListening(port);
            CommandLineIT.awaitListening(listenPort);
            CommandLineIT.awaitListening(tcpPort);
            CommandLineIT.awaitListening(GUARDED_PORT);
            CommandLineIT.awaitListening(SCREENED_PORT);
            return traffic(port, listenPort, tcpPort);
        }
    }

    /** The ports of the frontends that refuse every connection (rules), the same for both runs. */
    private static final int GUARDED_PORT = Embedded.freePort();
    private static final int SCREENED_PORT = Embedded.freePort();

    private static String render(int port, int listenPort, int tcpPort, TestOrigin s1, TestOrigin s2) {
        int guardedPort = GUARDED_PORT;
        int screenedPort = SCREENED_PORT;
        return CONFIG.replace("${PORT}", Integer.toString(port)).replace("${PORT2}", Integer.toString(listenPort))
                .replace("${PORT3}", Integer.toString(tcpPort))
                .replace("${PORT4}", Integer.toString(guardedPort)).replace("${PORT5}", Integer.toString(screenedPort)).replace("${DEAD}", "127.0.0.1:" + DEAD_PORT)
                .replace("${MUTE}", "127.0.0.1:" + MUTE.getLocalPort())
                .replace("${S1}", "127.0.0.1:" + s1.port()).replace("${S2}", "127.0.0.1:" + s2.port());
    }

    private static Run traffic(int port, int listenPort, int tcpPort) throws IOException {
        sleep();
        // relayed as bytes by the mode tcp section
        exchange(tcpPort, "GET /tcp HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
        sleep();
        for (String path : TRAFFIC) {
            exchange(port, "GET " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
            // the proxy sees its side of the connection close a moment after the client reads the end
            sleep();
        }
        String[] csv = split(exchange(port, "GET /stats;csv HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"));
        String[] listen = split(exchange(listenPort,
                "GET /ls-stats;csv;norefresh HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"));
        String[] html = split(exchange(port, "GET /stats HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"));
        String[] post = split(exchange(port, "POST /stats;up HTTP/1.1\r\nHost: test\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n"));
        String postHead = Arrays.stream(post[0].split("\r\n"))
                .filter(line -> !line.toLowerCase(Locale.ROOT).startsWith("connection:")).sorted()
                .reduce("", (all, line) -> all + line + "\n");
        return new Run(csv[0], csv[1], listen[1], html[0], html[1], postHead);
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends {@code request} on a new connection and reads until the server closes. */
    static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            HttpProxyIT.send(socket, request);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** The head (with its final CRLF) and the body, de-chunked when it is chunked. */
    static String[] split(String response) {
        int end = response.indexOf("\r\n\r\n") + 4;
        String head = response.substring(0, end);
        String body = response.substring(end);
        if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            StringBuilder decoded = new StringBuilder();
            int at = 0;
            while (true) {
                int lineEnd = body.indexOf("\r\n", at);
                int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
                if (size == 0) {
                    break;
                }
                decoded.append(body, lineEnd + 2, lineEnd + 2 + size);
                at = lineEnd + 2 + size + 2;
            }
            body = decoded.toString();
        }
        return new String[] {head, body};
    }
}
