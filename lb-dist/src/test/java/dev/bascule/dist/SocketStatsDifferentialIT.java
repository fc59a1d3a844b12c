package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code option socket-stats}: the listener rows of {@code show stat} (type 3, named by the
 * bind's {@code name} or {@code sock-<id>}, numbered by {@code id} or as HAProxy numbers them,
 * each with its own counters) are the same on HAProxy 2.6 and Bascule after the same traffic,
 * field by field for every field both fill deterministically; a {@code v6only} listener on
 * {@code ::} refuses IPv4 clients on both.
 */
@Timeout(120)
final class SocketStatsDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    /**
     * The CSV fields compared: all a listener row fills but smax (a connection may end in HAProxy
     * after the next one began), wrew and eint (counters Bascule does not keep, left empty as on
     * its FRONTEND row) and the statistics modules' (empty in Bascule).
     */
    private static final List<String> FIELDS = List.of("pxname", "svname", "qcur", "qmax", "scur", "slim", "stot",
            "bin", "bout", "dreq", "dresp", "ereq", "econ", "eresp", "status", "pid", "iid", "sid", "type", "addr",
            "mode", "dcon", "dses");

    private static String config(Path socket, int[] ports, boolean ipv6) {
        List<String> lines = new ArrayList<>(List.of("global", "    stats socket " + socket + " level admin",
                "defaults", "    mode http", "    timeout client 5s", "    timeout server 5s",
                "    timeout connect 5s",
                "frontend fe",
                "    option socket-stats",
                "    bind 127.0.0.1:" + ports[0] + " name first",
                "    bind 127.0.0.1:" + ports[1],
                "    bind 127.0.0.1:" + ports[2] + " id 3",
                "    bind 127.0.0.1:" + ports[3] + ",127.0.0.1:" + ports[4] + " tfo",
                "    tcp-request connection reject if { dst_port " + ports[4] + " }",
                "    http-request deny if { path /deny }",
                "    http-request return status 200 content-type text/plain string ok"));
        if (ipv6) {
            lines.add("    bind :::" + ports[5] + " v6only name six");
        }
        lines.addAll(List.of("frontend plain", "    bind 127.0.0.1:" + ports[6],
                "    http-request return status 200", ""));
        return String.join("\n", lines);
    }

    /** The same traffic on each: a deny, a return, a bad request, a rejected connection, one left open. */
    private static List<String[]> scenario(Path socket, int[] ports, boolean ipv6) throws Exception {
        awaitSocket(socket);
        assertThat(exchange(ports[0], "GET /deny HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")).startsWith(
                "HTTP/1.1 403");
        assertThat(exchange(ports[1], "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")).startsWith(
                "HTTP/1.1 200");
        assertThat(exchange(ports[3], "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")).startsWith(
                "HTTP/1.1 200");
        assertThat(exchange(ports[3], "BAD\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(exchange(ports[4], "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")).isEmpty();
        assertThat(exchange(ports[6], "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")).startsWith(
                "HTTP/1.1 200");
        if (ipv6) {
            assertThat(exchange(InetAddress.getByName("::1"), ports[5],
                    "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
            assertThat(refused(ports[5])).isTrue();
        }
        try (Socket open = new Socket(InetAddress.getLoopbackAddress(), ports[2])) {
            // counted once the proxy accepted it: scur 1 on listener 3
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<String[]> rows = rows(socket);
            while (!value(row(rows, "sock-3"), "scur").equals("1") && System.nanoTime() < deadline) {
                Thread.sleep(50);
                rows = rows(socket);
            }
            // the closed connections' counts are final once their scur is back to 0
            while (System.nanoTime() < deadline && rows.stream()
                    .anyMatch(row -> !value(row, "svname").equals("sock-3") && !value(row, "scur").equals("0"))) {
                Thread.sleep(50);
                rows = rows(socket);
            }
            // the addresses with their ports as the index of the port in the scenario
            for (String[] row : rows) {
                int addr = header.indexOf("addr");
                for (int i = 0; i < ports.length; i++) {
                    row[addr] = row[addr].replace(":" + ports[i], ":port" + i);
                }
            }
            return rows;
        }
    }

    @Test
    void theListenerRowsOfShowStatAreHaproxys(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        boolean ipv6 = ipv6Loopback();
        int[] ports = ports(7);
        Path haproxySocket = temp.resolve("haproxy.sock");
        Path config = Files.writeString(temp.resolve("haproxy.cfg"), config(haproxySocket, ports, ipv6));
        List<String[]> expected;
        Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
        try {
            expected = scenario(haproxySocket, ports, ipv6);
        } finally {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
        }
        ports = ports(7);
        Path basculeSocket = temp.resolve("bascule.sock");
        List<String[]> actual;
        try (Embedded bascule = Embedded.start(config(basculeSocket, ports, ipv6))) {
            actual = scenario(basculeSocket, ports, ipv6);
        }
        assertThat(names(expected)).isEqualTo(ipv6
                ? List.of("fe/FRONTEND", "fe/first", "fe/sock-2", "fe/sock-3", "fe/sock-4", "fe/sock-5", "fe/six",
                "plain/FRONTEND")
                : List.of("fe/FRONTEND", "fe/first", "fe/sock-2", "fe/sock-3", "fe/sock-4", "fe/sock-5",
                "plain/FRONTEND"));
        assertThat(names(actual)).isEqualTo(names(expected));
        for (int i = 0; i < expected.size(); i++) {
            if (!value(expected.get(i), "type").equals("3")) {
                continue;
            }
            for (String field : FIELDS) {
                String what = value(expected.get(i), "svname") + " " + field;
                assertThat(value(actual.get(i), field)).as(what).isEqualTo(value(expected.get(i), field));
            }
        }
    }

    private static List<String> names(List<String[]> rows) {
        return rows.stream().map(row -> row[0] + "/" + row[1]).toList();
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> header;

    private static List<String[]> rows(Path socket) throws IOException {
        String csv = RuntimeApiIT.ask(socket, "show stat\n");
        List<String[]> rows = new ArrayList<>();
        for (String line : csv.split("\n")) {
            if (line.startsWith("# ")) {
                header = List.of(line.substring(2).split(",", -1));
            } else if (!line.isEmpty()) {
                rows.add(line.split(",", -1));
            }
        }
        return rows;
    }

    private static String[] row(List<String[]> rows, String name) {
        return rows.stream().filter(row -> row[1].equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + name));
    }

    private static String value(String[] row, String field) {
        return row[header.indexOf(field)];
    }

    private static void awaitSocket(Path socket) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                if (RuntimeApiIT.ask(socket, "show stat\n").startsWith("# pxname")) {
                    return;
                }
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
            Thread.sleep(50);
        }
    }

    private static String exchange(int port, String request) throws IOException {
        return exchange(InetAddress.getLoopbackAddress(), port, request);
    }

    /** The whole answer to {@code request}, empty when the connection is closed or reset without one. */
    private static String exchange(InetAddress host, int port, String request) throws IOException {
        try (Socket client = new Socket(host, port)) {
            client.setSoTimeout(5_000);
            try {
                client.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                return new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (java.net.SocketException reset) {
                return "";
            }
        }
    }

    private static boolean refused(int port) {
        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5_000);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static int[] ports(int count) {
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            ports[i] = Embedded.freePort();
        }
        return ports;
    }

    private static boolean ipv6Loopback() throws IOException {
        NetworkInterface loopback = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
        return loopback != null && loopback.inetAddresses().anyMatch(address -> address instanceof Inet6Address);
    }
}
