package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code agent-check}: an agent the test runs answers {@code down}, then {@code up 50%}, then
 * {@code drain}, then {@code ready}; HAProxy 2.6 and Bascule on the same configuration report the
 * same transitions, show the same statistics row for the server (status, weight, the agent's
 * columns) and send the same traffic where.
 */
@Timeout(120)
final class AgentCheckDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    /** The columns compared; an agent probe in flight prefixes agent_status with '* ', left out. */
    private static final List<String> COLUMNS = List.of("status", "weight", "agent_status", "agent_code",
            "agent_desc", "last_agt", "agent_rise", "agent_fall", "agent_health");

    @Test
    void theAgentsAnswersActAsHaproxys(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        try (TestOrigin first = new TestOrigin("first"); TestOrigin second = new TestOrigin("second");
             Agent agent = new Agent()) {
            java.util.function.IntFunction<String> config = basePort -> String.join("\n",
                    "defaults", "    mode http", "    timeout client 10s", "    timeout server 10s",
                    "    timeout connect 2s", "    timeout check 5s",
                    "listen app", "    bind 127.0.0.1:" + basePort, "    balance roundrobin",
                    "    server s1 127.0.0.1:" + first.port() + " weight 100 agent-check agent-port " + agent.port()
                            + " agent-inter 100ms agent-send \"ping\\n\"",
                    "    server s2 127.0.0.1:" + second.port() + " weight 100",
                    "listen stats", "    bind 127.0.0.1:" + (basePort + 1), "    stats enable",
                    "    stats uri /stats", "");
            List<String> haproxy = onHaproxy(temp, config, agent);
            List<String> bascule = onBascule(config, agent);
            assertThat(haproxy).containsExactly(
                    "down: Server app/s1 is DOWN, reason: Layer7 wrong status, code: 0, info: \"via agent : down\","
                            + " check duration: Nms. 1 active and 0 backup servers left. 0 sessions active,"
                            + " 0 requeued, 0 remaining in queue.",
                    "down: status=DOWN (agent), weight=100, agent_status=L7STS, agent_code=0,"
                            + " agent_desc=Layer7 wrong status, last_agt=via agent : down, agent_rise=1,"
                            + " agent_fall=1, agent_health=0",
                    "down: traffic second second second second",
                    "up 50%: Server app/s1 is UP, reason: Layer7 check passed, code: 0, info: \"via agent : up\","
                            + " check duration: Nms. 2 active and 0 backup servers online. 0 sessions requeued,"
                            + " 0 total in queue.",
                    "up 50%: status=no check, weight=50, agent_status=L7OK, agent_code=0,"
                            + " agent_desc=Layer7 check passed, last_agt=via agent : up, agent_rise=1, agent_fall=1,"
                            + " agent_health=1",
                    "drain: Server app/s1 enters drain state. 1 active and 0 backup servers online. 0 sessions"
                            + " requeued, 0 total in queue.",
                    "drain: status=DRAIN (agent), weight=50, agent_status=CHECKED, agent_code=,"
                            + " agent_desc=No status change, last_agt=, agent_rise=1, agent_fall=1, agent_health=1",
                    "drain: traffic second second second second",
                    "ready: Server app/s1 is UP (leaving forced drain).",
                    "ready: status=no check, weight=50, agent_status=CHECKED, agent_code=,"
                            + " agent_desc=No status change, last_agt=, agent_rise=1, agent_fall=1, agent_health=1");
            assertThat(bascule).isEqualTo(haproxy);
            assertThat(agent.received).as("agent-send, on each connection").allMatch("ping\n"::equals);
        }
    }

    private static List<String> onHaproxy(Path temp, java.util.function.IntFunction<String> config, Agent agent)
            throws Exception {
        int port = basePort();
        Path file = Files.writeString(temp.resolve("haproxy.cfg"), config.apply(port));
        Path log = temp.resolve("haproxy.log");
        agent.reply = "up";
        Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Supplier<String> events = () -> {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        try {
            return scenario(port, events, agent);
        } catch (IOException | AssertionError e) {
            throw new AssertionError("HAProxy's output:\n" + events.get(), e);
        } finally {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static List<String> onBascule(java.util.function.IntFunction<String> config, Agent agent)
            throws Exception {
        int port = basePort();
        agent.reply = "up";
        try (Embedded bascule = Embedded.start(config.apply(port))) {
            Supplier<String> events = () -> String.join("\n", bascule.events());
            try {
                return scenario(port, events, agent);
            } catch (IOException | AssertionError e) {
                throw new AssertionError("Bascule's events:\n" + events.get(), e);
            }
        }
    }

    /** Two free consecutive ports: the application's and the statistics'. */
    private static int basePort() {
        for (int i = 0; i < 50; i++) {
            int port = Embedded.freePort();
            try (ServerSocket next = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException e) {
                // taken: another one
            }
        }
        throw new AssertionError("no two free consecutive ports");
    }

    private static List<String> scenario(int port, Supplier<String> events, Agent agent) throws Exception {
        CommandLineIT.awaitListening(port);
        CommandLineIT.awaitListening(port + 1);
        List<String> seen = new ArrayList<>();
        agent.reply = "down";
        seen.add("down: " + await(events, "Server app/s1 is DOWN"));
        seen.add("down: " + awaitRow(port + 1, "DOWN (agent)"));
        seen.add("down: traffic " + traffic(port, 4));
        agent.reply = "up 50%";
        seen.add("up 50%: " + await(events, "Server app/s1 is UP"));
        seen.add("up 50%: " + awaitRow(port + 1, "no check"));
        agent.reply = "drain";
        seen.add("drain: " + await(events, "Server app/s1 enters drain state"));
        seen.add("drain: " + awaitRow(port + 1, "DRAIN (agent)"));
        seen.add("drain: traffic " + traffic(port, 4));
        agent.reply = "ready";
        seen.add("ready: " + await(events, "Server app/s1 is UP (leaving forced drain)"));
        seen.add("ready: " + awaitRow(port + 1, "no check"));
        return seen;
    }

    /** Waits (bounded) for a line of {@code events} with {@code fragment}; returns it from there, durations as N. */
    private static String await(Supplier<String> events, String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (String line : events.get().split("\n")) {
                int at = line.indexOf(fragment);
                if (at >= 0) {
                    return line.substring(at).strip().replaceAll("check duration: \\d+ms", "check duration: Nms");
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no '" + fragment + "' in:\n" + events.get());
    }

    /** Waits (bounded) until app/s1's status is {@code status} and its agent is not probing: its columns. */
    private static String awaitRow(int statsPort, String status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String csv = "";
        while (System.nanoTime() < deadline) {
            try (Socket socket = connect(statsPort)) {
                HttpProxyIT.send(socket, "GET /stats;csv HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
                csv = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            }
            String[] lines = csv.substring(csv.indexOf("# pxname") + 2).split("\n");
            List<String> header = List.of(lines[0].split(","));
            for (String line : lines) {
                String[] fields = line.split(",", -1);
                if (fields.length >= header.size() && fields[0].equals("app") && fields[1].equals("s1")
                        && fields[header.indexOf("status")].equals(status)
                        && !fields[header.indexOf("agent_status")].startsWith("* ")) {
                    List<String> row = new ArrayList<>();
                    for (String column : COLUMNS) {
                        row.add(column + "=" + fields[header.indexOf(column)]);
                    }
                    return String.join(", ", row);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("app/s1 never " + status + " in:\n" + csv);
    }

    /** {@code count} requests, each on a connection of its own: the origins that answered. */
    private static String traffic(int port, int count) throws IOException {
        List<String> origins = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try (Socket socket = connect(port)) {
                HttpProxyIT.send(socket, "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
                String response = HttpProxyIT.readResponse(socket.getInputStream());
                String origin = "?";
                for (String line : response.split("\r\n")) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("x-origin:")) {
                        origin = line.substring("x-origin:".length()).trim();
                    }
                }
                origins.add(origin);
            }
        }
        return String.join(" ", origins);
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /**
     * The agent: on each connection, reads what the proxy sends up to a newline, answers
     * {@link #reply} and a newline, and closes.
     */
    private static final class Agent implements AutoCloseable {
        private final ServerSocket listener;
        final List<String> received = new CopyOnWriteArrayList<>();
        volatile String reply = "up";

        Agent() throws IOException {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "agent");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try (Socket socket = listener.accept()) {
                    socket.setSoTimeout(2000);
                    InputStream in = socket.getInputStream();
                    StringBuilder line = new StringBuilder();
                    int b;
                    while ((b = in.read()) >= 0) {
                        line.append((char) b);
                        if (b == '\n') {
                            break;
                        }
                    }
                    received.add(line.toString());
                    socket.getOutputStream().write((reply + "\n").getBytes(StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().flush();
                } catch (IOException e) {
                    // the proxy went away, or the listener closed
                }
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
