package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The PROXY protocol between two proxies: A forwards each client to B with {@code send-proxy}
 * (http, {@code http-reuse always}: each client still gets a server connection of its own),
 * {@code send-proxy-v2} (http) or {@code send-proxy-v2} (tcp), B has {@code accept-proxy}
 * and answers with what it sees ({@code src}, {@code dst}, {@code fc_src}, {@code fc_rcvd_proxy},
 * {@code option forwardfor}) and logs {@code %ci:%cp %fi:%fp}. Run with HAProxy 2.6 as both (the
 * control), HAProxy as A and Bascule as B, Bascule as A and HAProxy as B: B must see the client's
 * own address and port, and the address it connected to on A, each time alike. A raw header that
 * is not one must close the connection with HAProxy's error line.
 */
@Timeout(120)
final class ProxyProtocolDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    @Test
    void theSecondProxySeesTheClientOfTheFirst(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        List<String> control = run(temp, "control", false, false);
        List<String> haproxyToBascule = run(temp, "haproxy-bascule", false, true);
        List<String> basculeToHaproxy = run(temp, "bascule-haproxy", true, false);
        assertThat(control).hasSize(9);
        assertThat(control.get(0)).isEqualTo(
                "http v1: src=127.0.0.1:CLIENT dst=127.0.0.1:A0 fc_src=127.0.0.1 rcvd=1 xff=127.0.0.1");
        assertThat(control.get(7)).isEqualTo("log: 127.0.0.1:CLIENT 127.0.0.1:A2");
        assertThat(control.get(8)).endsWith(
                "fe/pp: Received something which does not look like a PROXY protocol header");
        assertThat(haproxyToBascule).isEqualTo(control);
        assertThat(basculeToHaproxy).isEqualTo(control);
    }

    /** One client per A frontend, then a request without header straight to B: what B answered and logged, ports masked. */
    private static List<String> run(Path temp, String name, boolean basculeA, boolean basculeB) throws Exception {
        int[] a = {Embedded.freePort(), Embedded.freePort(), Embedded.freePort()};
        int b = Embedded.freePort();
        List<String> seen = new ArrayList<>();
        try (DatagramSocket syslog = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             TestOrigin origin = new TestOrigin("origin");
             AutoCloseable proxyB = start(temp, name + "-b", configB(b, syslog.getLocalPort(), origin.port()),
                     basculeB);
             AutoCloseable proxyA = start(temp, name + "-a", configA(a, b), basculeA)) {
            syslog.setSoTimeout(10_000);
            for (int port : a) {
                CommandLineIT.awaitListening(port);
            }
            CommandLineIT.awaitListening(b);
            // http v1 twice, the first client still connected and idle: with http-reuse always, the
            // second still gets a server connection of its own
            String[] labels = {"http v1", "http v1 again", "http v2", "tcp v2"};
            int[] targets = {a[0], a[0], a[1], a[2]};
            Socket first = null;
            try {
                for (int i = 0; i < targets.length; i++) {
                    Socket client = new Socket(InetAddress.getLoopbackAddress(), targets[i]);
                    client.setSoTimeout(10_000);
                    client.getOutputStream().write("GET / HTTP/1.1\r\nHost: h\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    String head = responseHead(client);
                    String seenByB = head.lines().filter(line -> line.toLowerCase().startsWith("x-b: ")).findFirst()
                            .orElse("x-b: none").substring(5);
                    List<String> request = origin.requestHeads().get(origin.requestHeads().size() - 1);
                    String forwardedFor = request.stream().filter(line -> line.startsWith("x-forwarded-for: "))
                            .findFirst().orElse("x-forwarded-for: none").substring(17);
                    seen.add(labels[i] + ": " + mask(seenByB, client.getLocalPort(), a) + " xff=" + forwardedFor);
                    seen.add("log: " + mask(logLine(syslog), client.getLocalPort(), a));
                    if (i == 0) {
                        first = client;
                    } else {
                        client.close();
                    }
                }
            } finally {
                if (first != null) {
                    first.close();
                }
            }
            try (Socket direct = new Socket(InetAddress.getLoopbackAddress(), b)) {
                direct.setSoTimeout(10_000);
                direct.getOutputStream().write("GET / HTTP/1.0\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                try {
                    assertThat(direct.getInputStream().read()).as("%s: answer to a request without header", name)
                            .isEqualTo(-1);
                } catch (IOException reset) {
                    // HAProxy resets: it only peeked at the bytes
                }
            }
            seen.add(logLine(syslog).replaceAll("^.*?\\]: \\S+ \\[[^]]*\\] ", ""));
        }
        return seen;
    }

    /** The head of a response and its body ({@code Content-Length}), the connection left open. */
    private static String responseHead(Socket client) throws IOException {
        java.io.InputStream in = client.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int read = in.read();
            if (read < 0) {
                throw new AssertionError("closed after " + head);
            }
            head.append((char) read);
        }
        String length = head.toString().lines().filter(line -> line.toLowerCase().startsWith("content-length: "))
                .findFirst().orElse("content-length: 0").substring(16).trim();
        in.readNBytes(Integer.parseInt(length));
        return head.toString();
    }

    private static String mask(String text, int clientPort, int[] a) {
        String masked = text.replace(":" + clientPort, ":CLIENT");
        for (int i = 0; i < a.length; i++) {
            masked = masked.replace(":" + a[i], ":A" + i);
        }
        return masked;
    }

    private static String logLine(DatagramSocket syslog) throws IOException {
        byte[] buffer = new byte[4096];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            syslog.receive(packet);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no log line from B", e);
        }
        String line = new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8).trim();
        int start = line.indexOf("]: ");
        return line.contains("PROXY protocol") ? line : line.substring(start + 3);
    }

    private static String configA(int[] a, int b) {
        // one thread: both clients on the loop whose idle connections the second could take
        return """
                global
                    nbthread 1
                defaults
                    timeout client 10s
                    timeout server 10s
                    timeout connect 5s
                frontend f0
                    mode http
                    bind 127.0.0.1:%d
                    default_backend b0
                frontend f1
                    mode http
                    bind 127.0.0.1:%d
                    default_backend b1
                frontend f2
                    mode tcp
                    bind 127.0.0.1:%d
                    default_backend b2
                backend b0
                    mode http
                    http-reuse always
                    server s 127.0.0.1:%d send-proxy
                backend b1
                    mode http
                    default-server send-proxy-v2
                    server s 127.0.0.1:%d send-proxy no-send-proxy-v2 send-proxy-v2
                backend b2
                    mode tcp
                    server s 127.0.0.1:%d send-proxy-v2
                """.formatted(a[0], a[1], a[2], b, b, b);
    }

    private static String configB(int b, int syslog, int origin) {
        return """
                global
                    log 127.0.0.1:%d local0
                defaults
                    mode http
                    log global
                    option dontlognull
                    timeout client 10s
                    timeout server 10s
                    timeout connect 5s
                frontend fe
                    bind 127.0.0.1:%d accept-proxy name pp
                    log-format "%%ci:%%cp %%fi:%%fp"
                    option forwardfor
                    http-response set-header x-b "src=%%[src]:%%[src_port] dst=%%[dst]:%%[dst_port] fc_src=%%[fc_src] rcvd=%%[fc_rcvd_proxy]"
                    default_backend origin
                backend origin
                    server o 127.0.0.1:%d
                """.formatted(syslog, b, origin);
    }

    private static AutoCloseable start(Path temp, String name, String config, boolean bascule) throws IOException {
        if (bascule) {
            Embedded embedded = Embedded.start(config);
            return embedded;
        }
        Path file = temp.resolve(name + ".cfg");
        Files.writeString(file, config);
        Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", file.toString())
                .redirectErrorStream(true).redirectOutput(temp.resolve(name + ".log").toFile()).start();
        return () -> {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
        };
    }
}
