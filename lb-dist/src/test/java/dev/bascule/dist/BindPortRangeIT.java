package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code bind 127.0.0.1:P-P+2,127.0.0.1:Q}: one listener per port of the range, as HAProxy's
 * str2listener(); each port answers through HAProxy 2.6 and through Bascule, and the port after
 * the range does not.
 */
@Timeout(120)
final class BindPortRangeIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    /** The first of three consecutive free ports, and the one after them free too. */
    private static int freeRange() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            if (bindable(base) && bindable(base + 1) && bindable(base + 2) && bindable(base + 3)) {
                return base;
            }
        }
        throw new AssertionError("no four consecutive free ports");
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String config(int base, int single, int origin) {
        return String.join("\n", "defaults", "    mode http", "    timeout client 5s", "    timeout server 5s",
                "    timeout connect 5s", "frontend fe",
                "    bind 127.0.0.1:" + base + "-" + (base + 2) + ",127.0.0.1:" + single,
                "    default_backend be", "backend be", "    server s1 127.0.0.1:" + origin, "");
    }

    private static String answer(int port) {
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
        } catch (IOException e) {
            return "refused";
        }
    }

    private static List<String> answers(int base, int single) throws InterruptedException {
        CommandLineIT.awaitListening(single);
        List<String> seen = new ArrayList<>();
        for (int port : new int[] {base, base + 1, base + 2, base + 3, single}) {
            seen.add(answer(port));
        }
        return seen;
    }

    @Test
    void onePortAListener(@TempDir Path temp) throws Exception {
        try (TestOrigin origin = new TestOrigin("o")) {
            int base = freeRange();
            int single = Embedded.freePort();
            List<String> actual;
            try (Embedded bascule = Embedded.start(config(base, single, origin.port()))) {
                actual = answers(base, single);
            }
            assertThat(actual).containsExactly("o", "o", "o", "refused", "o");
            assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
            base = freeRange();
            single = Embedded.freePort();
            Path config = Files.writeString(temp.resolve("haproxy.cfg"), config(base, single, origin.port()));
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            try {
                assertThat(answers(base, single)).isEqualTo(actual);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
