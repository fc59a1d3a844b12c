package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code option allbackups}: with no active server, HAProxy 2.6 and Bascule send the same requests
 * to the same backup servers, the first backup only without the option, all of them by weight
 * with it (and a frontend's {@code option allbackups} is ignored with a warning).
 */
@Timeout(120)
final class AllBackupsDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    @Test
    void theBackupsServeAsHaproxysDo(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        try (TestOrigin b1 = new TestOrigin("b1"); TestOrigin b2 = new TestOrigin("b2");
             TestOrigin b3 = new TestOrigin("b3")) {
            int[] haproxyPorts = {Embedded.freePort(), Embedded.freePort()};
            Path config = temp.resolve("haproxy.cfg");
            Files.writeString(config, config(b1, b2, b3, haproxyPorts));
            List<String> expected;
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            try {
                expected = run(haproxyPorts);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            int[] basculePorts = {Embedded.freePort(), Embedded.freePort()};
            List<String> actual;
            try (Embedded bascule = Embedded.start(config(b1, b2, b3, basculePorts))) {
                actual = run(basculePorts);
            }
            assertThat(expected).containsExactly("first backup only: b1 b1 b1 b1 b1 b1",
                    "allbackups: b2 b1 b2 b3 b2 b1");
            assertThat(actual).isEqualTo(expected);
        }
    }

    private static String config(TestOrigin b1, TestOrigin b2, TestOrigin b3, int[] ports) {
        String backups = "    server b1 127.0.0.1:" + b1.port() + " backup\n"
                + "    server b2 127.0.0.1:" + b2.port() + " backup weight 2\n"
                + "    server b3 127.0.0.1:" + b3.port() + " backup\n";
        return "defaults\n    mode http\n    timeout client 5s\n    timeout server 5s\n    timeout connect 5s\n"
                + "listen first\n    bind 127.0.0.1:" + ports[0] + "\n    balance roundrobin\n" + backups
                + "listen all\n    bind 127.0.0.1:" + ports[1] + "\n    balance roundrobin\n"
                + "    option allbackups\n" + backups;
    }

    private static List<String> run(int[] ports) throws Exception {
        List<String> results = new ArrayList<>();
        String[] names = {"first backup only", "allbackups"};
        for (int i = 0; i < ports.length; i++) {
            CommandLineIT.awaitListening(ports[i]);
            StringBuilder served = new StringBuilder(names[i]).append(':');
            for (int request = 0; request < 6; request++) {
                served.append(' ').append(origin(ports[i]));
            }
            results.add(served.toString());
        }
        return results;
    }

    private static String origin(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            HttpProxyIT.send(socket, "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
            String response = HttpProxyIT.readResponse(socket.getInputStream());
            for (String line : response.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("x-origin:")) {
                    return line.substring("x-origin:".length()).trim();
                }
            }
            return response.substring(0, Math.min(12, response.length()));
        }
    }
}
