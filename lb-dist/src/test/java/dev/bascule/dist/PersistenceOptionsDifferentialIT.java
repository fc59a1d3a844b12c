package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code option prefer-last-server} and {@code option persist}: HAProxy 2.6 and Bascule send the
 * same requests to the same servers.
 * <ul>
 * <li>prefer-last-server keeps a keep-alive client on the server it holds a private connection to
 * ({@code http-reuse never}); with shared connections ({@code http-reuse safe}) there is none to
 * prefer, and roundrobin alternates as it does without the option.</li>
 * <li>persist sends a request whose cookie names a server marked DOWN (its check fails, the server
 * itself answers) to that server; without it the request is balanced. With a server that cannot
 * be reached, {@code option redispatch} then serves it elsewhere, and without it the answer is 503.</li>
 * </ul>
 */
@Timeout(120)
final class PersistenceOptionsDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final String[] NAMES = {"prefer-last-server never", "prefer-last-server safe",
        "never without the option", "persist", "no persist", "persist redispatch", "persist no redispatch"};

    @Test
    void serversAreChosenAsHaproxyChoosesThem(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        try (TestOrigin s1 = new TestOrigin("s1"); TestOrigin s2 = new TestOrigin("s2")) {
            int dead = Embedded.freePort();
            int[] haproxyPorts = ports();
            Path config = temp.resolve("haproxy.cfg");
            Files.writeString(config, config(s1, s2, dead, haproxyPorts));
            List<String> expected;
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            try {
                expected = run(haproxyPorts);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            int[] basculePorts = ports();
            List<String> actual;
            try (Embedded bascule = Embedded.start(config(s1, s2, dead, basculePorts))) {
                actual = run(basculePorts);
            }
            assertThat(expected).containsExactly(
                    "prefer-last-server never: s1 s1 s1 s1",
                    "prefer-last-server safe: s1 s2 s1 s2",
                    "never without the option: s1 s2 s1 s2",
                    "persist: s1 s1",
                    "no persist: s2 s2",
                    "persist redispatch: s2 s2",
                    "persist no redispatch: 503 503");
            assertThat(actual).isEqualTo(expected);
        }
    }

    private static int[] ports() {
        return java.util.stream.IntStream.generate(Embedded::freePort).distinct().limit(NAMES.length).toArray();
    }

    private static String config(TestOrigin s1, TestOrigin s2, int dead, int[] ports) {
        StringBuilder config = new StringBuilder("defaults\n    mode http\n    timeout client 5s\n"
                + "    timeout server 5s\n    timeout connect 1s\n    balance roundrobin\n");
        String[] reuse = {"never", "safe", "never"};
        for (int i = 0; i < 3; i++) {
            config.append("listen l").append(i).append("\n    bind 127.0.0.1:").append(ports[i])
                    .append("\n    http-reuse ").append(reuse[i]).append('\n')
                    .append(i < 2 ? "    option prefer-last-server\n" : "")
                    .append("    server s1 127.0.0.1:").append(s1.port()).append('\n')
                    .append("    server s2 127.0.0.1:").append(s2.port()).append('\n');
        }
        for (int i = 3; i < 7; i++) {
            // s1 is DOWN by its check; in the last two it cannot be reached either
            String s1Address = i < 5 ? "127.0.0.1:" + s1.port() : "127.0.0.1:" + dead;
            config.append("listen l").append(i).append("\n    bind 127.0.0.1:").append(ports[i])
                    .append("\n    retries 1\n    cookie SRV insert indirect nocache\n")
                    .append(i == 3 || i >= 5 ? "    option persist\n" : "")
                    .append(i == 5 ? "    option redispatch\n" : "")
                    .append("    server s1 ").append(s1Address).append(" cookie a check port ").append(dead)
                    .append(" inter 100ms fall 1 rise 1\n")
                    .append("    server s2 127.0.0.1:").append(s2.port()).append(" cookie b\n");
        }
        return config.toString();
    }

    private static List<String> run(int[] ports) throws Exception {
        List<String> results = new ArrayList<>();
        for (int port : ports) {
            CommandLineIT.awaitListening(port);
        }
        for (int i = 0; i < 3; i++) {
            StringBuilder served = new StringBuilder(NAMES[i]).append(':');
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), ports[i])) {
                socket.setSoTimeout(5_000);
                for (int request = 0; request < 4; request++) {
                    HttpProxyIT.send(socket, "GET /" + request + " HTTP/1.1\r\nHost: h\r\n\r\n");
                    served.append(' ').append(origin(socket.getInputStream()));
                }
            }
            results.add(served.toString());
        }
        // the checks mark s1 DOWN: a request without cookie then only ever goes to s2
        for (int i = 3; i < 7; i++) {
            awaitDown(ports[i]);
        }
        for (int i = 3; i < 7; i++) {
            StringBuilder served = new StringBuilder(NAMES[i]).append(':');
            for (int request = 0; request < 2; request++) {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), ports[i])) {
                    socket.setSoTimeout(10_000);
                    HttpProxyIT.send(socket, "GET / HTTP/1.1\r\nHost: h\r\nCookie: SRV=a\r\nConnection: close\r\n\r\n");
                    served.append(' ').append(origin(socket.getInputStream()));
                }
            }
            results.add(served.toString());
        }
        return results;
    }

    private static void awaitDown(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int inARow = 0;
        while (inARow < 4) {
            assertThat(System.nanoTime()).as("s1 marked DOWN behind port %d", port).isLessThan(deadline);
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(5_000);
                HttpProxyIT.send(socket, "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
                inARow = origin(socket.getInputStream()).equals("s2") ? inARow + 1 : 0;
            }
            if (inARow == 0) {
                Thread.sleep(50);
            }
        }
    }

    /** The {@code x-origin} of the response, or its status when it has none. */
    private static String origin(InputStream in) throws IOException {
        String response = HttpProxyIT.readResponse(in);
        for (String line : response.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("x-origin:")) {
                return line.substring("x-origin:".length()).trim();
            }
        }
        return response.length() >= 12 ? response.substring(9, 12) : response;
    }
}
