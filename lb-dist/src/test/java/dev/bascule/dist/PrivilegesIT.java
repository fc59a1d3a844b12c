package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bascule.config.haproxy.testing.TestCertificates;

import io.netty.handler.codec.http.HttpResponseStatus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The process keywords at run time: {@code chroot}, {@code user}, {@code group} (really applied,
 * seen in {@code /proc}), {@code ulimit-n}, {@code hard-stop-after}, {@code node} and
 * {@code description}, and HAProxy's alerts when a start-up step fails. The tests that change the
 * process's root or identity need root and are skipped otherwise (CI runs as root).
 */
@Timeout(180)
final class PrivilegesIT {
    private static final Path BIN = Path.of(System.getProperty("bascule.home", "target/bascule")).resolve("bin/bascule");
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    /** {@code nobody} and {@code nogroup} on Debian. */
    private static final int NOBODY = 65534;
    private static final String DEFAULTS = String.join("\n",
            "defaults",
            "\tmode http",
            "\tlog global",
            "\toption httplog",
            "\ttimeout connect 5s",
            "\ttimeout client 30s",
            "\ttimeout server 30s",
            "");

    private static boolean root() throws IOException {
        return statusField(ProcessHandle.current().pid(), "Uid").get(0).equals("0");
    }

    /** The values of a {@code /proc/PID/status} line, e.g. {@code Uid} gives real, effective, saved and fs ids. */
    private static List<String> statusField(long pid, String name) throws IOException {
        return statusField(Path.of("/proc", Long.toString(pid), "status"), name);
    }

