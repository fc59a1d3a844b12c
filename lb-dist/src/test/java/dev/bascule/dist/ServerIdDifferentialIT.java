package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Server {@code id}: explicit ids kept, the others numbered as HAProxy's check_config_validity()
 * does (the first free id from the server's position); the {@code sid} column of the statistics
 * CSV is the same on HAProxy 2.6 and Bascule.
 */
@Timeout(120)
final class ServerIdDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    private static String config(int port) {
        return String.join("\n", "defaults", "    mode http", "    timeout client 5s", "    timeout server 5s",
                "    timeout connect 5s",
                "backend be",
                "    server s1 127.0.0.1:1 id 3",
                "    server s2 127.0.0.1:1",
                "    server s3 127.0.0.1:1",
                "    server s4 127.0.0.1:1 id 1",
                "    server s5 127.0.0.1:1",
                "    server s6 127.0.0.1:1 id 100",
                "    server s7 127.0.0.1:1",
                "listen stats", "    bind 127.0.0.1:" + port, "    stats enable", "    stats uri /stats", "");
    }

    private static String sids(int port) throws IOException, InterruptedException {
        CommandLineIT.awaitListening(port);
        String csv;
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(5_000);
            client.getOutputStream().write("GET /stats;csv HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            csv = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        List<String> ids = new ArrayList<>();
        for (String line : csv.split("\n")) {
            String[] fields = line.split(",", -1);
            if (fields.length > 28 && fields[0].equals("be") && fields[1].startsWith("s")) {
                // sid is the 29th field
                ids.add(fields[1] + "=" + fields[28]);
            }
        }
        return String.join(" ", ids);
    }

    @Test
    void theSameIdsAsHaproxy(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        int port = Embedded.freePort();
        Path config = Files.writeString(temp.resolve("haproxy.cfg"), config(port));
        String expected;
        Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
        try {
            expected = sids(port);
        } finally {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
        }
        int basculePort = Embedded.freePort();
        String actual;
        try (Embedded bascule = Embedded.start(config(basculePort))) {
            actual = sids(basculePort);
        }
        assertThat(expected).isEqualTo("s1=3 s2=2 s3=4 s4=1 s5=6 s6=100 s7=8");
        assertThat(actual).isEqualTo(expected);
    }
}
