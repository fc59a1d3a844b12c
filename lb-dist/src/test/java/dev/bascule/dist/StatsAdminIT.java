package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code stats socket} options ({@code mode}, {@code user}, {@code group}, {@code level}),
 * {@code stats timeout} and the statistics page's admin form ({@code stats admin}), each compared
 * with haproxy 2.6 on the same configuration where it can be observed.
 */
@Timeout(60)
final class StatsAdminIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    private static String config(Path dir, int port, int origin) {
        return String.join("\n",
                "global",
                "    stats socket " + dir.resolve("admin.sock") + " mode 640 user nobody group nogroup level admin",
                "    stats socket " + dir.resolve("user.sock") + " level user",
                "    stats timeout 30s",
                "defaults",
                "    mode http",
                "    timeout client 5s",
                "    timeout server 5s",
                "    timeout connect 5s",
                "frontend fe",
                "    bind 127.0.0.1:" + port,
                "    acl admin_page path_beg /admin",
                "    use_backend admin if admin_page",
                "    default_backend be",
                "backend admin",
                "    stats enable",
                "    stats uri /admin",
                "    stats admin if TRUE",
                "backend be",
                "    stats enable",
                "    stats uri /stats",
                "    server s1 127.0.0.1:" + origin,
                "    server s2 127.0.0.1:" + origin,
                "    server s3 127.0.0.1:" + origin,
                "");
    }

    /** What is observed, in order: socket file attributes, runtime API answers, POST redirects, server states. */
    private static Map<String, String> script(Path dir, int port) throws IOException, InterruptedException {
        Map<String, String> seen = new LinkedHashMap<>();
        Path admin = dir.resolve("admin.sock");
        seen.put("admin.sock mode", Integer.toOctalString((Integer) Files.getAttribute(admin, "unix:mode") & 0777));
        seen.put("admin.sock uid", String.valueOf(Files.getAttribute(admin, "unix:uid")));
        seen.put("admin.sock gid", String.valueOf(Files.getAttribute(admin, "unix:gid")));
        seen.put("user: disable server", ask(dir.resolve("user.sock"), "disable server be/s1\n"));
        seen.put("user: enable server", ask(dir.resolve("user.sock"), "enable server be/s1\n"));
        // without stats admin, a POST is denied
        seen.put("POST /stats", post(port, "/stats", "s=s1&action=maint&b=be"));
        seen.put("states after denied POST", states(dir));
        seen.put("POST maint", post(port, "/admin", "s=s1&s=s2&action=maint&b=be"));
        seen.put("POST drain, one unknown server", post(port, "/admin;up", "s=s2&s=nosuch&action=drain&b=be"));
        seen.put("POST nothing", post(port, "/admin", "action=maint&b=be"));
        seen.put("POST unknown backend", post(port, "/admin", "s=s1&action=maint&b=nosuch"));
        seen.put("POST unknown action", post(port, "/admin", "s=s1&action=explode&b=be"));
        seen.put("POST disable, already in maintenance", post(port, "/admin", "s=s1&action=disable&b=be"));
        awaitStates(dir, "s1=MAINT s2=DRAIN");
        seen.put("states after POSTs", states(dir));
        seen.put("POST ready, by #id", post(port, "/admin", "s=s1&s=s2&action=ready&b=%23" + backendId(dir)));
        awaitStates(dir, "s1=no check s2=no check");
        seen.put("states after ready", states(dir));
        return seen;
    }

    @Test
    void socketOptionsLevelsAndTheAdminFormAsHaproxy(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "haproxy 2.6 is the reference");
        Map<String, String> actual;
        try (TestOrigin origin = new TestOrigin("o1")) {
            Path basculeDir = Files.createDirectories(temp.resolve("bascule"));
            int port = Embedded.freePort();
            try (Embedded bascule = Embedded.start(config(basculeDir, port, origin.port()))) {
                actual = script(basculeDir, port);
            }
            Path haproxyDir = Files.createDirectories(temp.resolve("haproxy"));
            int haproxyPort = Embedded.freePort();
            Files.writeString(haproxyDir.resolve("test.cfg"), config(haproxyDir, haproxyPort, origin.port()));
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", "test.cfg")
                    .directory(haproxyDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            Map<String, String> expected;
            try {
                CommandLineIT.awaitListening(haproxyPort);
                expected = script(haproxyDir, haproxyPort);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            assertThat(actual).isEqualTo(expected);
        }
        // what both said, spelled out
        assertThat(actual).containsEntry("admin.sock mode", "640").containsEntry("admin.sock uid", "65534")
                .containsEntry("user: disable server", "Permission denied\n\n")
                .containsEntry("POST /stats", "303 /stats;st=DENY")
                .containsEntry("POST maint", "303 /admin;st=DONE")
                .containsEntry("POST drain, one unknown server", "303 /admin;st=PART;up")
                .containsEntry("states after POSTs", "s1=MAINT s2=DRAIN s3=no check");
    }

    /**
     * {@code stats timeout}: a connection that sends nothing is closed once idle that long; one with
     * an incomplete line is not (haproxy 2.6.12 behaves so: no timeout while a line is pending).
     * Generous bounds: only that the close happens, and not before the timeout.
     */
    @Test
    void idleRuntimeApiConnectionsCloseAfterStatsTimeout(@TempDir Path temp) throws Exception {
        Path socket = temp.resolve("stats.sock");
        try (Embedded bascule = Embedded.start(String.join("\n",
                "global",
                "    stats socket " + socket + " level admin",
                "    stats timeout 300ms",
                ""))) {
            try (SocketChannel idle = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                idle.connect(UnixDomainSocketAddress.of(socket));
                long started = System.nanoTime();
                // blocks until the process closes the connection
                assertThat(idle.read(ByteBuffer.allocate(16))).isEqualTo(-1);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(250);
            }
            try (SocketChannel pending = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                pending.connect(UnixDomainSocketAddress.of(socket));
                pending.write(ByteBuffer.wrap("show ver".getBytes(StandardCharsets.US_ASCII)));
                Thread.sleep(1_000);
                // still open: the rest of the line gets its answer
                pending.write(ByteBuffer.wrap("sion\n".getBytes(StandardCharsets.US_ASCII)));
                assertThat(readAll(pending)).endsWith("\n\n");
            }
            try (SocketChannel prompt = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                prompt.connect(UnixDomainSocketAddress.of(socket));
                prompt.write(ByteBuffer.wrap("prompt\n".getBytes(StandardCharsets.US_ASCII)));
                // interactive, then idle: closed after the prompt was sent
                assertThat(readAll(prompt)).isEqualTo("\n> ");
            }
        }
    }

    private static int backendId(Path dir) throws IOException {
        for (String line : ask(dir.resolve("admin.sock"), "show stat\n").split("\n")) {
            String[] fields = line.split(",", -1);
            if (fields.length > 28 && fields[0].equals("be") && fields[1].equals("BACKEND")) {
                return Integer.parseInt(fields[27]);
            }
        }
        throw new IllegalStateException("no backend be in show stat");
    }

    /** The status column of be's servers in {@code show stat}. */
    private static String states(Path dir) throws IOException {
        List<String> states = new ArrayList<>();
        for (String line : ask(dir.resolve("admin.sock"), "show stat\n").split("\n")) {
            String[] fields = line.split(",", -1);
            if (fields.length > 17 && fields[0].equals("be") && fields[1].startsWith("s")) {
                states.add(fields[1] + "=" + fields[17]);
            }
        }
        return String.join(" ", states);
    }

    /** Bascule applies the changes on its check thread: they show a moment after the redirect. */
    private static void awaitStates(Path dir, String prefix) throws IOException, InterruptedException {
        for (int i = 0; i < 100 && !states(dir).startsWith(prefix); i++) {
            Thread.sleep(50);
        }
    }

    /** The status and location of the answer to a form POST. */
    private static String post(int port, String path, String form) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            HttpProxyIT.send(socket, "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length()
                    + "\r\n\r\n" + form);
            String response = HttpProxyIT.readResponse(socket.getInputStream());
            String location = "";
            for (String line : response.split("\r\n")) {
                if (line.toLowerCase().startsWith("location: ")) {
                    location = line.substring(10);
                }
            }
            return response.substring(9, 12) + " " + location;
        }
    }

    private static String ask(Path socket, String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(command.getBytes(StandardCharsets.UTF_8)));
            return readAll(channel);
        }
    }

    private static String readAll(SocketChannel channel) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (channel.read(buffer) >= 0) {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
