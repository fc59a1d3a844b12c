package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code option httpchk} with {@code http-check send|expect|connect|comment} rules on HAProxy 2.6 and
 * Bascule with the same configuration, against HTTP servers in this test (port 0) that record the bytes of
 * each request they receive and answer as told: the first request each server receives is byte for byte
 * the same, so are each server's first {@code Health check} line (status, code, info), its state and check
 * fields on the stats page ({@code check_status}, {@code check_code}, {@code check_desc}, {@code last_chk}),
 * and {@code haproxy -c} says what {@code bascule -c} says of good and bad http-check lines.
 */
@Timeout(180)
final class HttpCheckDifferentialIT {
    private static final Path BASCULE = Path.of(System.getProperty("bascule.home", "target/bascule"), "bin/bascule");
    private static final String OK = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
    private static final String HEADERS = "HTTP/1.1 202 Accepted\r\nx-test1: true, next value\r\n"
            + "x-test2: true, begin-value, value-end, value-sub-string, value-reg-123ABC\r\nx-begin-test: 1\r\n"
            + "x-test-end: 1\r\nx-sub-test: 1\r\nx-reg-test1: 1\r\ncontent-length: 0\r\n\r\n";

    /** A backend: its http-check lines (servers' ports as {@code PORT<n>}) and the answers of its servers. */
    private record Case(String lines, String... answers) {
    }

