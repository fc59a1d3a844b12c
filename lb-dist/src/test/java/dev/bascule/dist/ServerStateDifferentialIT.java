package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.handler.codec.http.HttpResponseStatus;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server state across a restart ({@code set server}, {@code show servers state} saved to a file,
 * {@code server-state-file} read at the next start) and {@code http-check disable-on-404}: the same
 * answers, statuses and traffic on HAProxy 2.6 and Bascule.
 */
@Timeout(120)
final class ServerStateDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final Pattern ORIGIN = Pattern.compile("(?im)^x-origin: (\\S+)");

    @Test
    void stateSavedBeforeARestartIsRestoredAsHaproxys(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        try (TestOrigin o1 = new TestOrigin("o1"); TestOrigin o2 = new TestOrigin("o2");
             TestOrigin o3 = new TestOrigin("o3")) {
            TestOrigin[] origins = {o1, o2, o3};
            Path haproxyDir = Files.createDirectory(temp.resolve("haproxy"));
            List<String> expected = new ArrayList<>();
            int port = Embedded.freePort();
            Process first = startHaproxy(haproxyDir, stateConfig(haproxyDir, port, origins, false));
            try {
                expected.addAll(beforeRestart(haproxyDir, port));
            } finally {
                stop(first);
            }
            int secondPort = Embedded.freePort();
            Process second = startHaproxy(haproxyDir, stateConfig(haproxyDir, secondPort, origins, true));
            try {
                expected.addAll(afterRestart(haproxyDir, secondPort));
            } finally {
                stop(second);
            }
            Path basculeDir = Files.createDirectory(temp.resolve("bascule"));
            List<String> actual = new ArrayList<>();
            int basculePort = Embedded.freePort();
            try (Embedded bascule = Embedded.start(stateConfig(basculeDir, basculePort, origins, false))) {
                actual.addAll(beforeRestart(basculeDir, basculePort));
            }
            int basculeSecondPort = Embedded.freePort();
            try (Embedded bascule = Embedded.start(stateConfig(basculeDir, basculeSecondPort, origins, true))) {
                actual.addAll(afterRestart(basculeDir, basculeSecondPort));
            }
            String header = "1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight"
                    + " srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health"
                    + " srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord"
                    + " srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port\n";
            // s1 forced into maintenance, s2 weighed 10 instead of 5, s3 draining: before and after the restart
            assertThat(expected.get(0)).isEqualTo(header
                    + "3 be 1 s1 127.0.0.1 0 1 1 1 S 1 0 0 0 0 0 0 - " + o1.port() + " - 0 0 - - 0\n"
                    + "3 be 2 s2 127.0.0.1 2 0 10 5 S 1 0 2 0 0 0 0 - " + o2.port() + " - 0 0 - - 0\n"
                    + "3 be 3 s3 127.0.0.1 2 8 1 1 S 1 0 2 0 0 0 0 - " + o3.port() + " - 0 0 - - 0\n");
            assertThat(expected.get(1)).isEqualTo("o2 o2 o2");
            assertThat(expected.get(2)).isEqualTo(header
                    + "3 be 1 s1 127.0.0.1 0 1 1 1 S 1 0 0 0 0 0 0 - " + o1.port() + " - 0 0 - - 0\n"
                    + "3 be 2 s2 127.0.0.1 2 0 10 5 S 1 0 4 0 0 0 0 - " + o2.port() + " - 0 0 - - 0\n"
                    + "3 be 3 s3 127.0.0.1 2 8 1 1 S 1 0 4 0 0 0 0 - " + o3.port() + " - 0 0 - - 0\n");
            assertThat(expected.get(3)).isEqualTo("s1 MAINT 1, s2 no check 10, s3 DRAIN 1");
            assertThat(expected.get(4)).isEqualTo("o2 o2 o2");
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Test
    void a404ToTheCheckPutsTheServerInNolbAsHaproxys(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        List<String> expected;
        try (TestOrigin o1 = new TestOrigin("o1"); TestOrigin o2 = new TestOrigin("o2")) {
            Path dir = Files.createDirectory(temp.resolve("haproxy"));
            int port = Embedded.freePort();
            o1.health(HttpResponseStatus.NOT_FOUND);
            Process haproxy = startHaproxy(dir, nolbConfig(dir, port, o1, o2));
            try {
                expected = nolb(dir, port, o1);
            } finally {
                stop(haproxy);
            }
        }
        List<String> actual;
        try (TestOrigin o1 = new TestOrigin("o1"); TestOrigin o2 = new TestOrigin("o2")) {
            Path dir = Files.createDirectory(temp.resolve("bascule"));
            int port = Embedded.freePort();
            o1.health(HttpResponseStatus.NOT_FOUND);
            try (Embedded bascule = Embedded.start(nolbConfig(dir, port, o1, o2))) {
                actual = nolb(dir, port, o1);
            }
        }
        assertThat(expected).containsExactly("s1 NOLB L7OKC 404, s2 UP L7OK 200", "3 o2 o2 o2",
                "s1 UP L7OK 200, s2 UP L7OK 200", "o1 o2");
        assertThat(actual).isEqualTo(expected);
    }

    /**
     * {@code -c} with local and global state files: a backend ID or name mismatch, a state applied,
     * an invalid field, an unknown server, a file without version, a corrupted one, a missing one
     * (HAProxy applies the files in {@code -c} mode too): the same warnings as {@code haproxy -c}.
     */
    @Test
    void stateFileWarningsAsHaproxys(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        Path base = Files.createDirectory(temp.resolve("base"));
        String tail = " 127.0.0.1 0 1 1 1 10 1 0 0 0 0 0 0 - 8001 - 0 0 - - 0\n";
        Files.writeString(base.resolve("be2"), "1\n# comment\n7 be2 1 s1" + tail + "7 be2 9 ghost" + tail
                + "3 other 2 s2" + tail + "3 renamed 2 s2 127.0.0.1 2 8 1 1 10 1 0 0 0 0 0 0 - 8001 - 0 0 - - 0\n"
                + "3 be2 3 s3 127.0.0.1 9 1 1 1 10 1 0 0 0 0 0 0 - 8001 - 0 0 - - 0\n"
                + "3 be2 4 s4 127.0.0.1 3 0 1 1 10 1 0 4 6 0 0 0 - 8001 - 0 0 - - 0\n");
        Files.writeString(base.resolve("be3"), "2\n");
        Files.writeString(base.resolve("be4"), "1\n3 be4 1 s1 127.0.0.1 0 1\n");
        Files.writeString(base.resolve("global"), "1\n6 be6 1 s1" + tail + "bad line\n");
        Path file = Files.writeString(temp.resolve("state.cfg"), String.join("\n", "global",
                "  server-state-base " + base, "  server-state-file global",
                "defaults", "  mode http", "  timeout client 1s", "  timeout server 1s", "  timeout connect 1s",
                "  load-server-state-from-file local",
                "frontend f", "  bind 127.0.0.1:" + Embedded.freePort(), "  default_backend be2",
                "backend be2", "  server s1 127.0.0.1:8001", "  server s2 127.0.0.1:8001",
                "  server s3 127.0.0.1:8001", "  server s4 127.0.0.1:8001 check inter 60s",
                "backend be3", "  server s1 127.0.0.1:8001", "backend be4", "  server s1 127.0.0.1:8001",
                "backend be5", "  server s1 127.0.0.1:8001",
                "backend be6", "  load-server-state-from-file global", "  server s1 127.0.0.1:8001", ""));
        Process process = new ProcessBuilder(HAPROXY.toString(), "-c", "-f", file.toString())
                .redirectErrorStream(true).start();
        String expected = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        CommandLineIT.Run bascule = CommandLineIT.run("-c", "-f", file.toString());
        assertThat(CommandLineIT.messages(expected)).hasSize(12);
        assertThat(CommandLineIT.messages(bascule.out() + bascule.err()))
                .isEqualTo(CommandLineIT.messages(expected));
    }

    private static String stateConfig(Path dir, int port, TestOrigin[] origins, boolean load) {
        List<String> lines = new ArrayList<>(List.of("global", "    stats socket " + dir.resolve("admin.sock")
                + " level admin"));
        if (load) {
            lines.add("    server-state-file " + dir.resolve("state"));
        }
        lines.addAll(List.of("defaults", "    mode http", "    timeout client 5s", "    timeout server 5s",
                "    timeout connect 5s", "    load-server-state-from-file global",
                "frontend f", "    bind 127.0.0.1:" + port, "    default_backend be",
                "backend be", "    balance roundrobin",
                "    server s1 127.0.0.1:" + origins[0].port(),
                "    server s2 127.0.0.1:" + origins[1].port() + " weight 5",
                "    server s3 127.0.0.1:" + origins[2].port(), ""));
        return String.join("\n", lines);
    }

    private static String nolbConfig(Path dir, int port, TestOrigin o1, TestOrigin o2) {
        return String.join("\n", "global", "    stats socket " + dir.resolve("admin.sock") + " level admin",
                "defaults", "    mode http", "    timeout client 5s", "    timeout server 5s", "    timeout connect 5s",
                "    http-check disable-on-404",
                "frontend f", "    bind 127.0.0.1:" + port, "    default_backend be",
                "backend be", "    balance roundrobin", "    option httpchk GET /health",
                "    cookie SRV insert indirect nocache",
                "    server s1 127.0.0.1:" + o1.port() + " check inter 100ms cookie c1",
                "    server s2 127.0.0.1:" + o2.port() + " check inter 100ms cookie c2", "");
    }

    /** Changes through the runtime API, then the state saved as the operator saves it. */
    private static List<String> beforeRestart(Path dir, int port) throws Exception {
        CommandLineIT.awaitListening(port);
        Path socket = dir.resolve("admin.sock");
        assertThat(RuntimeApiIT.ask(socket, "set server be/s1 state maint\n")).isEqualTo("\n");
        assertThat(RuntimeApiIT.ask(socket, "set server be/s2 weight 10\n")).isEqualTo("\n");
        assertThat(RuntimeApiIT.ask(socket, "set server be/s3 state drain\n")).isEqualTo("\n");
        String state = awaitState(socket, " s3 127.0.0.1 2 8 ");
        // the answer ends with the empty line of every answer: the file is what socat writes
        Files.writeString(dir.resolve("state"), state);
        return List.of(RuntimeApiIT.maskState(state.substring(0, state.length() - 1)),
                DisabledServerDifferentialIT.origins(port, 3));
    }

    private static List<String> afterRestart(Path dir, int port) throws Exception {
        CommandLineIT.awaitListening(port);
        Path socket = dir.resolve("admin.sock");
        String state = RuntimeApiIT.ask(socket, "show servers state\n");
        return List.of(RuntimeApiIT.maskState(state.substring(0, state.length() - 1)), stat(socket, false),
                DisabledServerDifferentialIT.origins(port, 3));
    }

    /** Polls {@code show servers state} until it has {@code line} (the admin changes apply asynchronously). */
    private static String awaitState(Path socket, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String state = RuntimeApiIT.ask(socket, "show servers state\n");
        while (!state.contains(line) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            state = RuntimeApiIT.ask(socket, "show servers state\n");
        }
        return state;
    }

    /**
     * s1 answers 404 to its check: NOLB; new clients go to s2, a client with s1's cookie still to
     * s1; then s1 answers 200 again and is UP.
     */
    private static List<String> nolb(Path dir, int port, TestOrigin o1) throws Exception {
        CommandLineIT.awaitListening(port);
        Path socket = dir.resolve("admin.sock");
        List<String> seen = new ArrayList<>();
        seen.add(awaitStat(socket, "s1 NOLB L7OKC 404, s2 UP L7OK 200"));
        int persistent = 0;
        for (int i = 0; i < 3; i++) {
            persistent += persistentOrigin(port, "c1").equals("o1") ? 1 : 0;
        }
        seen.add(persistent + " " + DisabledServerDifferentialIT.origins(port, 3));
        o1.health(HttpResponseStatus.OK);
        seen.add(awaitStat(socket, "s1 UP L7OK 200, s2 UP L7OK 200"));
        List<String> both = new ArrayList<>(List.of(DisabledServerDifferentialIT.origins(port, 2).split(" ")));
        both.sort(null);
        seen.add(String.join(" ", both));
        return seen;
    }

    /** The origin that serves a request carrying the persistence cookie {@code SRV=<cookie>}. */
    private static String persistentOrigin(int port, String cookie) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            HttpProxyIT.send(socket, "GET / HTTP/1.1\r\nHost: h\r\nCookie: SRV=" + cookie
                    + "\r\nConnection: close\r\n\r\n");
            Matcher origin = ORIGIN.matcher(HttpProxyIT.readResponse(socket.getInputStream()));
            return origin.find() ? origin.group(1) : "?";
        }
    }

    /** Polls the servers' statuses until they are {@code expected} (or 10 s passed); returns the last ones. */
    private static String awaitStat(Path socket, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String stat = stat(socket, true);
        while (!stat.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            stat = stat(socket, true);
        }
        return stat;
    }

    /** The servers' status with their check's status and code, or with their weight, from {@code show stat}. */
    private static String stat(Path socket, boolean check) throws Exception {
        List<String> servers = new ArrayList<>();
        for (String line : RuntimeApiIT.ask(socket, "show stat\n").split("\n")) {
            String[] fields = line.split(",", -1);
            if (fields.length > 38 && fields[0].equals("be") && !fields[1].equals("BACKEND")) {
                servers.add(fields[1] + " " + fields[17] + " "
                        + (check ? fields[36] + " " + fields[37] : fields[18]));
            }
        }
        return String.join(", ", servers);
    }

    private static Process startHaproxy(Path dir, String config) throws Exception {
        Path file = Files.writeString(dir.resolve("haproxy.cfg"), config);
        return new ProcessBuilder(HAPROXY.toString(), "-db", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("haproxy.log").toFile())).start();
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
