package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code option tcpka|clitcpka|srvtcpka} with {@code clitcpka-idle} and {@code srvtcpka-idle}
 * (in a proxy and inherited from defaults): the same configuration run by HAProxy 2.6 and by
 * Bascule, one client connection held open through each proxy, and the kernel's view of the
 * proxy's two sockets ({@code ss -tnoe}: {@code timer:(keepalive,...)} when SO_KEEPALIVE is
 * on, the time left before the first probe) must be the same on both sides.
 */
@Timeout(120)
final class TcpKeepAliveDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final Path SS = Path.of("/usr/bin/ss");
    private static final String REQUEST = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
    private static final byte[] RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
            .getBytes(StandardCharsets.ISO_8859_1);

    /** A listen section's mode and own lines. */
    private record Case(String name, String mode, String lines) {
    }

    private static final List<Case> CASES = List.of(
            new Case("none", "http", ""),
            new Case("clitcpka", "tcp", "option clitcpka\n    clitcpka-idle 77\n    clitcpka-cnt 4\n"
                    + "    clitcpka-intvl 13"),
            new Case("srvtcpka inheriting srvtcpka-idle", "http", "option srvtcpka"),
            new Case("tcpka", "tcp", "option tcpka\n    srvtcpka-idle 3m\n    clitcpka-idle 59500ms"),
            new Case("tcpka undone on one side", "http", "option tcpka\n    no option clitcpka"));

    @Test
    void keepAliveIsOnTheSameSocketsWithTheSameIdleTime(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        assumeTrue(Files.isExecutable(SS), "ss (iproute2) is not installed");
        List<Origin> origins = new ArrayList<>();
        try {
            for (int i = 0; i < CASES.size(); i++) {
                origins.add(Origin.start());
            }
            int[] haproxyPorts = ports();
            Path config = temp.resolve("haproxy.cfg");
            Files.writeString(config, config(origins, haproxyPorts));
            Map<String, String> expected;
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            try {
                expected = observe(origins, haproxyPorts);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            int[] basculePorts = ports();
            Map<String, String> actual;
            try (Embedded bascule = Embedded.start(config(origins, basculePorts))) {
                actual = observe(origins, basculePorts);
            }
            // what HAProxy 2.6.12 does; a probe due in 77 s shows 1min16sec a moment later, hence ~80s
            assertThat(expected).containsExactly(
                    Map.entry("none", "client: off, server: off"),
                    Map.entry("clitcpka", "client: ~80s, server: off"),
                    Map.entry("srvtcpka inheriting srvtcpka-idle", "client: off, server: ~100s"),
                    Map.entry("tcpka", "client: ~60s, server: ~180s"),
                    Map.entry("tcpka undone on one side", "client: off, server: ~100s"));
            assertThat(actual).isEqualTo(expected);
        } finally {
            origins.forEach(Origin::close);
        }
    }

    private static int[] ports() {
        int[] ports = new int[CASES.size()];
        for (int i = 0; i < ports.length; i++) {
            ports[i] = Embedded.freePort();
        }
        return ports;
    }

    private static String config(List<Origin> origins, int[] ports) {
        StringBuilder config = new StringBuilder("""
                defaults
                    timeout client 30s
                    timeout server 30s
                    timeout connect 5s
                    srvtcpka-idle 100
                """);
        for (int i = 0; i < CASES.size(); i++) {
            Case c = CASES.get(i);
            config.append("listen l").append(i).append('\n')
                    .append("    mode ").append(c.mode()).append('\n')
                    .append("    bind 127.0.0.1:").append(ports[i]).append('\n')
                    .append("    ").append(c.lines()).append('\n')
                    .append("    server s 127.0.0.1:").append(origins.get(i).port()).append('\n');
        }
        return config.toString();
    }

    /** For each case: one connection held open through the proxy, then what ss says of the proxy's sockets. */
    private static Map<String, String> observe(List<Origin> origins, int[] ports) throws Exception {
        for (int port : ports) {
            CommandLineIT.awaitListening(port);
        }
        List<Socket> clients = new ArrayList<>();
        Map<String, String> observed = new LinkedHashMap<>();
        try {
            int[] clientPorts = new int[ports.length];
            for (int i = 0; i < ports.length; i++) {
                Origin origin = origins.get(i);
                origin.served.clear();
                Socket client = new Socket(InetAddress.getLoopbackAddress(), ports[i]);
                clients.add(client);
                client.setSoTimeout(10_000);
                clientPorts[i] = client.getLocalPort();
                client.getOutputStream().write(REQUEST.getBytes(StandardCharsets.ISO_8859_1));
                client.getOutputStream().flush();
                // the answer came back through the proxy: both of its sockets are set up
                byte[] answer = client.getInputStream().readNBytes(RESPONSE.length);
                assertThat(new String(answer, StandardCharsets.ISO_8859_1)).endsWith("ok");
            }
            String sockets = ss();
            for (int i = 0; i < ports.length; i++) {
                String clientSide = timer(sockets, "127.0.0.1:" + ports[i], "127.0.0.1:" + clientPorts[i]);
                List<Integer> served = origins.get(i).served;
                assertThat(served).as("connections the origin of %s served", CASES.get(i).name()).hasSize(1);
                String serverSide = timer(sockets, "127.0.0.1:" + served.get(0),
                        "127.0.0.1:" + origins.get(i).port());
                observed.put(CASES.get(i).name(), "client: " + clientSide + ", server: " + serverSide);
            }
        } finally {
            for (Socket client : clients) {
                client.close();
            }
        }
        return observed;
    }

    private static String ss() throws IOException, InterruptedException {
        Process ss = new ProcessBuilder(SS.toString(), "-tnoe", "state", "established").redirectErrorStream(true)
                .start();
        String output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ss.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    private static final Pattern KEEPALIVE = Pattern.compile("timer:\\(keepalive,(?:(\\d+)min)?(?:(\\d+)sec)?");

    /**
     * The keep-alive timer of the socket from {@code local} to {@code remote}: "off", or the time
     * left before the first probe, rounded to 10 s so that the seconds between the two runs do
     * not matter.
     */
    private static String timer(String sockets, String local, String remote) {
        for (String line : sockets.split("\n")) {
            // the JVM's sockets show as IPv4-mapped IPv6 addresses
            String[] words = line.trim().replace("[::ffff:", "").replace("]:", ":").split("\\s+");
            // Recv-Q Send-Q Local Peer [timer...] (the state column is left out with a state filter)
            if (words.length < 4 || !words[2].equals(local) || !words[3].equals(remote)) {
                continue;
            }
            Matcher matcher = KEEPALIVE.matcher(line);
            if (!matcher.find()) {
                return "off";
            }
            int seconds = (matcher.group(1) == null ? 0 : Integer.parseInt(matcher.group(1)) * 60)
                    + (matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2)));
            // a probe due in 77 s shows 1min16sec a moment later
            return "~" + (seconds + 9) / 10 * 10 + "s";
        }
        throw new AssertionError("no socket " + local + " -> " + remote + " in:\n" + sockets);
    }

    /** Answers each request with a 200 and keeps the connection; records the client port of each served one. */
    private static final class Origin implements AutoCloseable {
        private final ServerSocket listener;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        final List<Integer> served = new CopyOnWriteArrayList<>();

        private Origin(ServerSocket listener) {
            this.listener = listener;
        }

        static Origin start() throws IOException {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Origin origin = new Origin(listener);
            Thread acceptor = new Thread(origin::accept, "origin-" + listener.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
            return origin;
        }

        int port() {
            return listener.getLocalPort();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    accepted.add(socket);
                    Thread serving = new Thread(() -> serve(socket), "origin-conn");
                    serving.setDaemon(true);
                    serving.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket socket) {
            try (socket) {
                InputStream in = socket.getInputStream();
                StringBuilder head = new StringBuilder();
                int read;
                while ((read = in.read()) >= 0) {
                    head.append((char) read);
                    if (head.toString().endsWith("\r\n\r\n")) {
                        served.add(((InetSocketAddress) socket.getRemoteSocketAddress()).getPort());
                        socket.getOutputStream().write(RESPONSE);
                        socket.getOutputStream().flush();
                        head.setLength(0);
                    }
                }
            } catch (IOException closed) {
                // the proxy went away
            }
        }

        @Override
        public void close() {
            try {
                listener.close();
                for (Socket socket : accepted) {
                    socket.close();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
