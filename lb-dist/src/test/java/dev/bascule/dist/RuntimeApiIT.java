package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bascule.core.Versions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code stats socket}: HAProxy's line protocol on a UNIX socket, with the mode asked for. */
@Timeout(30)
final class RuntimeApiIT {
    @Test
    void answersOnTheUnixSocketWithItsMode(@TempDir Path temp) throws Exception {
        Path socket = temp.resolve("stats.sock");
        try (Embedded bascule = Embedded.start(String.join("\n",
                "global",
                "    stats socket " + socket + " level admin mode 600",
                ""))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
            assertThat(ask(socket, "show version\n")).isEqualTo(Versions.bascule() + "\n\n");
            assertThat(ask(socket, "show info; show version\n"))
                    .startsWith("Name: Bascule\nVersion: " + Versions.bascule() + "\nPid: ")
                    .endsWith("\n\n" + Versions.bascule() + "\n\n");
            assertThat(ask(socket, "show bogus\n"))
                    .startsWith("Unknown command. Please enter one of the following commands only:\n")
                    .contains("  show info ", "  show map [@ver] [map] ", "  get var <name> ")
                    .endsWith("  show version                            : show version of the current process\n"
                            + "  help [<command>]                        : list matching or all commands\n"
                            + "  prompt                                  : toggle interactive mode with prompt\n"
                            + "  quit                                    : disconnect\n\n");
        }
        assertThat(socket).doesNotExist();
    }

    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    /** What the test does, in order: runtime API commands ({@code admin} or {@code user} socket) and requests. */
    private static final List<String> SCRIPT = List.of(
            "GET www.example.com /",
            "GET api.example.com /",
            "GET www.example.com /admin/panel",
            "admin show map",
            "admin show acl",
            "admin show map ${DIR}/hosts.map",
            "admin show acl #0",
            "admin show acl #1",
            "admin show map #0",
            "admin show acl #99",
            "admin get map ${DIR}/hosts.map api.example.com",
            "admin get map #7 /static/img.png",
            "admin get acl #0 /admin/panel",
            "admin get acl #2 /nothing",
            "admin add map ${DIR}/hosts.map new.example.com be_b",
            "GET new.example.com /",
            "admin set map ${DIR}/hosts.map new.example.com be_a",
            "GET new.example.com /",
            "admin show map #5",
            "admin del map ${DIR}/hosts.map new.example.com",
            "GET new.example.com /",
            "admin del map ${DIR}/hosts.map new.example.com",
            "admin set map #5 nope be_a",
            "admin set map #5 #0x1 be_a",
            "admin del map #5 #0xzz",
            "admin add acl ${DIR}/paths.acl /private",
            "GET www.example.com /private/x",
            "admin show acl #0",
            "admin del acl ${DIR}/paths.acl /private",
            "GET www.example.com /private/x",
            "admin add acl ${DIR}/hosts.map x",
            "admin clear acl #0",
            "GET www.example.com /admin/panel",
            "admin add acl #2 /inline",
            "admin show acl #2",
            "admin get var proc.host",
            "user get var proc.host",
            "user add map #5 user.example.com be_b",
            "GET user.example.com /",
            // payloads: "<<" ends the line, then "key value" lines up to an empty one
            "admin add map ${DIR}/hosts.map <<\npay.example.com be_b\nk2   v2 with spaces\n",
            "GET pay.example.com /",
            "admin add map ${DIR}/hosts.map <<\nk3 v3\nnovalue\n",
            "admin add map ${DIR}/hosts.map <<\n",
            "admin add map ${DIR}/hosts.map k5 v5 <<\nk6 v6\n",
            "admin show map ${DIR}/hosts.map",
            "admin get var proc.nothing",
            "admin get var",
            "admin clear map",
            "admin set map #5 a",
            "admin add acl #0",
            "admin del acl #0",
            "admin get map #5",
            "admin clear map #5",
            "GET www.example.com /",
            "admin show map");

