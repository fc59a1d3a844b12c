package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Log targets HAProxy 2.6 has and real configurations use: a UNIX datagram socket ({@code log /dev/log
 * local0}, here a path in a temporary directory that {@code socat} reads) and a host name ({@code log
 * localhost:port local0}). The same configuration and traffic on {@code /usr/sbin/haproxy} and on
 * Bascule; their lines are compared field by field, masked as {@link LoggingIT} masks them.
 */
@Timeout(180)
final class SyslogTargetsDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final Path SOCAT = Path.of("/usr/bin/socat");
    private static final Path BASCULE = Path.of(System.getProperty("bascule.home", "target/bascule"), "bin/bascule");
    private static final String HOSTNAME = "lbhost";
    private static final int SHORT_LENGTH = 100;

    /** The requests: each one makes a line on each target. */
    private static final List<String> REQUESTS = List.of(
            "GET /ret HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
            "GET /a?x=1 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
            "garbage\r\n\r\n");

    @Test
    void unixSocketAndHostNameLinesMatchHaproxys(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        assumeTrue(Files.isExecutable(SOCAT), "socat is not installed");
        InetAddress localhost = InetAddress.getAllByName("localhost")[0];
        Path socket = temp.resolve("log");
        List<String> expected;
        List<String> actual;
        try (TestOrigin origin = new TestOrigin("s1");
             SocatReceiver unix = new SocatReceiver(socket);
             DatagramSocket udp = new DatagramSocket(0, localhost)) {
            udp.setSoTimeout(20_000);
            int haproxyPort = Embedded.freePort();
            Path config = temp.resolve("haproxy.cfg");
            Files.writeString(config, config(haproxyPort, socket, udp.getLocalPort(), origin.port()));
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            try {
                CommandLineIT.awaitListening(haproxyPort);
                expected = run(haproxyPort, unix, udp);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            int basculePort = Embedded.freePort();
            try (Embedded bascule = Embedded.start(config(basculePort, socket, udp.getLocalPort(), origin.port()))) {
                CommandLineIT.awaitListening(basculePort);
                actual = run(basculePort, unix, udp);
            }
            assertThat(unix.poll(500)).as("no line more than HAProxy's").isNull();
        }
        assertThat(actual).hasSameSizeAs(expected);
        for (int index = 0; index < expected.size(); index++) {
            assertThat(LoggingIT.fields(actual.get(index))).as("line %d\nHAProxy: %s\nBascule: %s", index,
                    expected.get(index), actual.get(index))
                    .containsExactlyElementsOf(LoggingIT.fields(expected.get(index)));
        }
    }

    private static final List<String> FORMATS = List.of("", "format rfc3164 ", "format local ", "format rfc5424 ",
            "format priority ", "format timed ", "format iso ", "format short ", "format raw ");

    /**
     * Every {@code format}, with and without {@code log-send-hostname}, on a UNIX socket: the lines are
     * the same once the dates and the pid are masked (a fixed {@code log-format} keeps the message equal).
     */
    @Test
    void everyFormatMatchesHaproxys(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        assumeTrue(Files.isExecutable(SOCAT), "socat is not installed");
        Path socket = temp.resolve("formats");
        try (SocatReceiver unix = new SocatReceiver(socket)) {
            for (String hostname : List.of("", "    log-send-hostname " + HOSTNAME + "\n")) {
                int haproxyPort = Embedded.freePort();
                Path config = temp.resolve("formats.cfg");
                Files.writeString(config, formatsConfig(haproxyPort, socket, hostname));
                Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                        .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
                List<String> expected = new ArrayList<>();
                try {
                    CommandLineIT.awaitListening(haproxyPort);
                    exchange(haproxyPort, REQUESTS.get(0));
                    for (int line = 0; line < FORMATS.size(); line++) {
                        expected.add(masked(unix.next()));
                    }
                } finally {
                    haproxy.destroy();
                    haproxy.waitFor(10, TimeUnit.SECONDS);
                }
                int basculePort = Embedded.freePort();
                List<String> actual = new ArrayList<>();
                try (Embedded bascule = Embedded.start(formatsConfig(basculePort, socket, hostname))) {
                    CommandLineIT.awaitListening(basculePort);
                    exchange(basculePort, REQUESTS.get(0));
                    for (int line = 0; line < FORMATS.size(); line++) {
                        actual.add(masked(unix.next()));
                    }
                }
                assertThat(actual).as(hostname).containsExactlyElementsOf(expected);
            }
        }
    }

    private static String masked(String line) {
        return line.replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}", "ISODATE")
                .replaceAll("^(<\\d+>)\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d ", "$1DATE ")
                .replaceAll("haproxy\\[\\d+\\]", "haproxy[PID]").replaceAll(" haproxy \\d+ ", " haproxy PID ");
    }

    private static String formatsConfig(int port, Path socket, String hostname) {
        StringBuilder config = new StringBuilder("global\n").append(hostname);
        for (String format : FORMATS) {
            config.append("    log ").append(socket).append(' ').append(format).append("local3\n");
        }
        return config.append(String.join("\n",
                "defaults",
                "    mode http",
                "    log global",
                "    option dontlognull",
                "    timeout connect 1s",
                "    timeout client 10s",
                "    timeout server 10s",
                "frontend fe",
                "    bind 127.0.0.1:" + port,
                "    log-format \"%ST %{+Q}r %ft\"",
                "    http-request return status 200",
                "")).toString();
    }

    /**
     * No socket at the path when the process starts: HAProxy starts all the same, drops the lines and
     * says so once on stderr; Bascule too, with the same alert. A receiver bound later gets the next lines.
     */
    @Test
    void aMissingSocketDoesNotStopTheStart(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        assumeTrue(Files.isExecutable(SOCAT), "socat is not installed");
        Path socket = temp.resolve("later");
        int haproxyPort = Embedded.freePort();
        int basculePort = Embedded.freePort();
        Path haproxyConfig = temp.resolve("haproxy.cfg");
        Path basculeConfig = temp.resolve("bascule.cfg");
        Files.writeString(haproxyConfig, absentConfig(haproxyPort, socket));
        Files.writeString(basculeConfig, absentConfig(basculePort, socket));
        Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", haproxyConfig.toString())
                .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.err").toFile()).start();
        ProcessBuilder builder = new ProcessBuilder(BASCULE.toString(), "-db", "-f", basculeConfig.toString());
        builder.environment().put("JAVA_OPTS", "-Dio.netty.leakDetection.level=paranoid");
        Process bascule = builder.redirectErrorStream(true).redirectOutput(temp.resolve("bascule.err").toFile())
                .start();
        try {
            CommandLineIT.awaitListening(haproxyPort);
            CommandLineIT.awaitListening(basculePort);
            for (int port : new int[] {haproxyPort, basculePort}) {
                exchange(port, REQUESTS.get(0));
                exchange(port, REQUESTS.get(0));
            }
            String haproxyAlerts = awaitAlerts(temp.resolve("haproxy.err"), "sendmsg");
            assertThat(haproxyAlerts).contains("sendmsg()/writev() failed in logger #1: No such file or directory"
                    + " (errno=2)");
            assertThat(awaitAlerts(temp.resolve("bascule.err"), haproxyAlerts)).isEqualTo(haproxyAlerts);
            assertThat(haproxy.isAlive()).isTrue();
            assertThat(bascule.isAlive()).isTrue();
            try (SocatReceiver receiver = new SocatReceiver(socket)) {
                exchange(haproxyPort, REQUESTS.get(0));
                String fromHaproxy = receiver.next();
                exchange(basculePort, REQUESTS.get(0));
                String fromBascule = receiver.next();
                assertThat(LoggingIT.fields("late\t" + fromBascule))
                        .containsExactlyElementsOf(LoggingIT.fields("late\t" + fromHaproxy));
            }
        } finally {
            haproxy.destroy();
            bascule.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
            bascule.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The alert lines of a process's output, without pids. */
    private static String alerts(Path output) throws IOException {
        return String.join("\n", CommandLineIT.messages(Files.readString(output, StandardCharsets.ISO_8859_1)));
    }

    /** A process's alerts, once they hold {@code expected} (a line is logged after its response). */
    private static String awaitAlerts(Path output, String expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String alerts = alerts(output);
        while (!alerts.contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            alerts = alerts(output);
        }
        return alerts;
    }

    private static String absentConfig(int port, Path socket) {
        return String.join("\n",
                "global",
                "    log " + socket + " local0",
                "defaults",
                "    mode http",
                "    log global",
                "    option httplog",
                "    option dontlognull",
                "    timeout connect 1s",
                "    timeout client 10s",
                "    timeout server 10s",
                "frontend fe",
                "    bind 127.0.0.1:" + port,
                "    http-request return status 200",
                "");
    }

    private static String config(int port, Path socket, int udp, int origin) {
        return String.join("\n",
                "global",
                "    log " + socket + " local0",
                "    log unix@" + socket + " len " + SHORT_LENGTH + " format short local1 info",
                "    log localhost:" + udp + " local2",
                "    log-send-hostname " + HOSTNAME,
                "defaults",
                "    mode http",
                "    log global",
                "    option httplog",
                "    option dontlognull",
                "    timeout connect 1s",
                "    timeout client 10s",
                "    timeout server 10s",
                "    timeout http-request 500ms",
                "frontend fe",
                "    bind 127.0.0.1:" + port,
                "    http-request return status 200 if { path /ret }",
                "    default_backend be",
                "backend be",
                "    server s1 127.0.0.1:" + origin,
                "");
    }

    /**
     * Sends the requests one after the other and collects the lines each one makes: the RFC 3164 line
     * and the short one on the UNIX socket, the RFC 3164 line over UDP. The host name of
     * {@code log-send-hostname} is checked, then taken out for {@link LoggingIT#fields}; the short
     * line, cut at {@code len}, must be the start of the full line's message.
     */
    private static List<String> run(int port, SocatReceiver unix, DatagramSocket udp) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String request : REQUESTS) {
            exchange(port, request);
            String full = unix.next();
            String cut = unix.next();
            String overUdp = receive(udp);
            assertThat(full).matches("<134>\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d " + HOSTNAME
                    + " haproxy\\[\\d+\\]: .*");
            assertThat(overUdp).matches("<150>\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d " + HOSTNAME
                    + " haproxy\\[\\d+\\]: .*\n");
            String message = full.substring(full.indexOf("]: ") + 3);
            assertThat(overUdp).isEqualTo(full.replaceFirst("^<134>", "<150>") + "\n");
            assertThat(cut).hasSize(SHORT_LENGTH).isEqualTo(("<6>" + message).substring(0, SHORT_LENGTH));
            lines.add("unix\t" + full.replaceFirst(" " + HOSTNAME + " ", " "));
        }
        return lines;
    }

    private static void exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            HttpProxyIT.send(socket, request);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (in.read(buffer) >= 0) {
                // until the proxy closes: every request asks for it
            }
        }
    }

    private static String receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
        socket.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.ISO_8859_1);
    }

    /** {@code socat -u UNIX-RECV:path -}: a bound UNIX datagram socket, its datagrams (one line each) read back. */
    private static final class SocatReceiver implements AutoCloseable {
        private final Path path;
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        SocatReceiver(Path path) throws IOException, InterruptedException {
            this.path = path;
            process = new ProcessBuilder(SOCAT.toString(), "-u", "UNIX-RECV:" + path, "-")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.ISO_8859_1))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException ended) {
                    // socat was stopped
                }
            }, "socat-reader");
            reader.setDaemon(true);
            reader.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(path) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(path).exists();
        }

        String next() throws InterruptedException {
            String line = lines.poll(20, TimeUnit.SECONDS);
            assertThat(line).as("a datagram on %s", path).isNotNull();
            return line;
        }

        String poll(long millis) throws InterruptedException {
            return lines.poll(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws IOException, InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(path);
        }
    }
}
