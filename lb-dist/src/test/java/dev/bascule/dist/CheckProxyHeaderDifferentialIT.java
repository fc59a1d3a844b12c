package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The PROXY protocol header of health checks ({@code check-send-proxy}, {@code send-proxy} on a server
 * checked on its own address, {@code tcp-check connect send-proxy}) on HAProxy 2.6 and on Bascule: the
 * first bytes each server receives from the checks are the same: a v1 line with the probe connection's
 * own addresses, a v2 {@code LOCAL} command, or none.
 */
@Timeout(120)
final class CheckProxyHeaderDifferentialIT {
    @TempDir
    Path temp;

    private static final List<String> BACKENDS = List.of("traffic_v1", "traffic_v2_other_port", "check_send_proxy",
            "check_send_proxy_v2", "tcp_check_connect", "tcp_check_default", "none");

    private static String config(int port, Map<String, LoopbackServer> servers, int other) {
        StringBuilder config = new StringBuilder(String.join("\n",
                "defaults",
                "    mode tcp",
                "    timeout connect 2s",
                "    timeout client 5s",
                "    timeout server 5s",
                "    timeout check 1s",
                "frontend fe",
                "    bind 127.0.0.1:" + port,
                "    default_backend none",
                ""));
        Map<String, String> lines = Map.of(
                "traffic_v1", "    server s 127.0.0.1:%d check inter 300 send-proxy",
                "traffic_v2_other_port", "    server s 127.0.0.1:%d check inter 300 send-proxy-v2 port " + other,
                "check_send_proxy", "    server s 127.0.0.1:%d check inter 300 check-send-proxy",
                "check_send_proxy_v2", "    server s 127.0.0.1:%d check inter 300 send-proxy-v2 check-send-proxy",
                "tcp_check_connect", "    option tcp-check\n    tcp-check connect send-proxy\n"
                        + "    server s 127.0.0.1:%d check inter 300 send-proxy-v2",
                "tcp_check_default", "    option tcp-check\n    tcp-check connect default\n"
                        + "    server s 127.0.0.1:%d check inter 300 send-proxy",
                "none", "    server s 127.0.0.1:%d check inter 300");
        for (String backend : BACKENDS) {
            config.append("backend ").append(backend).append('\n')
                    .append(lines.get(backend).formatted(servers.get(backend).port())).append('\n');
        }
        return config.toString();
    }

    /** Each server's first connection: what came in its first half second, in hex. */
    private static Map<String, String> observe(Map<String, List<String>> seen) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        // every server but the one checked on another port gets a probe within inter
        while (BACKENDS.stream().filter(name -> !name.equals("traffic_v2_other_port"))
                .anyMatch(name -> seen.get(name).isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(600);
        Map<String, String> first = new LinkedHashMap<>();
        for (String backend : BACKENDS) {
            List<String> received = seen.get(backend);
            first.put(backend, received.isEmpty() ? "(no check)" : received.get(0));
        }
        return first;
    }

    private Map<String, String> run(boolean haproxy) throws Exception {
        Map<String, List<String>> seen = new ConcurrentHashMap<>();
        Map<String, LoopbackServer> servers = new LinkedHashMap<>();
        List<LoopbackServer> started = new ArrayList<>();
        try {
            for (String backend : BACKENDS) {
                List<String> received = java.util.Collections.synchronizedList(new ArrayList<>());
                seen.put(backend, received);
                LoopbackServer server = new LoopbackServer(backend, connection -> {
                    connection.setSoTimeout(500);
                    InputStream in = connection.getInputStream();
                    byte[] buffer = new byte[256];
                    int length = 0;
                    try {
                        int read;
                        while (length < buffer.length && (read = in.read(buffer, length, buffer.length - length)) > 0) {
                            length += read;
                        }
                    } catch (SocketTimeoutException e) {
                        // what came is what the check sends first
                    } catch (java.io.IOException e) {
                        // HAProxy ends its checks with a reset: what came before counts
                    }
                    // the probe's source port changes from run to run, the server's is this one
                    received.add(text(buffer, length).replaceFirst("^(PROXY TCP4 \\S+ \\S+ )\\d+ ", "$1N ")
                            .replace(" " + connection.getLocalPort() + "<0d>", " SERVER<0d>"));
                });
                servers.put(backend, server);
                started.add(server);
            }
            LoopbackServer other = new LoopbackServer("other", connection -> { });
            started.add(other);
            if (haproxy) {
                return ReferenceHaproxy.run(temp, port -> config(port, servers, other.port()), port -> observe(seen));
            }
            return ReferenceHaproxy.runBascule(port -> config(port, servers, other.port()), port -> observe(seen));
        } finally {
            for (LoopbackServer server : started) {
                server.close();
            }
        }
    }

    /** Printable ASCII as it is, the other bytes in hex. */
    private static String text(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x20 && b < 0x7f) {
                out.append((char) b);
            } else {
                out.append('<').append(HexFormat.of().toHexDigits((byte) b)).append('>');
            }
        }
        return out.length() == 0 ? "(nothing)" : out.toString();
    }

    @Test
    void sameHeadersAsHaproxy() throws Exception {
        Assumptions.assumeTrue(ReferenceHaproxy.installed(), "haproxy 2.6 is not installed (/usr/sbin/haproxy)");
        Map<String, String> haproxy = run(true);
        Map<String, String> bascule = run(false);
        assertThat(bascule).isEqualTo(haproxy);
        // what the comparison covers
        assertThat(haproxy.get("traffic_v1")).isEqualTo("PROXY TCP4 127.0.0.1 127.0.0.1 N SERVER<0d><0a>");
        assertThat(haproxy.get("none")).isEqualTo("(nothing)");
        assertThat(haproxy.get("tcp_check_connect")).isEqualTo("<0d><0a><0d><0a><00><0d><0a>QUIT<0a> <00><00><00>");
        assertThat(haproxy.get("traffic_v2_other_port")).isEqualTo("(no check)");
    }
}