    private static String config(Path dir, int port) {
        return String.join("\n",
                "global",
                "    stats socket " + dir.resolve("admin.sock") + " level admin",
                "    stats socket " + dir.resolve("user.sock") + " level user",
                "defaults",
                "    mode http",
                "    timeout connect 5s",
                "    timeout client 5s",
                "    timeout server 5s",
                "frontend fe",
                "    bind 127.0.0.1:" + port,
                "    acl blocked path_beg -f " + dir.resolve("paths.acl"),
                "    acl unused path_beg /x /y",
                "    acl also path_end -f " + dir.resolve("paths.acl") + " -f " + dir.resolve("other.acl"),
                "    acl known req.hdr(host),lower,map(" + dir.resolve("hosts.map") + ") -m found",
                "    http-request set-var(proc.host) req.hdr(host)",
                "    http-request deny if blocked",
                "    use_backend %[req.hdr(host),lower,map(" + dir.resolve("hosts.map") + ",be_c)]",
                "    http-request set-header x-kind %[path,map_beg(" + dir.resolve("kinds.map") + ",none)]",
                "backend be_a",
                "    http-request set-header x-again %[req.hdr(host),map(" + dir.resolve("hosts.map") + ")]",
                "    http-request return status 200 content-type text/plain string a",
                "backend be_b",
                "    http-request return status 200 content-type text/plain string b",
                "backend be_c",
                "    http-request return status 200 content-type text/plain string c",
                "");
    }

    /**
     * Maps and ACLs through the runtime API: the same script on HAProxy (when installed) and on
     * Bascule, the same answers byte for byte once entry ids (addresses in HAProxy) are masked;
     * requests in between show that a change routes at once.
     */
    @Test
    void mapsAndAclsAnswerAndRouteAsHaproxy(@TempDir Path temp) throws Exception {
        Files.writeString(temp.resolve("hosts.map"), "www.example.com be_a\napi.example.com be_b\n# comment\n\n"
                + "  foo.example.com   be_a  \n");
        Files.writeString(temp.resolve("paths.acl"), "/admin\n/secret\n");
        Files.writeString(temp.resolve("other.acl"), "/z\n");
        Files.writeString(temp.resolve("kinds.map"), "/static/ static\n/api/ api\n");
        List<String> actual;
        int port = Embedded.freePort();
        try (Embedded bascule = Embedded.start(config(temp, port))) {
            actual = run(temp, port);
        }
        assertThat(actual.get(0)).isEqualTo("GET www.example.com / -> 200 a");
        assertThat(actual.get(15)).isEqualTo("GET new.example.com / -> 200 b");
        assertThat(actual.get(17)).isEqualTo("GET new.example.com / -> 200 a");
        assertThat(actual.get(20)).isEqualTo("GET new.example.com / -> 200 c");
        assertThat(actual.get(26)).isEqualTo("GET www.example.com /private/x -> 403");
        assertThat(actual.get(29)).isEqualTo("GET www.example.com /private/x -> 200 a");
        assertThat(actual.get(32)).isEqualTo("GET www.example.com /admin/panel -> 200 a");
        assertThat(actual.get(35)).isEqualTo("admin get var proc.host\nproc.host: type=str value=<www.example.com>\n");
        assertThat(actual.get(36)).isEqualTo("user get var proc.host\nPermission denied\n\n");
        assertThat(actual.get(38)).isEqualTo("GET user.example.com / -> 200 b");
        assertThat(actual.get(40)).isEqualTo("GET pay.example.com / -> 200 b");
        assertThat(actual.get(41)).endsWith("\nMissing value for key 'novalue'.\n\n");
        assertThat(actual.get(53)).isEqualTo("GET www.example.com / -> 200 c");
        assertThat(actual.get(3)).contains("\n7 (" + temp.resolve("kinds.map") + ") pattern loaded from file '"
                + temp.resolve("kinds.map") + "' used by map at file 'test.cfg' line 18. curr_ver=0 next_ver=0"
                + " entry_cnt=2\n");

        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        Path haproxyDir = temp.resolve("haproxy");
        Files.createDirectories(haproxyDir);
        for (String file : List.of("hosts.map", "paths.acl", "other.acl", "kinds.map")) {
            Files.copy(temp.resolve(file), haproxyDir.resolve(file));
        }
        int haproxyPort = Embedded.freePort();
        // the same file name, so that both say "file 'test.cfg' line N"
        Files.writeString(haproxyDir.resolve("test.cfg"), config(haproxyDir, haproxyPort));
        Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", "test.cfg").directory(haproxyDir.toFile())
                .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
        List<String> expected;
        try {
            CommandLineIT.awaitListening(haproxyPort);
            expected = run(haproxyDir, haproxyPort);
        } finally {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
        }
        for (int i = 0; i < SCRIPT.size(); i++) {
            assertThat(masked(actual.get(i).replace(temp.toString(), "DIR")))
                    .as("step %d: %s", i, SCRIPT.get(i))
                    .isEqualTo(masked(expected.get(i).replace(haproxyDir.toString(), "DIR")));
        }
    }