    @Test
    void requestsResultsAndStatesAreHaproxys(@TempDir Path temp) throws Exception {
        assumeTrue(ReferenceHaproxy.installed(), "HAProxy is not installed (.ci/run installs it)");
        Map<String, Case> cases = new LinkedHashMap<>();
        cases.put("plain", new Case("option httpchk", OK));
        cases.put("uri_only", new Case("option httpchk /health", OK));
        cases.put("get11", new Case("option httpchk GET /status HTTP/1.1", OK));
        cases.put("hidden", new Case("option httpchk GET /status HTTP/1.1\\r\\nHdr:\\ removed\n"
                + "    http-check send hdr Host my-www-host hdr X-test true body test", OK));
        cases.put("merged", new Case("option httpchk POST /x HTTP/1.1\n"
                + "    http-check send meth PUT hdr X-A b body hello comment sending", OK));
        cases.put("send_first", new Case("http-check send meth GET uri /before ver HTTP/1.1\n    option httpchk", OK));
        cases.put("upgrade", new Case("option httpchk\n    http-check send meth GET uri / ver HTTP/1.1 hdr host ws"
                + " hdr connection upgrade hdr upgrade raw-proto\n    http-check expect status 101",
                "HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: raw-proto\r\n\r\n"));
        cases.put("keepalive10", new Case("option httpchk\n    http-check send hdr Connection keep-alive",
                "HTTP/1.0 200 OK\r\n\r\n"));
        cases.put("wrong_status", new Case("option httpchk\n    http-check expect status 200-299,302",
                "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n"));
        cases.put("rstatus_not", new Case("option httpchk\n    http-check expect ! rstatus ^5 comment no5xx",
                "HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n"));
        cases.put("body_miss", new Case("option httpchk\n    http-check expect string healthy", OK));
        cases.put("body_unwanted", new Case("option httpchk\n    http-check expect ! rstring ^o", OK));
        cases.put("body_none", new Case("option httpchk\n    http-check expect string x",
                "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"));
        cases.put("headers", new Case("option httpchk\n    http-check expect status 200-399\n"
                + "    http-check expect hdr name x-test1\n    http-check expect hdr name -m beg X-Begin-\n"
                + "    http-check expect hdr name -m reg ^[a-z]+-Reg-[a-z]+[0-9]$\n"
                + "    http-check expect fhdr name x-test1 value \"true, next value\"\n"
                + "    http-check expect hdr name -m beg x-test value -m end -end\n"
                + "    http-check expect hdr name -m beg x-test value -m reg ^value-reg-[A-Z0-9]+$", HEADERS));
        cases.put("header_miss", new Case("option httpchk\n    http-check expect hdr name x-test1 value \"true,"
                + " next value\" comment whole", HEADERS));
        cases.put("statuses", new Case("option httpchk\n    http-check expect status 200 error-status L7RSP"
                + " on-error boom", "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n"));
        cases.put("ok_status", new Case("option httpchk\n    http-check expect status 200 ok-status L7OKC"
                + " on-success fine", OK));
        cases.put("two_steps", new Case("option httpchk\n    http-check comment first\n"
                + "    http-check connect\n    http-check send uri /one\n    http-check expect status 200\n"
                + "    http-check connect port PORT1 comment second\n    http-check send uri /two ver HTTP/1.1\n"
                + "    http-check expect string nope", OK, OK));
        cases.put("send_state", new Case("option httpchk GET /s HTTP/1.1\n    http-check send-state\n"
                + "    http-check send hdr X-A b\n    default-server inter 300 rise 2 fall 3\n"
                + "    server t 127.0.0.1:PORT1 weight 3", OK, OK));
        String named = "HTTP/1.1 200 OK\r\nx-name: x-test1\r\nx-test1: yes\r\ncontent-length: 0\r\n\r\n";
        cases.put("variables", new Case("option httpchk\n    http-check set-var(check.path) str(/req1)\n"
                + "    http-check send meth GET uri-lf \"%[var(check.path)]\" ver HTTP/1.1"
                + " hdr x-test \"server=%[srv_name]\" body-lf \"be=%[be_name]\"\n"
                + "    http-check expect status 200\n    http-check set-var(check.h) res.fhdr(x-name)\n"
                + "    http-check expect hdr name-lf -m str \"%[var(check.h)]\" value-lf \"%[str(yes)]\"\n"
                + "    http-check unset-var(check.path)\n"
                + "    http-check expect status 200 on-success \"got %[var(check.h)] %[var(check.path)]\"", named));
        cases.put("on_error_format", new Case("option httpchk\n    http-check set-var-fmt(check.f) \"v=%[str(1)]\"\n"
                + "    http-check expect status 201 on-error \"bad %[var(check.f)] %[res.fhdr(x-name)]\"", named));
        cases.put("empty_format", new Case("option httpchk\n    http-check expect hdr name-lf \"%[var(check.none)]\""
                + " comment nothing", named));
        cases.put("status_code", new Case("option httpchk\n    http-check expect status 200 status-code"
                + " res.fhdr(x-code) on-success \"coded\"\n    http-check expect status 201 status-code str(42)",
                "HTTP/1.1 200 OK\r\nx-code: 299\r\ncontent-length: 0\r\n\r\n"));
        cases.put("status_code_ok", new Case("option httpchk\n    http-check expect status 200 status-code"
                + " res.fhdr(x-code)", "HTTP/1.1 200 OK\r\nx-code: 299\r\ncontent-length: 0\r\n\r\n"));
        cases.put("empty", new Case("option httpchk", ""));
        cases.put("garbage", new Case("option httpchk", "SSH-2.0-OpenSSH\r\n\r\n"));
        Map<String, List<Recorder>> servers = new LinkedHashMap<>();
        try {
            StringBuilder config = new StringBuilder("""
                    defaults
                        mode http
                        timeout connect 1s
                        timeout client 5s
                        timeout server 5s
                        timeout check 1s
                        option log-health-checks
                        default-server inter 300 rise 1 fall 1
                    """);
            for (Map.Entry<String, Case> entry : cases.entrySet()) {
                List<Recorder> recorders = new ArrayList<>();
                for (String answer : entry.getValue().answers()) {
                    recorders.add(new Recorder(answer));
                }
                servers.put(entry.getKey(), recorders);
                String lines = entry.getValue().lines();
                for (int i = 0; i < recorders.size(); i++) {
                    lines = lines.replace("PORT" + i, Integer.toString(recorders.get(i).port()));
                }
                config.append("backend ").append(entry.getKey()).append("\n    ").append(lines)
                        .append("\n    server s 127.0.0.1:").append(recorders.get(0).port()).append(" check\n");
            }
            Observed haproxy = observe(ReferenceHaproxy.PROGRAM, temp.resolve("haproxy"), config, cases.keySet(),
                    servers);
            Observed bascule = observe(BASCULE, temp.resolve("bascule"), config, cases.keySet(), servers);
            System.out.println("haproxy:\n" + String.join("\n", haproxy.lines()) + "\n"
                    + String.join("\n", haproxy.stats()) + "\n" + String.join("\n", haproxy.requests()));
            System.out.println("bascule:\n" + String.join("\n", bascule.lines()) + "\n"
                    + String.join("\n", bascule.stats()) + "\n" + String.join("\n", bascule.requests()));
            assertThat(haproxy.requests()).contains("hidden/0: GET /status HTTP/1.1\\r\\nhost: my-www-host\\r\\n"
                    + "x-test: true\\r\\ncontent-length: 4\\r\\nconnection: close\\r\\n\\r\\ntest");
            assertThat(haproxy.requests()).anyMatch(request -> request.startsWith("send_state/0: GET /s HTTP/1.1\\r\\n"
                    + "x-a: b\\r\\nx-haproxy-server-state: UP 1/3; address=127.0.0.1; port="));
            assertThat(bascule.requests()).isEqualTo(haproxy.requests());
            assertThat(haproxy.lines()).hasSize(cases.size());
            assertThat(bascule.lines()).isEqualTo(haproxy.lines());
            assertThat(haproxy.stats()).hasSize(cases.size());
            assertThat(bascule.stats()).isEqualTo(haproxy.stats());
            System.out.println("haproxy state:\n" + haproxy.state() + "bascule state:\n" + bascule.state());
            assertThat(haproxy.state().lines().count()).isGreaterThan(cases.size());
            assertThat(bascule.state()).isEqualTo(haproxy.state());
            assertThat(Files.readString(Path.of(temp.resolve("bascule") + ".out"))).doesNotContain("LEAK:");
        } finally {
            for (List<Recorder> recorders : servers.values()) {
                for (Recorder recorder : recorders) {
                    recorder.close();
                }
            }
        }
    }

