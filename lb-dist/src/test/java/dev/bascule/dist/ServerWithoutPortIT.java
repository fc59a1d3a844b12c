package dev.bascule.dist;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server written without a port ({@code server s1 127.0.0.1}): each connection goes to the
 * port the client connected to. The frontend listens on 127.0.0.2:P and the origin on
 * 127.0.0.1:P, in HTTP and in TCP mode, through Bascule and through {@code /usr/sbin/haproxy}
 * (on 127.0.0.3:P) on the same configuration.
 */
@Timeout(120)
final class ServerWithoutPortIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final Pattern ORIGIN = Pattern.compile("(?im)^x-origin: (\\S+)");

    private static String config(String mode, String address, int port) {
        return String.join("\n", "defaults", "    mode " + mode, "    timeout connect 2s", "    timeout client 10s",
                "    timeout server 10s", "frontend fe", "    bind " + address + ":" + port, "    default_backend be",
                "backend be", "    server s1 127.0.0.1", "");
    }

    /** One HTTP/1.1 exchange on a raw socket, closed after it: the {@code x-origin} of the answer. */
    private static String origin(String address, int port) throws IOException {
        try (Socket socket = new Socket(address, port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /where HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n"
                    .getBytes(US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), US_ASCII);
            Matcher matcher = ORIGIN.matcher(answer);
            assertThat(matcher.find()).as(answer).isTrue();
            return matcher.group(1);
        }
    }

    private static boolean bindable(String address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitListening(String address, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket(address, port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nothing listening on " + address + ":" + port);
    }

    @Test
    void eachConnectionGoesToThePortTheClientConnectedTo(@TempDir Path temp) throws Exception {
        int port = Embedded.freePort();
        assumeTrue(bindable("127.0.0.2", port) && bindable("127.0.0.3", port),
                "127.0.0.2 and 127.0.0.3 are not usable on this machine");
        try (TestOrigin origin = new TestOrigin("same-port", port)) {
            for (String mode : List.of("http", "tcp")) {
                try (Embedded bascule = Embedded.start(config(mode, "127.0.0.2", port))) {
                    assertThat(origin("127.0.0.2", port)).as("bascule, mode %s", mode).isEqualTo("same-port");
                    assertThat(origin("127.0.0.2", port)).as("bascule, mode %s, again", mode).isEqualTo("same-port");
                }
                if (!Files.isExecutable(HAPROXY)) {
                    continue;
                }
                Path config = Files.writeString(temp.resolve(mode + ".cfg"), config(mode, "127.0.0.3", port));
                Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                        .redirectErrorStream(true).redirectOutput(temp.resolve(mode + ".log").toFile()).start();
                try {
                    awaitListening("127.0.0.3", port);
                    assertThat(origin("127.0.0.3", port)).as("haproxy, mode %s", mode).isEqualTo("same-port");
                } finally {
                    haproxy.destroy();
                    haproxy.waitFor(10, TimeUnit.SECONDS);
                }
            }
            assertThat(origin.requestLines()).allMatch(line -> line.equals("GET /where HTTP/1.1"));
        }
    }
}
