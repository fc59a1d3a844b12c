package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Server {@code slowstart}: a server of weight 100 with {@code slowstart 10s} leaves maintenance
 * ({@code enable server}, no check) in one backend and comes back UP after its check failed in
 * another; the statistics page's CSV is read every 200 ms on HAProxy 2.6 and on Bascule for the same
 * configuration. Both must report the same ramp of {@code weight} (HAProxy's eweight rounded up)
 * and {@code throttle}, one step a second: which steps a poll catches depends on timing, so each
 * side must show only steps of the ramp, in order, most of them, ending at the full weight.
 */
@Timeout(180)
final class SlowStartDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    /** weight/throttle of a weight-100 server each second of a 10 s slowstart, then at full weight. */
    private static final List<String> RAMP = List.of("7/6", "13/12", "25/25", "32/31", "44/43", "57/56", "63/62",
            "75/75", "82/81", "94/93", "100/");

    @Test
    void theWeightRampsAsHaproxys(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        List<List<String>> haproxy;
        try (ServerSocket idle = listener(0); ServerSocket other = listener(0)) {
            int checkedPort = Embedded.freePort();
            Path socket = temp.resolve("haproxy.sock");
            Path config = temp.resolve("haproxy.cfg");
            int statsPort = Embedded.freePort();
            Files.writeString(config, config(socket, idle.getLocalPort(), other.getLocalPort(), checkedPort,
                    statsPort));
            Process process = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            try {
                awaitSocket(socket);
                haproxy = scenario(socket, checkedPort, statsPort);
            } finally {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        List<List<String>> bascule;
        try (ServerSocket idle = listener(0); ServerSocket other = listener(0)) {
            int checkedPort = Embedded.freePort();
            Path socket = temp.resolve("bascule.sock");
            int statsPort = Embedded.freePort();
            try (Embedded ignored = Embedded.start(config(socket, idle.getLocalPort(), other.getLocalPort(),
                    checkedPort, statsPort))) {
                bascule = scenario(socket, checkedPort, statsPort);
            }
        }
        for (List<List<String>> side : List.of(haproxy, bascule)) {
            for (List<String> ramp : side) {
                assertThat(RAMP).as("every step seen is one of the ramp's").containsAll(ramp);
                assertThat(ramp).as("in order").isSortedAccordingTo((a, b) -> RAMP.indexOf(a) - RAMP.indexOf(b));
                assertThat(ramp).as("most steps seen").hasSizeGreaterThanOrEqualTo(8);
                assertThat(ramp.get(0)).isEqualTo("7/6");
                assertThat(ramp.get(ramp.size() - 1)).isEqualTo("100/");
            }
        }
    }

    private static String config(Path socket, int idlePort, int otherPort, int checkedPort, int statsPort) {
        return String.join("\n",
                "global",
                "    stats socket " + socket + " level admin",
                "defaults",
                "    mode http",
                "    timeout client 5s",
                "    timeout server 5s",
                "    timeout connect 5s",
                "backend maint",
                "    server s1 127.0.0.1:" + idlePort + " weight 100 slowstart 10s",
                "    server s2 127.0.0.1:" + otherPort + " weight 100",
                "backend checked",
                "    server s1 127.0.0.1:" + checkedPort + " weight 100 slowstart 10s check inter 200 rise 1 fall 1",
                "    server s2 127.0.0.1:" + otherPort + " weight 100",
                "listen stats",
                "    bind 127.0.0.1:" + statsPort,
                "    stats enable",
                "    stats uri /stats",
                "");
    }

    /** The ramps {@code show stat} shows: after {@code enable server}, then after the check finds the server back. */
    private static List<List<String>> scenario(Path socket, int checkedPort, int statsPort) throws Exception {
        List<List<String>> ramps = new ArrayList<>();
        ask(socket, "disable server maint/s1\n");
        Thread.sleep(300);
        ask(socket, "enable server maint/s1\n");
        ramps.add(ramp(statsPort, "maint"));
        // the checked server's port has no listener yet: DOWN after its first check
        awaitStatus(statsPort, "checked", "DOWN");
        try (ServerSocket back = listener(checkedPort)) {
            awaitStatus(statsPort, "checked", "UP");
            ramps.add(ramp(statsPort, "checked"));
        }
        return ramps;
    }

    /** The distinct weight/throttle of s1 of {@code backend}, polled until the full weight has shown twice. */
    private static List<String> ramp(int statsPort, String backend) throws Exception {
        List<String> seen = new ArrayList<>();
        int full = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (full < 2 && System.nanoTime() < deadline) {
            String[] row = row(statsPort, backend);
            String step = row[WEIGHT] + "/" + row[THROTTLE];
            if (seen.isEmpty() && step.equals("100/")) {
                // the state before the ramp (Bascule applies admin changes on its check thread, a
                // moment after the command's answer): the ramp has not started yet
                Thread.sleep(50);
                continue;
            }
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(step)) {
                seen.add(step);
            }
            full += step.equals("100/") ? 1 : 0;
            Thread.sleep(200);
        }
        return seen;
    }

    private static void awaitStatus(int statsPort, String backend, String status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!row(statsPort, backend)[STATUS].startsWith(status)) {
            assertThat(System.nanoTime()).as("%s/s1 %s", backend, status).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static final int STATUS = 17;
    private static final int WEIGHT = 18;
    private static final int THROTTLE = 29;

    /** The CSV fields of {@code backend}/s1 on the statistics page ({@code /stats;csv}, as {@code show stat}). */
    private static String[] row(int statsPort, String backend) throws IOException {
        String csv;
        try (java.net.Socket client = new java.net.Socket(InetAddress.getLoopbackAddress(), statsPort)) {
            client.setSoTimeout(5_000);
            client.getOutputStream().write("GET /stats;csv HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            csv = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        for (String line : csv.split("\n")) {
            if (line.startsWith(backend + ",s1,")) {
                return line.split(",", -1);
            }
        }
        throw new AssertionError("no " + backend + "/s1 in the statistics:\n" + csv);
    }

    private static ServerSocket listener(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return socket;
    }

    private static void awaitSocket(Path socket) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                ask(socket, "show info\n");
                return;
            } catch (IOException notYet) {
                assertThat(System.nanoTime()).as("the stats socket %s", socket).isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    private static String ask(Path socket, String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(command.getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (channel.read(buffer) >= 0) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