    /** {@code haproxy -c} and {@code bascule -c} on the same files: the same alerts and warnings, the same verdict. */
    @Test
    void configurationCheckSaysWhatHaproxySays(@TempDir Path temp) throws Exception {
        assumeTrue(ReferenceHaproxy.installed(), "HAProxy is not installed (.ci/run installs it)");
        List<String> lines = List.of(
                "option httpchk\n  http-check send meth",
                "option httpchk\n  http-check send uri",
                "option httpchk\n  http-check send ver",
                "option httpchk\n  http-check send hdr X",
                "option httpchk\n  http-check send hdr host a hdr Host b",
                "option httpchk\n  http-check send foo bar",
                "option httpchk\n  http-check send body",
                "option httpchk\n  http-check send comment",
                "option httpchk\n  http-check expect",
                "option httpchk\n  http-check expect status",
                "option httpchk\n  http-check expect status 200x",
                "option httpchk\n  http-check expect status 300-200",
                "option httpchk\n  http-check expect binary 00",
                "option httpchk\n  http-check expect foo bar",
                "option httpchk\n  http-check expect comment c",
                "option httpchk\n  http-check expect ! min-recv 3 status 200",
                "option httpchk\n  http-check expect min-recv",
                "option httpchk\n  http-check expect min-recv -2 status 200",
                "option httpchk\n  http-check expect status 200 string x",
                "option httpchk\n  http-check expect hdr",
                "option httpchk\n  http-check expect hdr foo bar",
                "option httpchk\n  http-check expect hdr name x -m",
                "option httpchk\n  http-check expect hdr name -m foo x",
                "option httpchk\n  http-check expect hdr name-lf -m reg x",
                "option httpchk\n  http-check expect hdr name x value",
                "option httpchk\n  http-check expect hdr name x value -m beg",
                "option httpchk\n  http-check expect status 200 ok-status L9",
                "option httpchk\n  http-check expect status 200 error-status L7OK",
                "option httpchk\n  http-check expect status 200 tout-status x",
                "option httpchk\n  http-check expect status 200 on-success",
                "option httpchk\n  http-check expect status 200 ! comment x",
                "option httpchk\n  http-check expect !!status 200 ok-status l7okc",
                "option httpchk\n  http-check comment",
                "option httpchk\n  http-check comment a b",
                "option httpchk\n  http-check connect foo",
                "option httpchk\n  http-check connect port",
                "option httpchk\n  http-check connect port 0",
                "option httpchk\n  http-check connect port 70000",
                "option httpchk\n  http-check connect addr",
                "option httpchk\n  http-check connect addr foo",
                "option httpchk\n  http-check connect proto",
                "option httpchk\n  http-check connect proto foo",
                "option httpchk\n  http-check connect proto none",
                "option httpchk\n  http-check connect proto h1 addr 127.0.0.1:18082 linger default comment x",
                "option httpchk\n  http-check send\n  http-check connect",
                "option httpchk\n  http-check expect status 200\n  http-check expect status 200\n  http-check send",
                "option httpchk\n  http-check connect\n  http-check expect status 200",
                "option httpchk\n  http-check connect\n  http-check send\n  http-check connect",
                "option httpchk\n  http-check send meth GET\n  http-check expect status 200\n"
                        + "  http-check connect port 18082\n  http-check send\n  http-check expect ! string x",
                "option httpchk\n  http-check foo",
                "option httpchk\n  http-check disable-on-404 x",
                "option httpchk\n  http-check send-state x",
                "option httpchk GET / HTTP/1.1\\r\\nHost:\\ x",
                "option httpchk GET / HTTP/1.1\\r\\n\\r\\nbody",
                "option httpchk GET / HTTP/1.1\\r\\nbad",
                "option httpchk GET / HTTP/1.1 x",
                "http-check send meth GET\n  option httpchk",
                "http-check send meth GET\n  http-check expect status 200",
                "option httpchk\n  http-check expect status 200\n  option tcp-check",
                "http-check comment x\n  option httpchk\n  http-check connect",
                "option httpchk\n  http-check set-var(check.x)",
                "option httpchk\n  http-check set-var(foo) str(a)",
                "option httpchk\n  http-check set-var(check.x) str(a) extra\n  http-check unset-var(check.x) y",
                "option httpchk\n  http-check set-var-fmt(check.x) \"%[str(a)]\"\n  http-check send uri-lf /%[var(check.x)]",
                "option httpchk\n  http-check set-var(check.x) str(a)\n  http-check connect",
                "option httpchk\n  http-check expect status 200 status-code",
                "option httpchk\n  http-check expect status 200 ! status-code str(1)",
                "option httpchk\n  http-check set-var(check.x) nofetch(1)",
                "option httpchk\n  http-check set-var-fmt(check.x) %[nofetch]",
                "option httpchk\n  http-check expect status 200 status-code nofetch",
                "option httpchk\n  http-check expect string-lf a%[nofetch]b",
                "option httpchk\n  http-check send hdr x %[nofetch]",
                "option httpchk\n  http-check send uri-lf /%[nofetch]",
                "option httpchk\n  http-check expect hdr name-lf %[nofetch]",
                "option httpchk\n  http-check expect status 200 on-error %[nofetch]");
        for (int index = 0; index < lines.size(); index++) {
            Path file = temp.resolve("case" + index + ".cfg");
            Files.writeString(file, "defaults\n  mode http\n  timeout connect 5s\n  timeout client 5s\n"
                    + "  timeout server 5s\nfrontend f\n  bind 127.0.0.1:18080\n  default_backend b\nbackend b\n  "
                    + lines.get(index) + "\n  server s1 127.0.0.1:18081 check\n");
            ConfigCheckDifferentialIT.assertSameVerdict(file);
        }
    }

