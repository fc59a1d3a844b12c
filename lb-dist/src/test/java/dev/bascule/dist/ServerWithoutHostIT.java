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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server written without a host ({@code *:P}, {@code :P}, {@code 0.0.0.0:P}, {@code [::]:P}):
 * each connection goes to the address the client connected to, on the server's port (HAProxy's
 * alloc_dst_address()). The proxy listens on 127.0.0.2:Q and 127.0.0.3:Q, one origin on
 * 127.0.0.2:P and another on 127.0.0.3:P; in HTTP and TCP mode, with HAProxy 2.6 and Bascule on
 * the same configuration, a client reaches the origin on the address it connected to.
 */
@Timeout(120)
final class ServerWithoutHostIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final Pattern ORIGIN = Pattern.compile("(?im)^x-origin: (\\S+)");
    private static final List<String> FORMS = List.of("*:%d", ":%d", "0.0.0.0:%d", "[::]:%d");

    private static String config(int originPort, int[] ports) {
        StringBuilder config = new StringBuilder(String.join("\n", "defaults", "    timeout connect 2s",
                "    timeout client 10s", "    timeout server 10s", ""));
        for (int i = 0; i < FORMS.size(); i++) {
            for (String mode : List.of("http", "tcp")) {
                int port = ports[i * 2 + (mode.equals("http") ? 0 : 1)];
                config.append("listen l").append(port).append('\n')
                        .append("    mode ").append(mode).append('\n')
                        .append("    bind 127.0.0.2:").append(port).append('\n')
                        .append("    bind 127.0.0.3:").append(port).append('\n')
                        .append("    server s1 ").append(String.format(FORMS.get(i), originPort))
                        .append("\n");
            }
        }
        return config.toString();
    }

    private static String origin(String address, int port) throws IOException {
        try (Socket socket = new Socket(address, port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /where HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n"
                    .getBytes(US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), US_ASCII);
            Matcher matcher = ORIGIN.matcher(answer);
            return matcher.find() ? matcher.group(1) : answer.isEmpty() ? "(closed)" : answer.substring(0, 12);
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

    private static List<String> run(int[] ports) throws Exception {
        List<String> seen = new ArrayList<>();
        for (int port : ports) {
            awaitListening("127.0.0.2", port);
            seen.add(port == ports[0] ? "first" : "next");
            seen.add(origin("127.0.0.2", port) + " " + origin("127.0.0.3", port) + " " + origin("127.0.0.2", port));
        }
        return seen;
    }

    @Test
    void eachConnectionGoesToTheAddressTheClientConnectedTo(@TempDir Path temp) throws Exception {
        int originPort = Embedded.freePort();
        assumeTrue(bindable("127.0.0.2", originPort) && bindable("127.0.0.3", originPort),
                "127.0.0.2 and 127.0.0.3 are not usable on this machine");
        try (TestOrigin two = new TestOrigin("two", "127.0.0.2", originPort);
             TestOrigin three = new TestOrigin("three", "127.0.0.3", originPort)) {
            int[] basculePorts = new int[FORMS.size() * 2];
            for (int i = 0; i < basculePorts.length; i++) {
                basculePorts[i] = Embedded.freePort();
            }
            List<String> actual;
            try (Embedded bascule = Embedded.start(config(originPort, basculePorts))) {
                actual = run(basculePorts);
            }
            assertThat(actual).filteredOn(line -> line.contains(" "))
                    .hasSize(FORMS.size() * 2).allMatch(line -> line.equals("two three two"));
            assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
            int[] haproxyPorts = new int[FORMS.size() * 2];
            for (int i = 0; i < haproxyPorts.length; i++) {
                haproxyPorts[i] = Embedded.freePort();
            }
            Path config = Files.writeString(temp.resolve("haproxy.cfg"), config(originPort, haproxyPorts));
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            try {
                assertThat(run(haproxyPorts)).isEqualTo(actual);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
