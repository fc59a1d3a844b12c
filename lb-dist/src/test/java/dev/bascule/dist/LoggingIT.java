package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bascule.config.haproxy.testing.TestCertificates;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same configuration and the same traffic on the real HAProxy and on Bascule, their syslog
 * datagrams received on one UDP socket and compared field by field. Dates, process ids, ports,
 * the values of timers and the connection counts ({@code %ac}, {@code %fc}, {@code %bc}, {@code %sc}) are masked; whether
 * a timer is -1 (the step did not happen) is not.
 */
@Timeout(120)
final class LoggingIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final int FRONTENDS = 28;

    /** One piece of traffic and the number of lines it makes. */
    private record Scenario(String name, int lines, Action action) {
    }

    @FunctionalInterface
    private interface Action {
        void run(int[] ports) throws IOException;
    }

    @Test
    void linesMatchHaproxys(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        List<Scenario> scenarios = List.of(
                new Scenario("httplog", 1, ports -> exchange(ports[0], "GET /a?x=1 HTTP/1.1\r\nHost: t\r\n"
                        + "Connection: close\r\n\r\n", 1)),
                new Scenario("keep-alive", 2, ports -> exchange(ports[0], "GET /one HTTP/1.1\r\nHost: t\r\n\r\n"
                        + "GET /two?b=2 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 2)),
                new Scenario("bad request", 1, ports -> exchange(ports[0], "garbage\r\n\r\n", 1)),
                new Scenario("http-request return", 1, ports -> exchange(ports[1],
                        "GET /ret HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 1)),
                new Scenario("no server answers", 1, ports -> exchange(ports[2],
                        "GET /dead HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 1)),
                new Scenario("dontlognull", 0, ports -> exchange(ports[0], "", 0)),
                new Scenario("empty connection", 1, ports -> exchange(ports[1], "", 0)),
                new Scenario("clf", 1, ports -> exchange(ports[3], "GET /clf HTTP/1.0\r\n\r\n", 1)),
                new Scenario("tcplog", 1, ports -> exchange(ports[4], "GET /tcp HTTP/1.0\r\n\r\n", 1)),
                new Scenario("server timeout", 1, ports -> exchange(ports[6],
                        "GET /slow HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 1)),
                new Scenario("server closes", 1, ports -> exchange(ports[7],
                        "GET /rude HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 1)),
                new Scenario("connect line", 1, ports -> exchange(ports[5], "GET /plain HTTP/1.1\r\nHost: t\r\n"
                        + "Connection: close\r\n\r\n", 1)),
                new Scenario("log-format", 1, ports -> exchange(ports[8], "GET http://t/lf/x?y=1 HTTP/1.1\r\nHost: t\r\n"
                        + "Connection: close\r\n\r\n", 1)),
                new Scenario("capture rules", 1, ports -> exchange(ports[9], "GET /cap HTTP/1.1\r\nHost: t\r\n"
                        + "X-A: alpha\r\nX-B: a-long-value\r\nX-Reply-X-Keep: kept\r\nConnection: close\r\n\r\n", 1)),
                new Scenario("tcp-request content reject", 1, ports -> exchange(ports[10], "GET / HTTP/1.0\r\n\r\n", 1)),
                new Scenario("tcp-request connection reject", 0, ports -> rejected(ports[11])),
                new Scenario("tcp-response content reject", 1, ports -> exchange(ports[12], "GET / HTTP/1.0\r\n\r\n", 1)),
                new Scenario("tcp-request content in http", 2, ports -> {
                    exchange(ports[13], "GET /ok HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 1);
                    exchange(ports[13], "GET /rej HTTP/1.1\r\nHost: t\r\n\r\n", 1);
                }),
                new Scenario("tcp-response reject in http", 1, ports -> exchange(ports[14],
                        "GET / HTTP/1.1\r\nHost: t\r\n\r\n", 1)),
                new Scenario("tcp-response close in http", 1, ports -> exchange(ports[15],
                        "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 1)),
                new Scenario("tcp-request session reject", 0, ports -> rejected(ports[16])),
                new Scenario("set-log-level", 5, ports -> {
                    // a pause after each: the unlogged /quiet stream must be gone from HAProxy's
                    // backend count (%bc) before the next line is written
                    for (String path : List.of("/quiet", "/err", "/resp", "/tcp")) {
                        exchange(ports[17], "GET " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 1);
                        settle();
                    }
                }),
                new Scenario("logasap httplog", 1, ports -> exchange(ports[18],
                        "GET /asap HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 1)),
                new Scenario("logasap tcplog", 1, ports -> exchange(ports[19], "GET /asap HTTP/1.0\r\n\r\n", 1)),
                new Scenario("logasap log-format", 1, ports -> exchange(ports[20],
                        "GET /asap HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 1)),
                new Scenario("log-format samples", 2, ports -> {
                    exchange(ports[21], "GET /s?x=1 HTTP/1.1\r\nHost: samples\r\nConnection: close\r\n\r\n", 1);
                    exchange(ports[21], "GET /deny HTTP/1.1\r\nHost: other\r\nConnection: close\r\n\r\n", 1);
                }),
                new Scenario("log-format samples in tcp", 1, ports -> exchange(ports[22], "GET / HTTP/1.0\r\n\r\n", 1)),
                new Scenario("log-format variables and options", 1, ports -> exchange(ports[23],
                        "GET /v?q=1&b=]\\ HTTP/1.1\r\nHost: t\r\nX-A: a\"b]\\\r\nX-E: q\"x]\\y\r\n"
                        + "X-Reply-X-Keep: k]\r\nConnection: close\r\n\r\n", 1)),
                new Scenario("response replaced by http-response return, redirect and deny", 3, ports -> {
                    exchange(ports[25], "GET /ret HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 1);
                    exchange(ports[25], "GET /redir HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 1);
                    exchange(ports[25], "GET /deny HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 1);
                }),
                new Scenario("http-request tarpit", 3, ports -> {
                    exchange(ports[26], "GET /t HTTP/1.1\r\nHost: t\r\n\r\n", 1);
                    exchange(ports[26], "GET /t403 HTTP/1.1\r\nHost: t\r\n\r\n", 1);
                    exchange(ports[26], "GET /bt HTTP/1.1\r\nHost: t\r\n\r\n", 1);
                }),
                new Scenario("dontlog-normal", 4, ports -> {
                    // a normal stream makes no line; a 503, a bad request and denials do (the 400 and
                    // 408 pages weigh their own Connection: close in %B)
                    exchange(ports[27], "GET /ok HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 1);
                    exchange(ports[27], "GET /dead HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 1);
                    exchange(ports[27], "garbage\r\n\r\n", 1);
                    exchange(ports[27], "GET /d400 HTTP/1.1\r\nHost: t\r\n\r\n", 1);
                    exchange(ports[27], "GET /d408 HTTP/1.1\r\nHost: t\r\n\r\n", 1);
                }),
                new Scenario("tls session", 3, ports -> {
                    exchangeTls(ports[24], "TLS_AES_128_GCM_SHA256");
                    exchangeTls(ports[24], "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
                    exchangeTls(ports[24], "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
                }));
        try (TestOrigin origin = new TestOrigin("s1");
             RawServer silent = new RawServer(false);
             RawServer rude = new RawServer(true);
             DatagramSocket syslog = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            syslog.setSoTimeout(20_000);
            int[] haproxyPorts = ports();
            Path config = temp.resolve("haproxy.cfg");
            Path pem = TestCertificates.pem(temp, "log", "rsa", "log.example");
            Files.writeString(config, config(haproxyPorts, origin.port(), silent.port(), rude.port(), syslog.getLocalPort(),
                    pem));
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            List<String> expected;
            try {
                for (int port : haproxyPorts) {
                    CommandLineIT.awaitListening(port);
                }
                // the probes above are connections too: HAProxy logs them
                drain(syslog);
                expected = run(scenarios, haproxyPorts, syslog);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            int[] basculePorts = ports();
            List<String> actual;
            try (Embedded bascule = Embedded.start(config(basculePorts, origin.port(), silent.port(), rude.port(),
                    syslog.getLocalPort(), pem))) {
                // the same probes as HAProxy's run: they count in %lc and %rt
                for (int port : basculePorts) {
                    CommandLineIT.awaitListening(port);
                }
                drain(syslog);
                actual = run(scenarios, basculePorts, syslog);
            }
            assertThat(actual).hasSameSizeAs(expected);
            for (int index = 0; index < expected.size(); index++) {
                assertThat(fields(actual.get(index))).as("line %d\nHAProxy: %s\nBascule: %s", index,
                        expected.get(index), actual.get(index)).containsExactlyElementsOf(fields(expected.get(index)));
            }
        }
    }

    private static int[] ports() {
        // distinct: two free ports asked for in a row may be the same one
        return java.util.stream.IntStream.generate(Embedded::freePort).distinct().limit(FRONTENDS).toArray();
    }

    private static String config(int[] ports, int origin, int silent, int rude, int syslog, Path pem) {
        return String.join("\n",
                "global",
                "    log 127.0.0.1:" + syslog + " local0",
                "    log 127.0.0.1:" + syslog + " format short local1 notice",
                "defaults",
                "    mode http",
                "    log global",
                "    timeout connect 1s",
                "    timeout client 10s",
                "    timeout server 10s",
                "    timeout http-request 500ms",
                "frontend fe_http",
                "    bind 127.0.0.1:" + ports[0],
                "    option httplog",
                "    option dontlognull",
                "    default_backend be",
                "frontend fe_ret",
                "    bind 127.0.0.1:" + ports[1],
                "    option httplog",
                "    http-request return status 200 content-type text/plain string hi",
                "frontend fe_dead",
                "    bind 127.0.0.1:" + ports[2],
                "    option httplog",
                "    default_backend dead",
                "frontend fe_clf",
                "    bind 127.0.0.1:" + ports[3],
                "    option httplog clf",
                "    default_backend be",
                "frontend fe_tcp",
                "    mode tcp",
                "    bind 127.0.0.1:" + ports[4],
                "    option tcplog",
                "    default_backend be_tcp",
                "frontend fe_plain",
                "    bind 127.0.0.1:" + ports[5],
                "    no log",
                "    log 127.0.0.1:" + syslog + " local2",
                "    default_backend be",
                "frontend fe_slow",
                "    bind 127.0.0.1:" + ports[6],
                "    option httplog",
                "    default_backend slow",
                "frontend fe_rude",
                "    bind 127.0.0.1:" + ports[7],
                "    option httplog",
                "    default_backend rude",
                "frontend fe_custom",
                "    bind 127.0.0.1:" + ports[8],
                "    log-format \"%ci %f %ft %b %s %ST %HM %HU %HP %HPO %HQ %HV %ts %tsc %{+Q}r %rc 100%%\"",
                "    default_backend be",
                "frontend fe_capture",
                "    bind 127.0.0.1:" + ports[9],
                "    log-format \"%hr %hs\"",
                "    capture request header X-A len 3",
                "    declare capture request len 8",
                "    declare capture response len 2",
                "    http-request capture req.hdr(x-b) len 4",
                "    http-request capture req.hdr(x-a),upper id 1",
                "    http-response capture res.hdr(x-keep) id 0",
                "    default_backend be",
                "frontend fe_tcp_content",
                "    mode tcp",
                "    option tcplog",
                "    bind 127.0.0.1:" + ports[10],
                "    tcp-request content set-var(sess.seen) src",
                "    tcp-request content reject if { var(sess.seen) -m found }",
                "    default_backend be_tcp",
                "frontend fe_tcp_connection",
                "    mode tcp",
                "    option tcplog",
                "    bind 127.0.0.1:" + ports[11],
                "    tcp-request connection accept if { src 10.0.0.0/8 }",
                "    tcp-request connection reject",
                "    default_backend be_tcp",
                "frontend fe_tcp_response",
                "    mode tcp",
                "    option tcplog",
                "    bind 127.0.0.1:" + ports[12],
                "    default_backend be_tcp_response",
                "frontend fe_http_content",
                "    bind 127.0.0.1:" + ports[13],
                "    log-format \"%ST %tsc %{+Q}r %hr\"",
                "    tcp-request content set-var(sess.a) str(x)",
                "    tcp-request content set-var(txn.b) path",
                "    tcp-request content reject if { path /rej }",
                "    http-request capture var(sess.a) len 5",
                "    http-request capture var(txn.b) len 5",
                "    http-request return status 200 content-type text/plain lf-string \"%[var(sess.a)]\"",
                "frontend fe_http_response",
                "    bind 127.0.0.1:" + ports[14],
                "    option httplog",
                "    default_backend be_http_response",
                "frontend fe_http_close",
                "    bind 127.0.0.1:" + ports[15],
                "    option httplog",
                "    default_backend be_http_close",
                "frontend fe_session",
                "    bind 127.0.0.1:" + ports[16],
                "    option httplog",
                "    tcp-request session reject unless { src 10.0.0.0/8 }",
                "    default_backend be",
                "frontend fe_level",
                "    bind 127.0.0.1:" + ports[17],
                "    option httplog",
                "    tcp-request content set-log-level debug if { path /tcp }",
                "    http-request set-log-level silent if { path /quiet }",
                "    http-request set-log-level err if { path /err }",
                "    http-request set-var(txn.path) path",
                "    http-response set-log-level notice if { var(txn.path) -m str /resp }",
                "    default_backend be",
                "frontend fe_asap",
                "    bind 127.0.0.1:" + ports[18],
                "    option httplog",
                "    option logasap",
                "    default_backend be",
                "frontend fe_asap_tcp",
                "    mode tcp",
                "    bind 127.0.0.1:" + ports[19],
                "    option tcplog",
                "    option logasap",
                "    default_backend be_tcp",
                "frontend fe_asap_custom",
                "    bind 127.0.0.1:" + ports[20],
                "    log-format \"%ts %ST %{+Q}r %B\"",
                "    option logasap",
                "    default_backend be",
                "frontend fe_samples",
                "    bind 127.0.0.1:" + ports[21],
                "    log-format \"%ST %[var(txn.a)] %{+Q}[var(txn.none)] %[capture.req.hdr(0),upper] %[status]"
                        + " %[fe_name]/%[be_name] %[var(sess.p),length] %{+Q}[capture.req.uri] %[str(x),json]\"",
                "    capture request header Host len 10",
                "    http-request set-var(txn.a) str(hello)",
                "    http-request set-var(sess.p) path",
                "    http-request deny if { path /deny }",
                "    default_backend be",
                "frontend fe_variables",
                "    bind 127.0.0.1:" + ports[23],
                // "~=": a value that differs from run to run (masked by fields())
                "    log-format \"  %{+Q}o ci=%ci f=%f ST=%ST ft=%ft  s=%s %{-Q}o b=%b %{+X}o cix=%ci fpx~=%fp"
                        + " msx~=%ms Tsx~=%Ts rtx~=%rt %{-X}o U=%U si=%si sp=%sp bi=%bi bp~=%bp sq=%sq/%bq lc=%lc"
                        + " rt=%rt hrl=%hrl hsl=%hsl Q=%{+Q}hrl Qe=%{+Q,+E}hrl hr=%{+E}hr T~=%T Tl~=%Tl Ts~=%Ts"
                        + " Tu~=%Tu ID=%ID IDq=%{+Q}ID e=%{+E}[var(txn.e)] r=%{+Q,+E}r HM=%{+Q}HM H~=%H"
                        + " pidx~=%{+X}pid  \"",
                "    capture request header X-A len 10",
                "    capture request header X-None len 5",
                "    capture response header X-Keep len 10",
                "    http-request set-var(txn.e) req.hdr(x-e)",
                "    default_backend be",
                "frontend fe_tls",
                "    bind 127.0.0.1:" + ports[24] + " ssl crt " + pem,
                "    option dontlognull",
                "    log-format \"%ft %sslv %sslc %{+Q}sslc\"",
                "    http-request return status 200",
                "frontend fe_response_rules",
                "    bind 127.0.0.1:" + ports[25],
                "    option httplog",
                "    http-request set-var(txn.p) path",
                "    http-response return status 201 content-type text/plain string ok hdr X-A b"
                        + " if { var(txn.p) -m str /ret }",
                "    http-response redirect location /x if { var(txn.p) -m str /redir }",
                "    http-response deny if { var(txn.p) -m str /deny }",
                "    default_backend be",
                "frontend fe_tarpit",
                "    bind 127.0.0.1:" + ports[26],
                "    option httplog",
                "    timeout tarpit 100ms",
                "    http-request tarpit if { path /t }",
                "    http-request tarpit deny_status 403 content-type text/plain string nope if { path /t403 }",
                "    default_backend be_tarpit",
                "frontend fe_normal",
                "    bind 127.0.0.1:" + ports[27],
                "    option httplog",
                "    option dontlog-normal",
                "    http-request deny deny_status 400 if { path /d400 }",
                "    http-request deny deny_status 408 if { path /d408 }",
                "    use_backend dead if { path /dead }",
                "    default_backend be",
                "backend be_tarpit",
                "    http-request tarpit",
                "    server s1 127.0.0.1:" + origin,
                "frontend fe_samples_tcp",
                "    mode tcp",
                "    bind 127.0.0.1:" + ports[22],
                "    log-format \"%[src] %[dst_port,sub(1),mul(0)] %[var(sess.s)] %[be_name]\"",
                "    tcp-request content set-var(sess.s) str(tcp)",
                "    default_backend be_tcp",
                "backend be_tcp_response",
                "    mode tcp",
                "    tcp-response content reject",
                "    server s1 127.0.0.1:" + origin,
                "backend be_http_response",
                "    tcp-response content reject",
                "    server s1 127.0.0.1:" + origin,
                "backend be_http_close",
                "    tcp-response content close",
                "    server s1 127.0.0.1:" + origin,
                "backend slow",
                "    timeout server 300ms",
                "    server s2 127.0.0.1:" + silent,
                "backend rude",
                "    retries 0",
                "    server s3 127.0.0.1:" + rude,
                "backend be",
                "    server s1 127.0.0.1:" + origin,
                "backend be_tcp",
                "    mode tcp",
                "    server s1 127.0.0.1:" + origin,
                "backend dead",
                "    retries 1",
                "    server s9 127.0.0.1:" + Embedded.freePort(),
                "");
    }

    /** Runs every scenario in turn, collecting the datagrams each one causes. */
    private static List<String> run(List<Scenario> scenarios, int[] ports, DatagramSocket syslog) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            scenario.action().run(ports);
            List<String> received = new ArrayList<>();
            for (int line = 0; line < scenario.lines(); line++) {
                received.add(scenario.name() + "\t" + receive(syslog));
            }
            // a scenario's streams may end in any order (a stream that closes the connection is logged
            // once the close is seen, possibly after the next one's): compare them in a stable order
            received.sort(Comparator.comparing(named -> String.join(" ", fields(named))));
            lines.addAll(received);
        }
        return lines;
    }

    /** A request over TLS offering only {@code cipher} (a JDK name), with the version it belongs to. */
    private static void exchangeTls(int port, String cipher) throws IOException {
        try {
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                @Override
                public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String type) {
                }

                @Override
                public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String type) {
                }

                @Override
                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            }}, null);
            try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(10_000);
                socket.setEnabledCipherSuites(new String[] {cipher});
                socket.setEnabledProtocols(new String[] {cipher.startsWith("TLS_AES_") ? "TLSv1.3" : "TLSv1.2"});
                socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = socket.getInputStream();
                while (in.read() >= 0) {
                    // until the proxy closes
                }
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** Sends {@code request} on a new connection and reads until the proxy closes or {@code responses} came. */
    private static void exchange(int port, String request, int responses) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            if (!request.isEmpty()) {
                HttpProxyIT.send(socket, request);
            }
            if (responses == 0) {
                return;
            }
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (in.read(buffer) >= 0) {
                // until the proxy closes: every request above asks for it
            }
        }
    }

    /** Lets the proxy finish with the stream that just ended (its counts), before the next one starts. */
    private static void settle() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Connects to a proxy that rejects the connection: it closes it (a reset or an end) without reading. */
    private static void rejected(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        } catch (java.net.SocketException reset) {
            // tcp-request connection reject: HAProxy resets
        }
    }

    /** A server that reads requests and never answers, or closes the connection after reading. */
    private static final class RawServer implements AutoCloseable {
        private final java.net.ServerSocket socket = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Thread thread;

        RawServer(boolean close) throws IOException {
            thread = new Thread(() -> {
                try {
                    while (true) {
                        Socket connection = socket.accept();
                        accepted.add(connection);
                        connection.getInputStream().read(new byte[4096]);
                        if (close) {
                            connection.close();
                        }
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "raw-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket connection : accepted) {
                connection.close();
            }
        }
    }

    /** Reads datagrams until none comes for a while. */
    private static void drain(DatagramSocket socket) throws IOException {
        socket.setSoTimeout(1_000);
        try {
            while (true) {
                receive(socket);
            }
        } catch (java.net.SocketTimeoutException quiet) {
            socket.setSoTimeout(20_000);
        }
    }

    private static String receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
        socket.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.ISO_8859_1);
    }

    private static final Pattern HEADER = Pattern.compile("^(<\\d+>)(?:\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d "
            + "haproxy\\[\\d+\\]: )?");
    private static final Pattern DATE = Pattern.compile("\\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d(\\.\\d{3}| "
            + "\\+0000)\\]");
    /** {@code name~=value}: a value that differs between runs (a date may hold a space before its zone). */
    private static final Pattern VARYING = Pattern.compile("(\\w+~=)(\"[^\"]*\"|\\S+( [+-]\\d{4})?)");
    private static final Pattern ADDRESS = Pattern.compile("127\\.0\\.0\\.1:\\d+");
    private static final Pattern TIMERS = Pattern.compile("^-?\\+?\\d+(/-?\\+?\\d+){2,4}$");

    /** The fields of a line, masked: what must be equal between HAProxy and Bascule. */
    static List<String> fields(String named) {
        String name = named.substring(0, named.indexOf('\t'));
        String line = named.substring(name.length() + 1);
        Matcher header = HEADER.matcher(line);
        String masked = header.find() ? header.group(1) + (header.group(0).length() > header.group(1).length()
                ? "DATE haproxy[PID]: " : "") + line.substring(header.end()) : line;
        masked = VARYING.matcher(masked).replaceAll("$1?");
        masked = DATE.matcher(masked).replaceAll("[DATE]");
        masked = ADDRESS.matcher(masked).replaceAll("127.0.0.1:PORT");
        List<String> fields = new ArrayList<>(Arrays.asList(masked.split(" ", -1)));
        fields.add(0, name);
        boolean clf = masked.contains("[DATE] \"");
        boolean timers = true;
        for (int index = 0; index < fields.size(); index++) {
            String field = fields.get(index);
            if (TIMERS.matcher(field).matches()) {
                if (timers) {
                    fields.set(index, field.replaceAll("(^|/)(\\+?)\\d+", "$1$2N"));
                    timers = false;
                } else {
                    // %ac/%fc/%bc/%sc/%rc: the process, frontend, backend and server counts depend on
                    // when the previous connection's close was processed (several scenarios share a
                    // backend), in HAProxy as in Bascule: only the retries are compared
                    fields.set(index, field.replaceFirst("^\\d+/\\d+/\\d+/\\d+", "N/N/N/N"));
                }
            }
        }
        if (clf) {
            // after the two empty quoted fields: client port, milliseconds, three names, five timers
            int quotes = fields.indexOf("\"\"");
            fields.set(quotes + 2, "PORT");
            fields.set(quotes + 3, "MS");
            for (int index = quotes + 7; index < quotes + 12; index++) {
                if (!fields.get(index).equals("-1")) {
                    fields.set(index, "N");
                }
            }
            // then the termination state, and %ac %fc as in the other formats: they depend on when the
            // previous connection's close was processed
            fields.set(quotes + 13, "N");
            fields.set(quotes + 14, "N");
        }
        return fields;
    }
}