    /** Entry ids masked, and the two ACLs of HAProxy's internal httpclient proxy left out. */
    private static String masked(String text) {
        return text.replaceAll("0x[0-9a-f]+", "0xID").replaceAll("(?m)^\\d+ \\(\\) acl 'var' file 'httpclient'.*\n", "");
    }

    private static List<String> run(Path dir, int port) throws IOException {
        List<String> transcript = new ArrayList<>();
        for (String step : SCRIPT) {
            String line = step.replace("${DIR}", dir.toString());
            if (line.startsWith("GET ")) {
                String[] words = line.split(" ");
                transcript.add(line + " -> " + get(port, words[1], words[2]));
            } else {
                int space = line.indexOf(' ');
                String level = line.substring(0, space);
                transcript.add(line + "\n" + ask(dir.resolve(level + ".sock"), line.substring(space + 1) + "\n"));
            }
        }
        return transcript;
    }

    /** The status and, for a 200, the body. */
    private static String get(int port, String host, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            HttpProxyIT.send(socket, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
            String response = HttpProxyIT.readResponse(socket.getInputStream());
            String status = response.substring(9, 12);
            return status.equals("200") ? status + " " + response.substring(response.indexOf("\r\n\r\n") + 4) : status;
        }
    }

    /** One command on a stats socket, its whole answer (the socket closes after it). */
    static String ask(Path socket, String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(command.getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (channel.read(buffer) >= 0) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * The server commands and the backends' server state messages: the same script on Bascule and
     * on HAProxy, one syslog receiver per backend; the answers byte for byte once the seconds since
     * the last change (and the check-in-progress bit) are masked, the syslog lines once the header's
     * date and pid are (the level is kept).
     */
    @Test
    void serverStateCommandsAndMessagesAsHaproxy(@TempDir Path temp) throws Exception {
        try (TestOrigin origin = new TestOrigin("o1");
             java.net.DatagramSocket log1 = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress());
             java.net.DatagramSocket log2 = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int closed = Embedded.freePort();
            List<String> actual;
            Path basculeDir = Files.createDirectories(temp.resolve("bascule"));
            try (Embedded bascule = Embedded.start(serverConfig(basculeDir, Embedded.freePort(), origin.port(),
                    closed, log1.getLocalPort(), log2.getLocalPort()))) {
                actual = serverScript(basculeDir, log1, log2);
            }
            assertThat(actual.get(0)).isEqualTo("be1 <29>Health check for server be1/srv1 succeeded, reason: Layer4"
                    + " check passed, check duration: Nms, status: 1/1 UP.");
            assertThat(actual).contains("be1 <25>Server be1/srv1 is going DOWN for maintenance. 0 active and 0 backup"
                    + " servers left. 0 sessions active, 0 requeued, 0 remaining in queue.",
                    "be1 <24>backend be1 has no server available!",
                    "be1 <29>Server be1/srv1 is UP/READY (leaving forced maintenance).");

            assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
            Path haproxyDir = Files.createDirectories(temp.resolve("haproxy"));
            int haproxyPort = Embedded.freePort();
            Files.writeString(haproxyDir.resolve("test.cfg"), serverConfig(haproxyDir, haproxyPort, origin.port(),
                    closed, log1.getLocalPort(), log2.getLocalPort()));
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", "test.cfg")
                    .directory(haproxyDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            List<String> expected;
            try {
                CommandLineIT.awaitListening(haproxyPort);
                expected = serverScript(haproxyDir, log1, log2);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            assertThat(actual).isEqualTo(expected);
        }
    }

    private static String serverConfig(Path dir, int port, int origin, int closed, int log1, int log2) {
        return String.join("\n",
                "global",
                "    stats socket " + dir.resolve("admin.sock") + " level admin",
                "    stats socket " + dir.resolve("user.sock") + " level user",
                "defaults",
                "    mode http",
                "    timeout connect 5s",
                "    timeout client 5s",
                "    timeout server 5s",
                "    default-server inter 200ms downinter 100s rise 1 fall 1",
                "frontend fe",
                "    bind 127.0.0.1:" + port,
                "    use_backend be1",
                "backend be1",
                "    option log-health-checks",
                "    log 127.0.0.1:" + log1 + " daemon",
                "    server srv1 127.0.0.1:" + origin + " check",
                "backend be2",
                "    log 127.0.0.1:" + log2 + " len 2048 local0 info",
                "    server srv2 127.0.0.1:" + closed + " weight 3 check",
                "    server srv3 127.0.0.1:" + origin,
                "");
    }

    /** Commands and the syslog lines each brings, in order; a line is prefixed with its backend. */
    private static List<String> serverScript(Path dir, java.net.DatagramSocket log1, java.net.DatagramSocket log2)
            throws IOException {
        List<String> transcript = new ArrayList<>();
        transcript.addAll(syslog("be1", log1, 1));
        transcript.addAll(syslog("be2", log2, 1)); // srv2 DOWN (srv3 still up)
        String[][] steps = {
                {"admin", "show servers state", "0", "0"},
                {"user", "disable server be1/srv1", "0", "0"},
                {"admin", "disable server be1/srv1", "2", "0"},
                {"admin", "disable server be1/srv1", "0", "0"},
                {"admin", "disable server be2/srv2", "0", "1"},
                {"admin", "disable server be2/srv3", "0", "2"},
                {"admin", "show servers state", "0", "0"},
                {"admin", "enable server be1/srv1", "1", "0"},
                {"admin", "enable server be2/srv3", "0", "1"},
                {"admin", "enable server be2/srv2", "0", "1"}, // its next check is after downinter
                {"admin", "show servers state be2", "0", "0"},
                {"admin", "disable server be1", "0", "0"},
                {"admin", "disable server nope/srv1", "0", "0"},
                {"admin", "enable server be1/nope", "0", "0"},
                {"admin", "show servers state nope", "0", "0"},
                {"user", "set server be2/srv3 weight 2", "0", "0"},
                {"admin", "set server be2/srv3 weight", "0", "0"},
                {"admin", "set server be2/srv3 weight 300", "0", "0"},
                {"admin", "set server be2/srv3 weight x", "0", "0"},
                {"admin", "set server be2/srv3 weight 7abc", "0", "0"},
                {"admin", "set server be2/srv3 weight -5%", "0", "0"},
                {"admin", "set server be2/srv3 state foo", "0", "0"},
                {"admin", "set server be2/srv3 foo", "0", "0"},
                {"admin", "set server be2/nope weight 2", "0", "0"},
                {"admin", "set server be2/srv3 weight 200%", "0", "0"},
                {"admin", "show servers state be2", "0", "0"},
        };
        for (String[] step : steps) {
            transcript.add(step[0] + " " + step[1] + "\n"
                    + maskState(ask(dir.resolve(step[0] + ".sock"), step[1] + "\n")));
            try {
                transcript.addAll(syslog("be1", log1, Integer.parseInt(step[2])));
                transcript.addAll(syslog("be2", log2, Integer.parseInt(step[3])));
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("a syslog line missing after " + step[1] + ": " + transcript, e);
            }
        }
        return transcript;
    }

    /** Seconds since the last change, and the check-in-progress bit of the check state, masked. */
    static String maskState(String answer) {
        StringBuilder out = new StringBuilder();
        for (String line : answer.split("\n", -1)) {
            String[] fields = line.split(" ");
            if (fields.length == 25 && !line.startsWith("#")) {
                fields[9] = "S";
                fields[13] = String.valueOf(Integer.parseInt(fields[13]) & ~1);
                line = String.join(" ", fields);
            }
            out.append(line).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    /** The next {@code count} datagrams as priority and message, the check durations masked. */
    private static List<String> syslog(String backend, java.net.DatagramSocket socket, int count) throws IOException {
        socket.setSoTimeout(10_000);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] buffer = new byte[4096];
            java.net.DatagramPacket packet = new java.net.DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            String line = new String(buffer, 0, packet.getLength(), StandardCharsets.US_ASCII);
            assertThat(line).matches("(?s)<\\d+>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d haproxy\\[\\d+\\]: .*\n");
            lines.add(backend + " " + line.substring(0, line.indexOf('>') + 1)
                    + line.substring(line.indexOf("]: ") + 3, line.length() - 1)
                    .replaceAll("check duration: \\d+ms", "check duration: Nms"));
        }
        return lines;
    }
}
