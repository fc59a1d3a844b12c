package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.handler.codec.http.HttpResponseStatus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code on-marked-down shutdown-sessions} and {@code observe layer7} with {@code error-limit} and
 * {@code on-error mark-down}: HAProxy 2.6 and Bascule on the same configuration close the same
 * sessions when the check marks their server DOWN, and take the same server out after the same
 * number of 500s.
 */
@Timeout(120)
final class HealthReactionsDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    /** A process under test: its ports, and what it reported so far on stderr. */
    private record Target(int[] ports, Supplier<String> events) {
    }

    @FunctionalInterface
    private interface Scenario {
        List<String> run(Target target) throws Exception;
    }

    @Test
    void sessionsOfAServerMarkedDownCloseAsHaproxys(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        try (TestOrigin killed = new TestOrigin("killed"); TestOrigin kept = new TestOrigin("kept");
             TestOrigin checked = new TestOrigin("checked"); RawServer silent = new RawServer(null)) {
            List<String>[] results = differential(temp, 3, ports -> String.join("\n",
                    "defaults", "    timeout client 10s", "    timeout server 10s", "    timeout connect 2s",
                    // a slow probe on a busy machine is no failure: only the 503s take the servers down
                    "    timeout check 5s",
                    "listen tcpkill", "    mode tcp", "    bind 127.0.0.1:" + ports[0], "    option httpchk GET /health",
                    "    default-server inter 200ms fall 1 rise 1 on-marked-down shutdown-sessions",
                    "    server s1 127.0.0.1:" + killed.port() + " check",
                    "listen tcpkeep", "    mode tcp", "    bind 127.0.0.1:" + ports[1], "    option httpchk GET /health",
                    "    server s1 127.0.0.1:" + kept.port() + " check inter 200ms fall 1 rise 1",
                    "listen httpkill", "    mode http", "    bind 127.0.0.1:" + ports[2],
                    "    option httpchk GET /health",
                    // the traffic to a server that never answers, the checks to an origin
                    "    server s1 127.0.0.1:" + silent.port() + " check port " + checked.port()
                            + " inter 200ms fall 1 rise 1 on-marked-down shutdown-sessions",
                    ""), target -> {
                        for (int port : target.ports()) {
                            CommandLineIT.awaitListening(port);
                        }
                        Socket tcpKilled = connect(target.ports()[0]);
                        Socket tcpKept = connect(target.ports()[1]);
                        Socket httpKilled = connect(target.ports()[2]);
                        try {
                            List<String> seen = new ArrayList<>();
                            seen.add("tcpkill " + exchange(tcpKilled) + ", tcpkeep " + exchange(tcpKept));
                            HttpProxyIT.send(httpKilled, "GET /slow HTTP/1.1\r\nHost: h\r\n\r\n");
                            silent.awaitRequests(silent.requests() + 1);
                            killed.health(HttpResponseStatus.SERVICE_UNAVAILABLE);
                            kept.health(HttpResponseStatus.SERVICE_UNAVAILABLE);
                            checked.health(HttpResponseStatus.SERVICE_UNAVAILABLE);
                            await(target.events(), "Server tcpkill/s1 is DOWN");
                            await(target.events(), "Server tcpkeep/s1 is DOWN");
                            await(target.events(), "Server httpkill/s1 is DOWN");
                            seen.add("tcpkill after DOWN: " + closedByProxy(tcpKilled));
                            // HTTP: the request waiting for the server gets a 502, the client's connection stays
                            seen.add("httpkill after DOWN: " + status(httpKilled) + ", then " + exchangeStatus(httpKilled));
                            // without the option the session stays and still carries traffic
                            seen.add("tcpkeep after DOWN: " + exchange(tcpKept));
                            return seen;
                        } finally {
                            killed.health(HttpResponseStatus.OK);
                            kept.health(HttpResponseStatus.OK);
                            checked.health(HttpResponseStatus.OK);
                            tcpKilled.close();
                            tcpKept.close();
                            httpKilled.close();
                        }
                    });
            assertThat(results[0]).containsExactly("tcpkill killed, tcpkeep kept", "tcpkill after DOWN: closed",
                    "httpkill after DOWN: 502, then 503", "tcpkeep after DOWN: kept");
            assertThat(results[1]).isEqualTo(results[0]);
        }
    }

    @Test
    void anActiveServerComingUpClosesTheBackupsSessionsAsHaproxys(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        try (TestOrigin active = new TestOrigin("active"); TestOrigin spare = new TestOrigin("spare")) {
            active.health(HttpResponseStatus.SERVICE_UNAVAILABLE);
            List<String>[] results = differential(temp, 1, ports -> String.join("\n",
                    "defaults", "    mode tcp", "    timeout client 10s", "    timeout server 10s",
                    "    timeout connect 2s", "    timeout check 5s",
                    "listen backupkill", "    bind 127.0.0.1:" + ports[0], "    option httpchk GET /health",
                    "    server s1 127.0.0.1:" + active.port()
                            + " check inter 200ms fall 1 rise 1 on-marked-up shutdown-backup-sessions",
                    "    server b1 127.0.0.1:" + spare.port() + " backup",
                    ""), target -> {
                        CommandLineIT.awaitListening(target.ports()[0]);
                        await(target.events(), "Server backupkill/s1 is DOWN");
                        List<String> seen = new ArrayList<>();
                        try (Socket onBackup = connect(target.ports()[0])) {
                            seen.add("while DOWN: " + exchange(onBackup));
                            active.health(HttpResponseStatus.OK);
                            await(target.events(), "Server backupkill/s1 is UP");
                            seen.add("backup session after UP: " + closedByProxy(onBackup));
                        } finally {
                            active.health(HttpResponseStatus.SERVICE_UNAVAILABLE);
                        }
                        try (Socket again = connect(target.ports()[0])) {
                            seen.add("new session: " + exchange(again));
                        }
                        return seen;
                    });
            assertThat(results[0]).containsExactly("while DOWN: spare", "backup session after UP: closed",
                    "new session: active");
            assertThat(results[1]).isEqualTo(results[0]);
        }
    }

    @Test
    void serverAnswering500sGoesDownAfterTheErrorLimitAsHaproxys(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        try (TestOrigin checked = new TestOrigin("checked"); TestOrigin good = new TestOrigin("good");
             RawServer failing = new RawServer("HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\n"
                     + "x-origin: failing\r\nconnection: close\r\n\r\n")) {
            List<String>[] results = differential(temp, 2, ports -> String.join("\n",
                    "defaults", "    mode http", "    timeout client 10s", "    timeout server 10s",
                    "    timeout connect 2s",
                    "listen l7", "    bind 127.0.0.1:" + ports[0], "    balance first",
                    "    option httpchk GET /health",
                    // checks pass (the origin), the traffic to s1 gets 500s
                    "    server s1 127.0.0.1:" + failing.port() + " check port " + checked.port()
                            + " inter 30s observe layer7 error-limit 3 on-error mark-down",
                    "    server s2 127.0.0.1:" + good.port() + " check inter 30s",
                    "listen stats", "    bind 127.0.0.1:" + ports[1], "    stats enable", "    stats uri /stats",
                    ""), target -> {
                        CommandLineIT.awaitListening(target.ports()[0]);
                        CommandLineIT.awaitListening(target.ports()[1]);
                        // a check that passes clears the error count: the traffic starts after the first one
                        awaitFirstCheck(target.ports()[1], "l7", "s1");
                        List<String> seen = new ArrayList<>();
                        StringBuilder before = new StringBuilder("before:");
                        for (int i = 0; i < 3; i++) {
                            before.append(' ').append(request(target.ports()[0]));
                        }
                        seen.add(before.toString());
                        // HAProxy counts the stream that saw the last error (1 session active), Bascule
                        // counts it when its check thread acts, maybe after the stream ended
                        seen.add(await(target.events(), "Server l7/s1 is DOWN")
                                .replaceFirst("\\d+ sessions active", "N sessions active"));
                        StringBuilder after = new StringBuilder("after:");
                        for (int i = 0; i < 4; i++) {
                            after.append(' ').append(request(target.ports()[0]));
                        }
                        seen.add(after.toString());
                        return seen;
                    });
            assertThat(results[0]).containsExactly("before: 500 failing 500 failing 500 failing",
                    "Server l7/s1 is DOWN, reason: Health analyze, info: \"Detected 3 consecutive errors, last one"
                            + " was: Wrong http response\". 1 active and 0 backup servers left. N sessions active,"
                            + " 0 requeued, 0 remaining in queue.",
                    "after: 200 good 200 good 200 good 200 good");
            assertThat(results[1]).isEqualTo(results[0]);
        }
    }

    /** The scenario on HAProxy, then on Bascule, each on fresh ports of the same configuration. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<String>[] differential(Path temp, int portCount,
                                               java.util.function.Function<int[], String> config, Scenario scenario)
            throws Exception {
        List<String>[] results = new List[2];
        int[] haproxyPorts = freePorts(portCount);
        Path file = Files.writeString(temp.resolve("haproxy.cfg"), config.apply(haproxyPorts));
        Path log = temp.resolve("haproxy.log");
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
            results[0] = scenario.run(new Target(haproxyPorts, events));
        } catch (IOException | AssertionError e) {
            throw new AssertionError("HAProxy's output:\n" + events.get(), e);
        } finally {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
        }
        int[] basculePorts = freePorts(portCount);
        try (Embedded bascule = Embedded.start(config.apply(basculePorts))) {
            Supplier<String> basculeEvents = () -> String.join("\n", bascule.events());
            try {
                results[1] = scenario.run(new Target(basculePorts, basculeEvents));
            } catch (IOException | AssertionError e) {
                throw new AssertionError("Bascule's events:\n" + basculeEvents.get(), e);
            }
        }
        return results;
    }

    private static int[] freePorts(int count) {
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            ports[i] = Embedded.freePort();
        }
        return ports;
    }

    /** Waits (bounded) for a line of {@code events} that contains {@code fragment}; returns it from the fragment on. */
    private static String await(Supplier<String> events, String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (String line : events.get().split("\n")) {
                int at = line.indexOf(fragment);
                if (at >= 0) {
                    return line.substring(at).strip();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no '" + fragment + "' in:\n" + events.get());
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** One keep-alive request on {@code socket}: the origin that answered. */
    private static String exchange(Socket socket) throws IOException {
        HttpProxyIT.send(socket, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        return origin(HttpProxyIT.readResponse(socket.getInputStream()));
    }

    /** The status of the next response on {@code socket}. */
    private static String status(Socket socket) throws IOException {
        return HttpProxyIT.readResponse(socket.getInputStream()).substring(9, 12);
    }

    /** One more request on {@code socket}: the status of its response. */
    private static String exchangeStatus(Socket socket) throws IOException {
        HttpProxyIT.send(socket, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        return status(socket);
    }

    /** Waits (bounded) until the stats page shows a first check result for {@code proxy/server}. */
    private static void awaitFirstCheck(int statsPort, String proxy, String server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String csv = "";
        while (System.nanoTime() < deadline) {
            try (Socket socket = connect(statsPort)) {
                HttpProxyIT.send(socket, "GET /stats;csv HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
                csv = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            }
            String body = csv.substring(csv.indexOf("# pxname") + 2);
            String[] lines = body.split("\n");
            List<String> header = List.of(lines[0].split(","));
            int column = header.indexOf("check_status");
            for (String line : lines) {
                String[] fields = line.split(",", -1);
                if (fields.length > column && fields[0].equals(proxy) && fields[1].equals(server)
                        && fields[column].startsWith("L")) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no check result for " + proxy + "/" + server + " in:\n" + csv);
    }

    /** A request on a connection of its own: the status and the origin that answered. */
    private static String request(int port) throws IOException {
        try (Socket socket = connect(port)) {
            HttpProxyIT.send(socket, "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
            String response = HttpProxyIT.readResponse(socket.getInputStream());
            return response.substring(9, 12) + " " + origin(response);
        }
    }

    private static String origin(String response) {
        for (String line : response.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("x-origin:")) {
                return line.substring("x-origin:".length()).trim();
            }
        }
        return "?";
    }

    /** Whether the proxy closed the client's connection (end of stream or reset) before the read timeout. */
    private static String closedByProxy(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            byte[] buffer = new byte[4096];
            int read;
            StringBuilder got = new StringBuilder();
            while ((read = in.read(buffer)) >= 0) {
                got.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            }
            return got.isEmpty() ? "closed" : "closed after " + got.toString().split("\r\n")[0];
        } catch (SocketTimeoutException e) {
            return "still open";
        } catch (IOException e) {
            return "closed";
        }
    }

    /**
     * A server on 127.0.0.1 that reads each request head and answers {@code answer} then closes, or
     * never answers ({@code null}) and keeps the connection until the peer closes it.
     */
    private static final class RawServer implements AutoCloseable {
        private final ServerSocket listener;
        private final String answer;
        private final List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

        RawServer(String answer) throws IOException {
            this.answer = answer;
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "raw-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        int requests() {
            return requests.get();
        }

        void awaitRequests(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (requests.get() < count && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(requests.get()).as("requests received").isGreaterThanOrEqualTo(count);
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    accepted.add(socket);
                    Thread serve = new Thread(() -> serve(socket), "raw-server-connection");
                    serve.setDaemon(true);
                    serve.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket socket) {
            try (socket) {
                InputStream in = socket.getInputStream();
                int matched = 0;
                int b;
                while ((b = in.read()) >= 0) {
                    matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1
                            || matched == 3)) ? matched + 1 : 0;
                    if (matched == 4) {
                        requests.incrementAndGet();
                        matched = 0;
                        if (answer != null) {
                            socket.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                            socket.getOutputStream().flush();
                            return;
                        }
                    }
                }
            } catch (IOException e) {
                // the peer went away
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }
}