    /** The first request of each server, each server's first {@code Health check} line, its stats' check fields. */
    private record Observed(List<String> requests, List<String> lines, List<String> stats, String state) {
    }

    private static Observed observe(Path binary, Path base, StringBuilder backends, Iterable<String> names,
                                    Map<String, List<Recorder>> servers) throws Exception {
        servers.values().forEach(recorders -> recorders.forEach(Recorder::reset));
        int port = Embedded.freePort();
        int statsPort = Embedded.freePort();
        Path config = Path.of(base + ".cfg");
        Path socket = Path.of(base + ".sock");
        Files.writeString(config, "global\n    stats socket " + socket + " level admin\n" + backends
                + "frontend f\n    bind 127.0.0.1:" + port + "\n    default_backend "
                + names.iterator().next() + "\nlisten stats\n    mode http\n    bind 127.0.0.1:" + statsPort
                + "\n    stats enable\n    stats uri /stats\n");
        Path output = Path.of(base + ".out");
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-db", "-f", config.toString());
        builder.environment().put("JAVA_OPTS", "-Dio.netty.leakDetection.level=paranoid");
        Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            CommandLineIT.awaitListening(port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int expected = ProtocolCheckDifferentialIT.count(names);
            while (true) {
                List<String> first = ProtocolCheckDifferentialIT.firstHealthChecks(output, names);
                if (first.size() == expected || System.nanoTime() > deadline) {
                    List<String> requests = new ArrayList<>();
                    for (Map.Entry<String, List<Recorder>> entry : servers.entrySet()) {
                        for (int i = 0; i < entry.getValue().size(); i++) {
                            requests.add(entry.getKey() + "/" + i + ": " + entry.getValue().get(i).first());
                        }
                    }
                    List<String> stats = ProtocolCheckDifferentialIT.settledStats(statsPort);
                    return new Observed(requests, first, stats,
                            TcpCheckDifferentialIT.maskState(RuntimeApiIT.ask(socket, "show servers state\n")));
                }
                Thread.sleep(100);
            }
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }




    /**
     * An HTTP server that keeps the bytes of the first request it receives (head, then as many body bytes
     * as its content-length says), answers {@code answer} to every request and closes.
     */
    private static final class Recorder implements AutoCloseable {
        private final LoopbackServer server;
        private final Map<Integer, String> first = new ConcurrentHashMap<>();

        Recorder(String answer) throws Exception {
            server = new LoopbackServer("http-check-recorder", connection -> {
                connection.setSoTimeout(5_000);
                String request = read(connection.getInputStream());
                if (!request.isEmpty()) {
                    // a connection closed empty is no request: haproxy's last probe, cut as it stopped,
                    // can reach the recorder after the reset that begins Bascule's run
                    first.putIfAbsent(0, request);
                }
                connection.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                connection.getOutputStream().flush();
            });
        }

        private static String read(InputStream in) throws Exception {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int length = 0;
            for (String line : text.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            byte[] body = in.readNBytes(length);
            return (text + new String(body, StandardCharsets.ISO_8859_1)).replace("\r", "\\r").replace("\n", "\\n");
        }

        int port() {
            return server.port();
        }

        void reset() {
            first.clear();
        }

        String first() {
            return first.getOrDefault(0, "(nothing)");
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }
}
