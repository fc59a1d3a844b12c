package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Server {@code disabled} (and {@code enabled} after {@code default-server disabled}): the server
 * starts in maintenance, gets no traffic, is MAINT on the statistics page, and {@code enable
 * server} brings it in; the same statuses and the same request distribution on HAProxy 2.6 and
 * Bascule.
 */
@Timeout(120)
final class DisabledServerDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    @Test
    void startsInMaintenanceAsHaproxys(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        try (TestOrigin o1 = new TestOrigin("o1"); TestOrigin o2 = new TestOrigin("o2");
             TestOrigin o3 = new TestOrigin("o3")) {
            List<String> expected;
            int[] ports = {Embedded.freePort(), Embedded.freePort()};
            Path socket = temp.resolve("haproxy.sock");
            Path config = Files.writeString(temp.resolve("haproxy.cfg"), config(socket, ports, o1, o2, o3));
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            try {
                expected = run(socket, ports);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            List<String> actual;
            int[] basculePorts = {Embedded.freePort(), Embedded.freePort()};
            Path basculeSocket = temp.resolve("bascule.sock");
            try (Embedded bascule = Embedded.start(config(basculeSocket, basculePorts, o1, o2, o3))) {
                actual = run(basculeSocket, basculePorts);
            }
            assertThat(expected).containsExactly("s1 MAINT, s2 no check, s3 MAINT", "o2 o2 o2",
                    "s1 no check, s2 no check, s3 UP 1/3", "o1 o1 o2 o2 o3 o3");
            assertThat(actual).isEqualTo(expected);
        }
    }

    private static String config(Path socket, int[] ports, TestOrigin o1, TestOrigin o2, TestOrigin o3) {
        return String.join("\n", "global", "    stats socket " + socket + " level admin",
                "defaults", "    mode http", "    timeout client 5s", "    timeout server 5s", "    timeout connect 5s",
                "listen l", "    bind 127.0.0.1:" + ports[0], "    balance roundrobin",
                "    default-server disabled",
                "    server s1 127.0.0.1:" + o1.port(),
                "    server s2 127.0.0.1:" + o2.port() + " enabled",
                "    server s3 127.0.0.1:" + o3.port() + " disabled check inter 60s",
                "listen stats", "    bind 127.0.0.1:" + ports[1], "    stats enable", "    stats uri /stats", "");
    }

    private static List<String> run(Path socket, int[] ports) throws Exception {
        CommandLineIT.awaitListening(ports[0]);
        CommandLineIT.awaitListening(ports[1]);
        List<String> seen = new ArrayList<>();
        seen.add(statuses(ports[1]));
        seen.add(origins(ports[0], 3));
        ask(socket, "enable server l/s1\n");
        ask(socket, "enable server l/s3\n");
        Thread.sleep(300);
        seen.add(statuses(ports[1]));
        // which servers, not in which order: Bascule's roundrobin restarts its order when a server
        // rejoins, HAProxy's fwrr carries its positions over (a difference of roundrobin, not of 'disabled')
        List<String> after = new ArrayList<>(List.of(origins(ports[0], 6).split(" ")));
        after.sort(null);
        seen.add(String.join(" ", after));
        return seen;
    }

    private static String statuses(int statsPort) throws IOException {
        String csv;
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), statsPort)) {
            client.setSoTimeout(5_000);
            client.getOutputStream().write("GET /stats;csv HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            csv = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        List<String> statuses = new ArrayList<>();
        for (String line : csv.split("\n")) {
            String[] fields = line.split(",", -1);
            if (fields.length > 18 && fields[0].equals("l") && fields[1].startsWith("s")) {
                statuses.add(fields[1] + " " + fields[17]);
            }
        }
        return String.join(", ", statuses);
    }

    static String origins(int port, int count) throws IOException {
        StringBuilder served = new StringBuilder();
        for (int i = 0; i < count; i++) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(5_000);
                HttpProxyIT.send(socket, "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
                String response = HttpProxyIT.readResponse(socket.getInputStream());
                String origin = "?";
                for (String line : response.split("\r\n")) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("x-origin:")) {
                        origin = line.substring("x-origin:".length()).trim();
                    }
                }
                served.append(i == 0 ? "" : " ").append(origin);
            }
        }
        return served.toString();
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