    private static List<String> statusField(Path status, String name) throws IOException {
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith(name + ":")) {
                String values = line.substring(name.length() + 1).strip();
                return values.isEmpty() ? List.of() : List.of(values.split("\\s+"));
            }
        }
        throw new AssertionError("no " + name + " in " + status);
    }

    /** The soft and hard {@code Max open files} of a process. */
    private static List<String> fileLimit(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"))) {
            if (line.startsWith("Max open files")) {
                String[] fields = line.substring("Max open files".length()).strip().split("\\s+");
                return List.of(fields[0], fields[1]);
            }
        }
        throw new AssertionError("no open files limit for " + pid);
    }

    /** A free TCP port below 1024, which only a privileged process may bind. */
    private static int freePrivilegedPort() {
        List<Integer> ports = new ArrayList<>();
        for (int port = 600; port < 1024; port++) {
            ports.add(port);
        }
        Collections.shuffle(ports);
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // the next one
            }
        }
        throw new AssertionError("no free port in 600-1023");
    }

    private static Process start(Path config, Path temp, List<String> prefix) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(BIN.toString(), "-db", "-f", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("JAVA_OPTS", "-Dio.netty.leakDetection.level=paranoid");
        builder.redirectError(temp.resolve("stderr").toFile()).redirectOutput(temp.resolve("stdout").toFile());
        return builder.start();
    }

    /**
     * Waits until every thread of the process runs as {@code nobody}: listeners bound, chroot and
     * identity done (glibc's setuid() changes the threads one after the other, the call returning
     * when all have changed).
     */
    private static void awaitConfined(Process process, Path temp) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (everyThreadIs(process.pid(), "Uid", Integer.toString(NOBODY))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not confined; stderr:\n" + Files.readString(temp.resolve("stderr")));
    }

    private static boolean everyThreadIs(long pid, String field, String id) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (!statusField(task.resolve("status"), field).stream().allMatch(id::equals)) {
                        return false;
                    }
                } catch (java.nio.file.NoSuchFileException ended) {
                    // a thread that has just ended
                }
            }
        }
        return true;
    }

    private static void stop(Process process, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
    }

    /** The first syslog datagram containing {@code text}, skipping others, within 60 s. */
    private static String awaitLog(DatagramSocket syslog, String text) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        byte[] buffer = new byte[8192];
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                syslog.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            }
            String line = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            if (line.contains(text)) {
                return line;
            }
            seen.add(line);
        }
        throw new AssertionError("no log line with '" + text + "' among " + seen);
    }

    private static String get(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            HttpProxyIT.send(socket, "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            return HttpProxyIT.readResponse(socket.getInputStream());
        }
    }

    private static String ask(Path socket, String command) throws IOException {
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

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + "\n" + output;
    }

    /**
     * The stock Debian global block's {@code chroot}, {@code user} and {@code group} on a port below
     * 1024: once started, every thread runs as nobody/nogroup without supplementary groups, inside
     * an empty directory, and the process still proxies HTTP and TLS, runs its health checks,
     * sends its logs and answers on its stats socket (created before the chroot).
     */
    @Test
    void chrootedAndUnprivilegedItServesEverything(@TempDir Path temp) throws Exception {
        assumeTrue(root(), "chroot, setgid and setuid need root");
        Path jail = Files.createDirectory(temp.resolve("jail"));
        Path pem = TestCertificates.pem(temp, "site", "rsa:2048", "site.example");
        Path socket = temp.resolve("admin.sock");
        int port = freePrivilegedPort();
        int tlsPort = Embedded.freePort();
        try (TestOrigin origin = new TestOrigin("o1");
             DatagramSocket syslog = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            syslog.setSoTimeout(500);
            Path config = temp.resolve("confined.cfg");
            Files.writeString(config, String.join("\n",
                    "global",
                    "\tlog 127.0.0.1:" + syslog.getLocalPort() + " local0",
                    "\tchroot " + jail,
                    "\tstats socket " + socket + " mode 660 level admin",
                    "\tuser nobody",
                    "\tgroup nogroup",
                    "\tulimit-n 4096",
                    "\tnode lb-1",
                    "\tdescription the front door",
                    DEFAULTS
                    + "frontend fe",
                    "\tbind 127.0.0.1:" + port,
                    "\tbind 127.0.0.1:" + tlsPort + " ssl crt " + pem,
                    "\tdefault_backend be",
                    "backend be",
                    "\toption httpchk GET /health",
                    // generous: a loaded machine must not fail a check by its timeout
                    "\ttimeout check 10s",
                    "\tserver s1 127.0.0.1:" + origin.port() + " check inter 2s rise 1 fall 2",
                    ""));
            Process proxy = start(config, temp, List.of());
            try {
                awaitConfined(proxy, temp);
                long pid = proxy.pid();
                String nobody = Integer.toString(NOBODY);
                assertThat(statusField(pid, "Uid")).containsExactly(nobody, nobody, nobody, nobody);
                assertThat(statusField(pid, "Gid")).containsExactly(nobody, nobody, nobody, nobody);
                assertThat(statusField(pid, "Groups")).isEmpty();
                assertThat(everyThreadIs(pid, "Uid", nobody)).as("every thread's user").isTrue();
                assertThat(everyThreadIs(pid, "Gid", nobody)).as("every thread's group").isTrue();
                assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "root")))
                        .isEqualTo(jail.toRealPath());
                assertThat(fileLimit(pid).get(0)).isEqualTo("4096");

                assertThat(get(port)).startsWith("HTTP/1.1 200").containsIgnoringCase("x-origin: o1");
                assertThat(awaitLog(syslog, "fe be/s1 ")).contains("\"GET /hello HTTP/1.1\"");
                String https = run(List.of("curl", "-sk", "-o", "/dev/null", "-w", "%{http_code}",
                        "https://127.0.0.1:" + tlsPort + "/"));
                assertThat(https).isEqualTo("0\n200");

                origin.health(HttpResponseStatus.SERVICE_UNAVAILABLE);
                assertThat(awaitLog(syslog, "Server be/s1 is DOWN")).contains("Layer7 wrong status");
                origin.health(HttpResponseStatus.OK);
                awaitLog(syslog, "Server be/s1 is UP");

                String info = ask(socket, "show info");
                assertThat(info).contains("Pid: " + pid + "\n").contains("node: lb-1\n")
                        .contains("description: the front door\n");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nstderr:\n" + Files.readString(temp.resolve("stderr")), e);
            } finally {
                stop(proxy, "TERM");
                assertThat(proxy.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(proxy.exitValue()).as(Files.readString(temp.resolve("stderr"))).isZero();
        }
    }

    /** A chroot that fails: HAProxy's alert and exit 1, as haproxy itself (its own name aside). */
    @Test
    void aChrootThatFailsStopsTheStart(@TempDir Path temp) throws Exception {
        assumeTrue(root(), "chroot needs root");
        Path config = temp.resolve("nochroot.cfg");
        Files.writeString(config, String.join("\n",
                "global",
                "\tchroot " + temp.resolve("missing"),
                DEFAULTS + "frontend fe",
                "\tbind 127.0.0.1:" + Embedded.freePort(),
                "\thttp-request return status 200",
                ""));
        String bascule = run(List.of(BIN.toString(), "-db", "-f", config.toString()));
        assertThat(bascule).startsWith("1\n")
                .contains("[bascule.main()] Cannot chroot(" + temp.resolve("missing") + ").");
        if (Files.isExecutable(HAPROXY)) {
            String haproxy = run(List.of(HAPROXY.toString(), "-db", "-f", config.toString()));
            assertThat(haproxy).startsWith("1\n").contains("main()] Cannot chroot(" + temp.resolve("missing") + ").");
        }
    }

    /**
     * Not root: a {@code uid} or {@code gid} the process may not take is HAProxy's alert and exit 1,
     * as haproxy run the same way.
     */
    @Test
    void anIdentityTheProcessMayNotTakeStopsTheStart(@TempDir Path temp) throws Exception {
        assumeTrue(root(), "switching to nobody first needs root");
        Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> asNobody = List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups");
        for (String line : List.of("uid 1", "gid 1")) {
            Path config = temp.resolve(line.replace(' ', '-') + ".cfg");
            Files.writeString(config, String.join("\n",
                    "global",
                    "\t" + line,
                    DEFAULTS + "frontend fe",
                    "\tbind 127.0.0.1:" + Embedded.freePort(),
                    "\thttp-request return status 200",
                    ""));
            String expected = line.startsWith("uid") ? "main()] Cannot set uid 1." : "main()] Cannot set gid 1.";
            List<String> command = new ArrayList<>(asNobody);
            command.addAll(List.of(BIN.toString(), "-db", "-f", config.toString()));
            assertThat(run(command)).startsWith("1\n").contains("[bascule." + expected);
            if (Files.isExecutable(HAPROXY)) {
                List<String> reference = new ArrayList<>(asNobody);
                reference.addAll(List.of(HAPROXY.toString(), "-db", "-f", config.toString()));
                assertThat(run(reference)).startsWith("1\n").contains(expected);
            }
        }
    }

    /**
     * {@code hard-stop-after}: a soft stop (SIGUSR1) with a client connection still open ends after
     * the delay, with HAProxy's warnings, the connection closed and exit 0; {@code ulimit-n} sets the
     * soft limit of open files (no privilege needed to lower it).
     */
    @Test
    void hardStopAfterEndsASoftStopThatConnectionsHoldOpen(@TempDir Path temp) throws Exception {
        int port = Embedded.freePort();
        Path config = temp.resolve("hard-stop.cfg");
        Files.writeString(config, String.join("\n",
                "global",
                "\thard-stop-after 1s",
                "\tulimit-n 2048",
                DEFAULTS + "frontend fe",
                "\tbind 127.0.0.1:" + port,
                "\thttp-request return status 200 content-type text/plain string ok",
                ""));
        Process proxy = start(config, temp, List.of());
        try (Socket client = awaitConnected(port, proxy, temp)) {
            assertThat(fileLimit(proxy.pid()).get(0)).isEqualTo("2048");
            client.setSoTimeout(20_000);
            HttpProxyIT.send(client, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream in = client.getInputStream();
            assertThat(HttpProxyIT.readResponse(in)).startsWith("HTTP/1.1 200");
            stop(proxy, "USR1");
            // kept alive, the connection holds the soft stop until hard-stop-after closes it
            assertThat(in.read()).isEqualTo(-1);
            assertThat(proxy.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            proxy.destroyForcibly();
        }
        String stderr = Files.readString(temp.resolve("stderr"));
        assertThat(proxy.exitValue()).as(stderr).isZero();
        assertThat(stderr).contains("[WARNING]").contains("soft-stop running for too long, performing a hard-stop.")
                .contains("Proxy fe hard-stopped (1 remaining conns will be closed).");
    }

    /** The {@code Cpus_allowed_list} of each thread of a process whose name starts with {@code prefix}, sorted. */
    private static List<String> cpusOfThreads(long pid, String prefix) throws IOException {
        List<String> cpus = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                if (Files.readString(task.resolve("comm")).strip().startsWith(prefix)) {
                    cpus.add(String.join(",", statusField(task.resolve("status"), "Cpus_allowed_list")));
                }
            }
        }
        Collections.sort(cpus);
        return cpus;
    }

    private static boolean twoCpus() throws IOException {
        return statusField(ProcessHandle.current().pid(), "Cpus_allowed_list").equals(List.of("0-1"));
    }

    /**
     * {@code cpu-map auto:1/1-2 0-1}: each event loop bound to its CPU, as haproxy binds its two
     * threads; the other threads of the JVM stay where they were.
     */
    @Test
    void cpuMapBindsEachEventLoopAsHaproxyEachThread(@TempDir Path temp) throws Exception {
        assumeTrue(twoCpus(), "needs CPUs 0 and 1");
        int port = Embedded.freePort();
        Path config = temp.resolve("cpu-map.cfg");
        Files.writeString(config, String.join("\n",
                "global",
                "\tnbthread 2",
                "\tcpu-map auto:1/1-2 0-1",
                DEFAULTS + "frontend fe",
                "\tbind 127.0.0.1:" + port,
                "\thttp-request return status 200",
                ""));
        Process proxy = start(config, temp, List.of());
        try {
            awaitConnected(port, proxy, temp).close();
            // the event loops bind themselves just after the listeners are open
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!cpusOfThreads(proxy.pid(), "bascule-io").equals(List.of("0", "1")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(cpusOfThreads(proxy.pid(), "bascule-io")).containsExactly("0", "1");
            assertThat(cpusOfThreads(proxy.pid(), "VM Thread")).as("not an event loop").containsOnly("0-1");
        } finally {
            stop(proxy, "TERM");
            assertThat(proxy.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        if (Files.isExecutable(HAPROXY)) {
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.out").toFile()).start();
            try {
                awaitConnected(port, haproxy, temp).close();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!cpusOfThreads(haproxy.pid(), "haproxy").equals(List.of("0", "1"))
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(cpusOfThreads(haproxy.pid(), "haproxy")).containsExactly("0", "1");
            } finally {
                haproxy.destroy();
                haproxy.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * {@code cpu-map 1 1}: as HAProxy 2.6, the whole process is bound only when it runs as a daemon
     * (every thread of the JVM then runs on CPU 1); in the foreground it is left as it is.
     */
    @Test
    void cpuMapOfTheProcessBindsADaemon(@TempDir Path temp) throws Exception {
        assumeTrue(twoCpus(), "needs CPUs 0 and 1");
        int port = Embedded.freePort();
        Path pidFile = temp.resolve("pid");
        Path config = temp.resolve("cpu-map-daemon.cfg");
        Files.writeString(config, String.join("\n",
                "global",
                "\tdaemon",
                "\tpidfile " + pidFile,
                "\tcpu-map 1 1",
                DEFAULTS + "frontend fe",
                "\tbind 127.0.0.1:" + port,
                "\thttp-request return status 200",
                ""));
        assertThat(run(List.of(BIN.toString(), "-f", config.toString()))).startsWith("0\n");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        try {
            assertThat(cpusOfThreads(pid, "")).containsOnly("1");
        } finally {
            new ProcessBuilder("kill", Long.toString(pid)).start().waitFor();
            ProcessHandle.of(pid).ifPresent(daemon -> daemon.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        }
        Process foreground = start(config, temp, List.of());
        try {
            awaitConnected(port, foreground, temp).close();
            assertThat(cpusOfThreads(foreground.pid(), "")).containsOnly("0-1");
        } finally {
            stop(foreground, "TERM");
            assertThat(foreground.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static Socket awaitConnected(int port, Process proxy, Path temp) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && proxy.isAlive()) {
            try {
                return new Socket(InetAddress.getLoopbackAddress(), port);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("not listening; stderr:\n" + Files.readString(temp.resolve("stderr")));
    }

    /**
     * The stock Debian global block's process keywords are accepted as haproxy accepts them, and
     * their mistakes get haproxy's messages ({@code haproxy -c} against {@code bascule -c}).
     */
    @Test
    void configurationCheckAsHaproxy(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed");
        String frontend = "frontend fe\n\tbind 127.0.0.1:18080\n\thttp-request return status 200\n";
        List<String> globals = List.of(
                "global\n\tchroot /var/lib/haproxy\n\tuser haproxy\n\tgroup haproxy\n\tdaemon\n",
                "global\n\tuid 65534\n\tgid 65534\n\tpidfile /run/haproxy.pid\n\tulimit-n 65536\n\tspread-checks 4\n"
                        + "\thard-stop-after 30s\n\tdescription Debian's load balancer\n\tnode lb-1\n",
                "global\n\tquiet\n",
                "global\n\tuser no-such-user\n\tgroup no-such-group\n\tuid abc\n\tgid 12x\n\tchroot\n\tulimit-n\n",
                "global\n\tspread-checks 60\n\tspread-checks 5\n\tnode bad/name\n\tdescription\n\tnbproc 2\n",
                "global\n\tmaster-worker foo\n\thard-stop-after 10x\n\thard-stop-after\n\thard-stop-after 3000000000\n"
                        + "\thard-stop-after 10sx\n",
                "global\n\tuser nobody\n\tuser a b\n\tuser root\n\tchroot /a\n\tchroot /b\n\tulimit-n 1\n\tulimit-n 2\n"
                        + "\tgid 1\n\tgroup nogroup\n\tquiet extra\n\tnode\n\tuid\n\tuid 1 2\n");
        for (int index = 0; index < globals.size(); index++) {
            Path file = temp.resolve("process" + index + ".cfg");
            Files.writeString(file, globals.get(index) + "defaults\n\tmode http\n\ttimeout connect 5s\n"
                    + "\ttimeout client 30s\n\ttimeout server 30s\n" + frontend);
            ConfigCheckDifferentialIT.assertSameVerdict(file);
        }
    }
}
