package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * {@code option tcp-check} on HAProxy 2.6 and Bascule with the same configuration, against a
 * Redis-like line server in this test: the master stays UP, the slave goes DOWN on a layer-7
 * timeout, a refused connect and a mismatch are reported, and the state-change lines,
 * {@code show servers state} and the stats' check fields are the same once durations are masked.
 */
@Timeout(120)
final class TcpCheckDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final Path BASCULE = Path.of(System.getProperty("bascule.home", "target/bascule"), "bin/bascule");
    private static final int DOWN_LINES = 4;

    @Test
    void redisMasterStaysUpAndTheSlaveGoesDownAsOnHaproxy(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        try (LineServer master = new LineServer("master"); LineServer slave = new LineServer("slave")) {
            int closed = closedPort();
            Run haproxy = Run.start(HAPROXY, temp.resolve("haproxy"), master.port(), slave.port(), closed);
            Run bascule = Run.start(BASCULE, temp.resolve("bascule"), master.port(), slave.port(), closed);
            try {
                List<String> fromHaproxy = haproxy.awaitDownLines();
                List<String> fromBascule = bascule.awaitDownLines();
                System.out.println("haproxy:\n" + String.join("\n", fromHaproxy));
                System.out.println("bascule:\n" + String.join("\n", fromBascule));
                assertThat(fromHaproxy).contains("[WARNING]  (PID) : Server redis/slave is DOWN, reason: Layer7 timeout,"
                        + " info: \" at step 5 of tcp-check (expect string 'role:master')\", check duration: Nms."
                        + " 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.");
                assertThat(fromBascule).containsExactlyInAnyOrderElementsOf(fromHaproxy);
                assertThat(maskState(bascule.ask("show servers state")))
                        .isEqualTo(maskState(haproxy.ask("show servers state")));
                List<String> haproxyStats = checkFields(haproxy.csv());
                System.out.println("haproxy stats:\n" + String.join("\n", haproxyStats));
                assertThat(haproxyStats).hasSize(6);
                assertThat(checkFields(bascule.csv())).isEqualTo(haproxyStats);

                // promoted, the slave passes again and comes back UP: "code: 0, info: \"(tcp-check)\""
                slave.role = "master";
                String up = haproxy.awaitLine("Server redis/slave is UP");
                assertThat(up).isEqualTo("[WARNING]  (PID) : Server redis/slave is UP, reason: Layer7 check passed,"
                        + " code: 0, info: \"(tcp-check)\", check duration: Nms. 2 active and 0 backup servers online."
                        + " 0 sessions requeued, 0 total in queue.");
                assertThat(bascule.awaitLine("Server redis/slave is UP")).isEqualTo(up);
            } finally {
                haproxy.stop();
                bascule.stop();
            }
            assertThat(Files.readString(temp.resolve("bascule.out"))).doesNotContain("LEAK:");
        }
    }

    /** {@code haproxy -c} and {@code bascule -c} on the same files: the same alerts and warnings, the same verdict. */
    @Test
    void configurationCheckSaysWhatHaproxySays(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        List<String> rules = List.of(
                "option tcp-check\n  tcp-check connect\n  tcp-check send PING\\r\\n\n  tcp-check expect string +PONG\n"
                        + "  tcp-check send-binary 0a0d comment bin\n  tcp-check expect ! rbinary ^2D min-recv 1\n"
                        + "  tcp-check comment last\n  tcp-check connect port 6380 addr 127.0.0.1 linger\n"
                        + "  tcp-check send-lf QUIT\n  tcp-check expect ok-status L7OKC on-success fine string-lf +OK",
                "option tcp-check",
                "tcp-check connect\n  tcp-check expect string x",
                "option httpchk\n  tcp-check connect",
                "option tcp-check\n  http-check expect status 200",
                "option tcp-check foo",
                "no option tcp-check",
                "option tcp-check\n  tcp-check",
                "option tcp-check\n  tcp-check bogus",
                "option tcp-check\n  tcp-check connect port 99999",
                "option tcp-check\n  tcp-check connect port 0",
                "option tcp-check\n  tcp-check connect foo",
                "option tcp-check\n  tcp-check connect comment",
                "option tcp-check\n  tcp-check send",
                "option tcp-check\n  tcp-check send a b",
                "option tcp-check\n  tcp-check send a comment",
                "option tcp-check\n  tcp-check send-binary zz",
                "option tcp-check\n  tcp-check send-binary 0a0",
                "option tcp-check\n  tcp-check expect",
                "option tcp-check\n  tcp-check expect !",
                "option tcp-check\n  tcp-check expect string",
                "option tcp-check\n  tcp-check expect foo x",
                "option tcp-check\n  tcp-check expect binary 0a0",
                "option tcp-check\n  tcp-check expect string a string b",
                "option tcp-check\n  tcp-check expect ok-status FOO string a",
                "option tcp-check\n  tcp-check expect error-status L7OK string a",
                "option tcp-check\n  tcp-check expect tout-status L7RSP string a",
                "option tcp-check\n  tcp-check expect min-recv -5 string a",
                "option tcp-check\n  tcp-check expect min-recv",
                "option tcp-check\n  tcp-check expect ! comment x string a",
                "option tcp-check\n  tcp-check expect min-recv 5 !rstring ^error comment negative",
                "option tcp-check\n  tcp-check expect !comment x string a",
                "option tcp-check\n  tcp-check comment",
                "option tcp-check\n  tcp-check expect string x\n  tcp-check connect");
        for (int index = 0; index < rules.size(); index++) {
            Path file = temp.resolve("case" + index + ".cfg");
            Files.writeString(file, "defaults\n  mode tcp\n  timeout connect 5s\n  timeout client 5s\n"
                    + "  timeout server 5s\nfrontend f\n  bind 127.0.0.1:18080\n  default_backend b\nbackend b\n  "
                    + rules.get(index) + "\n  server s1 127.0.0.1:18081 check\n");
            Process process = new ProcessBuilder(HAPROXY.toString(), "-c", "-f", file.toString())
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            CommandLineIT.Run bascule = CommandLineIT.run("-c", "-f", file.toString());
            String what = Files.readString(file) + "\nhaproxy:\n" + out + "\nbascule:\n" + bascule.out()
                    + bascule.err();
            assertThat(CommandLineIT.messages(bascule.out() + bascule.err())).as(what)
                    .isEqualTo(CommandLineIT.messages(out));
            assertThat(bascule.exit()).as(what).isEqualTo(process.exitValue());
        }
    }

    private static String config(Path socket, int port, int statsPort, int master, int slave, int closed) {
        return String.join("\n",
                "global",
                "    stats socket " + socket + " level admin",
                "defaults",
                "    mode tcp",
                "    timeout connect 1s",
                "    timeout client 5s",
                "    timeout server 5s",
                "    timeout check 500ms",
                "    default-server inter 200 rise 2 fall 2",
                "listen stats",
                "    mode http",
                "    bind 127.0.0.1:" + statsPort,
                "    stats enable",
                "    stats uri /stats",
                "frontend f",
                "    bind 127.0.0.1:" + port,
                "    default_backend redis",
                "backend redis",
                "    option tcp-check",
                "    tcp-check connect",
                "    tcp-check send PING\\r\\n",
                "    tcp-check expect string +PONG",
                "    tcp-check send info\\ replication\\r\\n",
                "    tcp-check expect string role:master",
                "    tcp-check send QUIT\\r\\n",
                "    tcp-check expect string +OK",
                "    server master 127.0.0.1:" + master + " check",
                "    server slave 127.0.0.1:" + slave + " check",
                "backend refused",
                "    option tcp-check",
                "    tcp-check connect port " + closed + " comment down",
                "    server s1 127.0.0.1:" + master + " check",
                "backend bare",
                "    option tcp-check",
                "    server up 127.0.0.1:" + master + " check",
                "    server gone 127.0.0.1:" + closed + " check",
                "backend mismatch",
                "    option tcp-check",
                "    tcp-check comment quitting",
                "    tcp-check send QUIT\\r\\n",
                "    tcp-check expect ! string +OK",
                "    server s1 127.0.0.1:" + master + " check",
                "");
    }

    /**
     * Seconds since the last change and the check-in-progress bit masked, as RuntimeApiIT, and the
     * check result: HAProxy resets it to 0 (CHK_RES_UNKNOWN) while a probe runs, which the slave's
     * half-second probes often are when asked; Bascule keeps the last one.
     */
    static String maskState(String answer) {
        StringBuilder out = new StringBuilder();
        for (String line : answer.split("\n", -1)) {
            String[] fields = line.split(" ");
            if (fields.length == 25 && !line.startsWith("#")) {
                fields[9] = "S";
                fields[11] = "R";
                fields[13] = String.valueOf(Integer.parseInt(fields[13]) & ~1);
                line = String.join(" ", fields);
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /** Each server's status, check_status (without the in-progress star), check_code, check_desc, last_chk. */
    private static List<String> checkFields(String csv) {
        List<String> lines = csv.lines().toList();
        String headerLine = lines.stream().filter(line -> line.startsWith("# pxname")).findFirst().orElseThrow(
                () -> new AssertionError("no stats header in:\n" + csv));
        List<String> header = List.of(headerLine.substring(2).split(","));
        int[] columns = {header.indexOf("pxname"), header.indexOf("svname"), header.indexOf("status"),
            header.indexOf("check_status"), header.indexOf("check_code"), header.indexOf("check_desc"),
            header.indexOf("last_chk")};
        List<String> rows = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split(",", -1);
            if (line.startsWith("#") || fields.length < header.size() || fields[1].equals("FRONTEND")
                    || fields[1].equals("BACKEND")) {
                continue;
            }
            StringBuilder row = new StringBuilder();
            for (int column : columns) {
                // HAProxy empties last_chk while a probe runs, as the slave's half-second probes often are;
                // its words are compared in its DOWN line
                boolean running = fields[1].equals("slave") && column == columns[columns.length - 1];
                row.append(running ? "-" : fields[column].replace("* ", "")).append('|');
            }
            rows.add(row.toString());
        }
        return rows;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            return server.getLocalPort();
        }
    }

    /** One of the two processes. */
    private record Run(Process process, Path output, Path socket, int statsPort) {
        static Run start(Path binary, Path base, int master, int slave, int closed) throws Exception {
            int port = Embedded.freePort();
            int statsPort = Embedded.freePort();
            Path socket = Path.of(base + ".sock");
            Path config = Path.of(base + ".cfg");
            Files.writeString(config, config(socket, port, statsPort, master, slave, closed));
            ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-db", "-f", config.toString());
            builder.environment().put("JAVA_OPTS", "-Dio.netty.leakDetection.level=paranoid");
            Path output = Path.of(base + ".out");
            Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
            CommandLineIT.awaitListening(port);
            return new Run(process, output, socket, statsPort);
        }

        /** The alert and warning lines once the four servers meant to go down have, durations masked. */
        List<String> awaitDownLines() throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            List<String> lines = lines();
            while (lines.stream().filter(line -> line.contains(" is DOWN")).count() < DOWN_LINES
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
                lines = lines();
            }
            return lines;
        }

        String awaitLine(String part) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                for (String line : lines()) {
                    if (line.contains(part)) {
                        return line;
                    }
                }
                Thread.sleep(100);
            }
            return "no line with '" + part + "' in:\n" + String.join("\n", lines());
        }

        private List<String> lines() throws IOException {
            return CommandLineIT.messages(Files.readString(output, StandardCharsets.ISO_8859_1)).stream()
                    .filter(line -> line.contains("Server ") || line.contains("has no server available"))
                    .map(line -> line.replaceAll("check duration: \\d+ms", "check duration: Nms"))
                    .toList();
        }

        /** The stats page as CSV, HAProxy's {@code ;csv}. */
        String csv() throws IOException, InterruptedException {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        }

        String ask(String command) throws IOException {
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(socket));
                channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteBuffer buffer = ByteBuffer.allocate(4096);
                while (channel.read(buffer) >= 0) {
                    out.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
                return out.toString(StandardCharsets.UTF_8);
            }
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Answers PING, INFO REPLICATION and QUIT (then closes) as Redis does, with the role it is given. */
    private static final class LineServer implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile String role;

        LineServer(String role) throws IOException {
            this.role = role;
            server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        sockets.add(socket);
                        Thread serving = new Thread(() -> serve(socket, this.role));
                        serving.setDaemon(true);
                        serving.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "redis-" + role);
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve(Socket socket, String role) {
            try (socket) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                OutputStream out = socket.getOutputStream();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    switch (line.trim().toLowerCase(Locale.ROOT)) {
                        case "ping" -> out.write("+PONG\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        case "info replication" -> out.write(("$20\r\n# Replication\r\nrole:" + role + "\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1));
                        case "quit" -> {
                            out.write("+OK\r\n".getBytes(StandardCharsets.ISO_8859_1));
                            return;
                        }
                        default -> out.write("-ERR\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    }
                    out.flush();
                }
            } catch (IOException e) {
                // the check went away
            } finally {
                sockets.remove(socket);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
