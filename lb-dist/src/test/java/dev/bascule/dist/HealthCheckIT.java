package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.handler.codec.http.HttpResponseStatus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Health checks and failover end to end: a real Bascule in this JVM, real origins that are
 * killed and restarted, a real HTTP client. Waits for state changes with generous deadlines;
 * the time a transition took is printed, never asserted.
 */
@Timeout(120)
final class HealthCheckIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private static String config(int port, String backend) {
        return String.join("\n",
                "defaults",
                "    mode http",
                "    timeout connect 1s",
                "    timeout client 10s",
                "    timeout server 10s",
                "    timeout check 2s",
                "frontend fe",
                "    bind 127.0.0.1:" + port,
                "    default_backend be",
                "backend be",
                backend,
                "");
    }

    @Test
    void aKilledServerGoesDownWithoutLosingARequestThenComesBackUp() throws Exception {
        int port = Embedded.freePort();
        TestOrigin o1 = new TestOrigin("o1");
        TestOrigin o2 = new TestOrigin("o2");
        TestOrigin o3 = new TestOrigin("o3");
        int o2Port = o2.port();
        String backend = String.join("\n",
                "    retries 3",
                "    option redispatch",
                "    default-server check inter 200 fall 2 rise 2",
                "    server o1 127.0.0.1:" + o1.port(),
                "    server o2 127.0.0.1:" + o2Port,
                "    server o3 127.0.0.1:" + o3.port());
        List<TestOrigin> origins = new ArrayList<>(List.of(o1, o3));
        try (Embedded proxy = Embedded.start(config(port, backend))) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            assertThat(servedBy(proxy, client, port, 30)).containsExactlyInAnyOrder("o1", "o2", "o3");

            // requests keep flowing while o2 dies: none may fail
            List<String> outcomes = new ArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread load = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        outcomes.add(String.valueOf(get(client, port).statusCode()));
                    } catch (AssertionError e) {
                        outcomes.add(e.getCause().toString());
                    }
                }
            }, "load");
            load.start();
            Thread.sleep(300);
            long killed = System.nanoTime();
            o2.close();
            await(proxy, event -> event.startsWith("[WARNING] Server be/o2 is DOWN, reason: Layer4 connection problem,"
                    + " info: \"Connection refused\", check duration: "));
            System.out.printf("HealthCheckIT: o2 marked DOWN %d ms after it was killed (fall 2 x inter 200ms)%n",
                    (System.nanoTime() - killed) / 1_000_000);
            Thread.sleep(300);
            stop.set(true);
            load.join();
            assertThat(outcomes).isNotEmpty().allMatch(outcome -> outcome.equals("200"));
            System.out.printf("HealthCheckIT: %d requests while o2 died, all answered 200%n", outcomes.size());
            assertThat(proxy.events()).anyMatch(event -> event.matches(
                    ".*ms\\. 2 active and 0 backup servers left\\. \\d+ sessions active, 0 requeued, 0 remaining in queue\\."));
            assertThat(servedBy(proxy, client, port, 30)).containsExactlyInAnyOrder("o1", "o3");

            TestOrigin restarted = new TestOrigin("o2", o2Port);
            origins.add(restarted);
            long started = System.nanoTime();
            await(proxy, event -> event.startsWith("[WARNING] Server be/o2 is UP, reason: Layer4 check passed"));
            System.out.printf("HealthCheckIT: o2 back UP %d ms after its restart (rise 2 x inter 200ms)%n",
                    (System.nanoTime() - started) / 1_000_000);
            assertThat(proxy.events()).last().asString().endsWith(
                    ". 3 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.");
            assertThat(servedBy(proxy, client, port, 30)).containsExactlyInAnyOrder("o1", "o2", "o3");
        } finally {
            origins.forEach(TestOrigin::close);
        }
    }

    @Test
    void theFirstBackupTakesOverWhenEveryActiveServerIsDownAndThenNoServerMeans503() throws Exception {
        int port = Embedded.freePort();
        TestOrigin active = new TestOrigin("active");
        TestOrigin spare1 = new TestOrigin("spare1");
        TestOrigin spare2 = new TestOrigin("spare2");
        String backend = String.join("\n",
                "    default-server check inter 100 fall 1 rise 1",
                "    server active 127.0.0.1:" + active.port(),
                "    server spare1 127.0.0.1:" + spare1.port() + " backup",
                "    server spare2 127.0.0.1:" + spare2.port() + " backup");
        try (Embedded proxy = Embedded.start(config(port, backend))) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            assertThat(servedBy(proxy, client, port, 10)).containsExactly("active");

            active.close();
            await(proxy, event -> event.equals("[WARNING] Server be/active is DOWN, reason: Layer4 connection problem,"
                    + " info: \"Connection refused\", check duration: " + durationOf(event) + "ms. 0 active and 2"
                    + " backup servers left. Running on backup. 0 sessions active, 0 requeued, 0 remaining in queue."));
            assertThat(servedBy(proxy, client, port, 10)).containsExactly("spare1");

            spare1.close();
            spare2.close();
            await(proxy, event -> event.equals("[ALERT] backend 'be' has no server available!"));
            HttpResponse<String> response = get(client, port);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("No server is available to handle this request.");
        } finally {
            active.close();
            spare1.close();
            spare2.close();
        }
    }

    /**
     * {@code http-check} rules without {@code option httpchk}: HAProxy 2.6 warns that it ignores
     * them and its check stays a layer-4 connect. A server that accepts connections and never
     * answers goes UP on "Layer4 check passed" (an HTTP check would time out), in Bascule as in
     * {@code /usr/sbin/haproxy} on the same configuration.
     */
    @Test
    void httpCheckRulesWithoutHttpchkLeaveTheLayer4Check(@TempDir Path temp) throws Exception {
        String down = "[WARNING] Server be/s1 is DOWN, reason: Layer4 connection problem";
        String up = "[WARNING] Server be/s1 is UP, reason: Layer4 check passed";
        int serverPort = Embedded.freePort();
        String backend = String.join("\n",
                "    http-check send meth GET uri /health",
                "    http-check expect status 200",
                "    server s1 127.0.0.1:" + serverPort + " check inter 100 fall 1 rise 1");
        try (Embedded proxy = Embedded.start(config(Embedded.freePort(), backend))) {
            await(proxy, event -> event.startsWith(down));
            try (ServerSocket silent = new ServerSocket(serverPort, 1000, InetAddress.getLoopbackAddress())) {
                await(proxy, event -> event.startsWith(up));
            }
        }
        Path haproxy = Path.of("/usr/sbin/haproxy");
        assumeTrue(Files.isExecutable(haproxy), "HAProxy is not installed");
        Path config = Files.writeString(temp.resolve("haproxy.cfg"), config(Embedded.freePort(), backend));
        Path log = temp.resolve("haproxy.log");
        Process process = new ProcessBuilder(haproxy.toString(), "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitTrue(() -> haproxyLogged(log, down), "DOWN in " + log);
            try (ServerSocket silent = new ServerSocket(serverPort, 1000, InetAddress.getLoopbackAddress())) {
                awaitTrue(() -> haproxyLogged(log, up), "UP in " + log);
            }
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(log)).contains("[WARNING]", " : config : backend 'be' uses http-check rules"
                + " without 'option httpchk', so the rules are ignored.");
    }

    /** Whether a line of HAProxy's log reads {@code expected} once its pid is taken out. */
    private static boolean haproxyLogged(Path log, String expected) {
        try {
            return Files.readAllLines(log).stream().map(line -> line.replaceFirst("^(\\[\\w+\\])\\s+\\(\\d+\\) : ",
                    "$1 ")).anyMatch(line -> line.startsWith(expected));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void httpchkWithExpectStatusTakesOutAServerThatAnswersTheWrongStatus() throws Exception {
        int port = Embedded.freePort();
        try (TestOrigin ok = new TestOrigin("ok"); TestOrigin sick = new TestOrigin("sick")) {
            String backend = String.join("\n",
                    "    option httpchk GET /health",
                    "    http-check expect status 200",
                    "    default-server check inter 100 fall 1 rise 1",
                    "    server ok 127.0.0.1:" + ok.port(),
                    "    server sick 127.0.0.1:" + sick.port());
            try (Embedded proxy = Embedded.start(config(port, backend))) {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                assertThat(servedBy(proxy, client, port, 10)).containsExactlyInAnyOrder("ok", "sick");
                awaitTrue(() -> sick.requestLines().contains("GET /health HTTP/1.0"), "a check on /health");

                sick.health(HttpResponseStatus.SERVICE_UNAVAILABLE);
                await(proxy, event -> event.startsWith("[WARNING] Server be/sick is DOWN, reason: Layer7 wrong status,"
                        + " code: 503, info: \"Service Unavailable\", check duration: "));
                assertThat(servedBy(proxy, client, port, 10)).containsExactly("ok");

                sick.health(HttpResponseStatus.OK);
                await(proxy, event -> event.startsWith("[WARNING] Server be/sick is UP, reason: Layer7 check passed,"
                        + " code: 200, check duration: "));
                assertThat(servedBy(proxy, client, port, 10)).containsExactlyInAnyOrder("ok", "sick");
            }
        }
    }

    @Test
    void inTcpModeConnectionsSkipADownServer() throws Exception {
        int port = Embedded.freePort();
        try (TestOrigin alive = new TestOrigin("alive"); TestOrigin doomed = new TestOrigin("doomed")) {
            String config = String.join("\n",
                    "defaults",
                    "    mode tcp",
                    "    timeout connect 1s",
                    "    timeout client 10s",
                    "    timeout server 10s",
                    "listen px",
                    "    bind 127.0.0.1:" + port,
                    "    default-server check inter 100 fall 1 rise 1",
                    "    server alive 127.0.0.1:" + alive.port(),
                    "    server doomed 127.0.0.1:" + doomed.port(),
                    "");
            try (Embedded proxy = Embedded.start(config)) {
                doomed.close();
                await(proxy, event -> event.startsWith("[WARNING] Server px/doomed is DOWN, reason: Layer4 connection"
                        + " problem, info: \"Connection refused\""));
                Set<String> origins = new HashSet<>();
                for (int i = 0; i < 10; i++) {
                    // a new TCP connection each time: each one is balanced
                    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                        socket.setSoTimeout(10_000);
                        socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                        assertThat(response).startsWith("HTTP/1.1 200 OK");
                        origins.add(response.replaceAll("(?s).*x-origin: (\\w+).*", "$1"));
                    }
                }
                assertThat(origins).containsExactly("alive");
            }
        }
    }

    private static String durationOf(String event) {
        int start = event.indexOf("check duration: ");
        if (start < 0) {
            return "?";
        }
        start += "check duration: ".length();
        return event.substring(start, event.indexOf("ms", start));
    }

    private static Set<String> servedBy(Embedded proxy, HttpClient client, int port, int requests) {
        Set<String> origins = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = get(client, port);
            assertThat(response.statusCode()).as("events: %s", proxy.events()).isEqualTo(200);
            origins.add(response.headers().firstValue("x-origin").orElseThrow());
        }
        System.out.println("HealthCheckIT: served by " + origins + "; events so far: " + proxy.events());
        return origins;
    }

    private static HttpResponse<String> get(HttpClient client, int port) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("request failed", e);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + DEADLINE);
            }
            Thread.sleep(20);
        }
    }

    private static void await(Embedded proxy, Predicate<String> event) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (proxy.events().stream().anyMatch(event)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no such event within " + DEADLINE + "; events: " + proxy.events());
    }
}
