package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same configuration run by the real HAProxy (Debian's package, installed by .ci/run) and by
 * Bascule, the same requests sent to both: the same server must answer each.
 */
@Timeout(60)
final class DifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final Pattern ORIGIN = Pattern.compile("(?im)^x-origin: (\\S+)");

    @Test
    void roundrobinWithWeights(@TempDir Path temp) throws Exception {
        compare(temp, "roundrobin", new int[] {1, 1, 1}, clients("127.0.0.1", 9));
        compare(temp, "roundrobin", new int[] {1, 2, 5}, clients("127.0.0.1", 16));
        compare(temp, "roundrobin", new int[] {3, 1, 7, 2}, clients("127.0.0.1", 40));
        compare(temp, "roundrobin", new int[] {10, 0, 1}, clients("127.0.0.1", 25));
    }

    @Test
    void sourceHashesClientAddresses(@TempDir Path temp) throws Exception {
        List<String> clients = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            clients.add("127.0.0." + i);
        }
        compare(temp, "source", new int[] {1, 1, 1}, clients);
        compare(temp, "source", new int[] {1, 2, 5}, clients);
    }

    @Test
    void leastconnOnSequentialRequests(@TempDir Path temp) throws Exception {
        compare(temp, "leastconn", new int[] {1, 1, 1}, clients("127.0.0.1", 7));
    }

    private static List<String> clients(String address, int count) {
        List<String> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clients.add(address);
        }
        return clients;
    }

    /** Sends one request per client address (a connection each) to HAProxy, then to Bascule, and compares who answered. */
    private static void compare(Path temp, String algorithm, int[] weights, List<String> clients) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        List<TestOrigin> origins = new ArrayList<>();
        try {
            for (int i = 0; i < weights.length; i++) {
                origins.add(new TestOrigin("s" + (i + 1)));
            }
            int haproxyPort = Embedded.freePort();
            int basculePort = Embedded.freePort();
            Path config = temp.resolve(algorithm + "-haproxy.cfg");
            Files.writeString(config, config(algorithm, weights, origins, haproxyPort));
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            List<String> expected;
            try {
                CommandLineIT.awaitListening(haproxyPort);
                expected = answers(haproxyPort, clients);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            List<String> actual;
            try (Embedded bascule = Embedded.start(config(algorithm, weights, origins, basculePort))) {
                actual = answers(basculePort, clients);
            }
            // both runs must really have been served, by more than one server
            assertThat(new java.util.HashSet<>(expected)).hasSizeGreaterThan(1).allMatch(name -> name.matches("s\\d+"));
            assertThat(actual).as("balance %s, weights %s, clients %s", algorithm, java.util.Arrays.toString(weights),
                    clients).isEqualTo(expected);
        } finally {
            origins.forEach(TestOrigin::close);
        }
    }

    private static String config(String algorithm, int[] weights, List<TestOrigin> origins, int port) {
        StringBuilder config = new StringBuilder(String.join("\n",
                "defaults",
                "    mode http",
                "    timeout connect 5s",
                "    timeout client 10s",
                "    timeout server 10s",
                "listen px",
                "    bind 127.0.0.1:" + port,
                "    balance " + algorithm,
                ""));
        for (int i = 0; i < weights.length; i++) {
            config.append("    server s").append(i + 1).append(" 127.0.0.1:").append(origins.get(i).port())
                    .append(" weight ").append(weights[i]).append('\n');
        }
        return config.toString();
    }

    private static List<String> answers(int port, List<String> clients) throws IOException {
        List<String> answers = new ArrayList<>();
        for (String client : clients) {
            try (Socket socket = new Socket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(client), 0));
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
                socket.setSoTimeout(5_000);
                HttpProxyIT.send(socket, "GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
                String response = HttpProxyIT.readResponse(socket.getInputStream());
                Matcher matcher = ORIGIN.matcher(response);
                answers.add(matcher.find() ? matcher.group(1) : response.lines().findFirst().orElse("<nothing>"));
            }
        }
        return answers;
    }
}
