package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ServerRuntime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server {@code maxconn} and its queues on the real HAProxy and on Bascule, same config, same
 * traffic, same assertions: under load no server ever serves more than its {@code maxconn} at
 * once and no request is lost; {@code timeout queue} answers 503 logged {@code sQ}; a full
 * {@code maxqueue} answers 503 logged {@code SQ}. Bascule's slots and queues are all back to 0 after.
 */
@Timeout(180)
final class QueueDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final int CLIENTS = 200;

    /**
     * An HTTP/1.1 origin that counts the requests it serves at once; {@code /slow} takes a second,
     * others 50 ms. It closes after a request that says {@code Connection: close}.
     */
    private static final class CountingOrigin implements AutoCloseable {
        final ServerSocket socket;
        final ExecutorService threads = Executors.newCachedThreadPool();
        final AtomicInteger current = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final AtomicInteger served = new AtomicInteger();

        CountingOrigin() throws IOException {
            socket = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
            threads.execute(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        threads.execute(() -> serve(connection));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        void reset() {
            peak.set(0);
            served.set(0);
        }

        private void serve(Socket connection) {
            try (connection) {
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                String head;
                while ((head = readHead(in)) != null) {
                    int now = current.incrementAndGet();
                    peak.accumulateAndGet(now, Math::max);
                    Thread.sleep(head.startsWith("GET /slow") ? 1_000 : 50);
                    served.incrementAndGet();
                    // uncounted before the answer leaves: the proxy frees the slot only once it has it
                    current.decrementAndGet();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    if (head.toLowerCase(java.util.Locale.ROOT).contains("connection: close")) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException gone) {
                // the proxy closed the connection
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            threads.shutdownNow();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static String config(int[] ports, int fast1, int fast2, int slow, int slow2, int tcp, int syslog) {
        return String.join("\n",
                "global",
                "    log 127.0.0.1:" + syslog + " local0",
                "defaults",
                "    mode http",
                "    log global",
                "    option httplog",
                "    timeout connect 5s",
                "    timeout client 30s",
                "    timeout server 30s",
                "listen load",
                "    bind 127.0.0.1:" + ports[0],
                "    timeout queue 60s",
                "    server s1 127.0.0.1:" + fast1 + " maxconn 2",
                "    server s2 127.0.0.1:" + fast2 + " maxconn 2",
                "listen expiring",
                "    bind 127.0.0.1:" + ports[1],
                "    timeout queue 200ms",
                "    server s1 127.0.0.1:" + slow + " maxconn 1",
                "listen bounded",
                "    bind 127.0.0.1:" + ports[2],
                // a hash binds the request to its server: it waits in the server's queue, which maxqueue bounds
                "    balance uri",
                "    timeout queue 10s",
                "    server s1 127.0.0.1:" + slow2 + " maxconn 1 maxqueue 1",
                // TCP: a session holds its slot until it ends
                "listen sessions",
                "    mode tcp",
                "    option tcplog",
                "    bind 127.0.0.1:" + ports[3],
                "    timeout queue 300ms",
                "    server s1 127.0.0.1:" + tcp + " maxconn 1",
                // persistence: a full server queue sends the request to balancing with option redispatch
                "listen persist",
                "    bind 127.0.0.1:" + ports[4],
                "    cookie SRV",
                "    option redispatch",
                "    timeout queue 10s",
                "    server s1 127.0.0.1:" + slow2 + " maxconn 1 maxqueue 1 cookie a",
                "    server s2 127.0.0.1:" + tcp + " cookie b",
                // the queue and slot fetches, read while a request is served and another waits in 'bounded'
                "listen metrics",
                "    bind 127.0.0.1:" + ports[5],
                "    http-request return status 200 content-type text/plain lf-string \"%[srv_queue(bounded/s1)]"
                        + " %[queue(bounded)] %[avg_queue(bounded)] %[connslots(bounded)] %[be_conn_free(bounded)]"
                        + " %[srv_conn_free(bounded/s1)] | %[srv_queue(load/s1)] %[queue(load)] %[avg_queue(load)]"
                        + " %[connslots(load)] %[be_conn_free(load)] %[srv_conn_free(load/s2)]\"",
                "");
    }

    /** What a run saw: the answers, the peaks, and the log fields of the refused requests. */
    private record Outcome(int ok, int peak1, int peak2, int served, Map<String, String> answers,
                           Map<String, String> logs) {
    }

    @Test
    void queuesBehaveAsHaproxys(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        try (CountingOrigin fast1 = new CountingOrigin();
             CountingOrigin fast2 = new CountingOrigin();
             CountingOrigin slow = new CountingOrigin();
             CountingOrigin slow2 = new CountingOrigin();
             CountingOrigin tcp = new CountingOrigin();
             DatagramSocket syslog = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int[] haproxyPorts = ports();
            Path config = temp.resolve("haproxy.cfg");
            Files.writeString(config, config(haproxyPorts, fast1.port(), fast2.port(), slow.port(), slow2.port(),
                    tcp.port(), syslog.getLocalPort()));
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            Outcome expected;
            try {
                for (int port : haproxyPorts) {
                    CommandLineIT.awaitListening(port);
                }
                drain(syslog);
                expected = run(haproxyPorts, fast1, fast2, slow, slow2, tcp, syslog);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            for (CountingOrigin origin : List.of(fast1, fast2, slow, slow2, tcp)) {
                origin.reset();
            }
            int[] basculePorts = ports();
            Outcome actual;
            try (Embedded bascule = Embedded.start(config(basculePorts, fast1.port(), fast2.port(), slow.port(),
                    slow2.port(), tcp.port(), syslog.getLocalPort()))) {
                for (int port : basculePorts) {
                    CommandLineIT.awaitListening(port);
                }
                drain(syslog);
                actual = run(basculePorts, fast1, fast2, slow, slow2, tcp, syslog);
                assertEverySlotGivenBack(bascule);
            }
            for (Outcome outcome : List.of(expected, actual)) {
                assertThat(outcome.ok()).as("answered 200 of %d", CLIENTS).isEqualTo(CLIENTS);
                assertThat(outcome.served()).as("requests the servers saw").isEqualTo(CLIENTS);
                assertThat(outcome.peak1()).as("s1 at once").isLessThanOrEqualTo(2);
                assertThat(outcome.peak2()).as("s2 at once").isLessThanOrEqualTo(2);
                // roundrobin passes the full server over: the request waits in the backend queue
                assertThat(outcome.logs().get("expired")).isEqualTo("<NOSRV> waited/-1/-1 503 sQ-- 0/1");
                assertThat(outcome.logs().get("refused")).startsWith("s1 -1/-1/-1 503 SQ--");
                assertThat(outcome.logs().get("tcp expired")).startsWith("<NOSRV> waited/-1 sQ");
                assertThat(outcome.answers().get("tcp later")).startsWith("HTTP/1.1 200");
                assertThat(outcome.logs().get("redispatched")).isEqualTo("s2 200 -- 0/0");
                assertThat(outcome.answers().get("redispatched")).startsWith("HTTP/1.1 200");
                assertThat(outcome.answers().get("metrics")).isEqualTo("1 1 1 0 0 0 | 0 0 0 -1 4 2");
            }
            assertThat(actual.answers()).isEqualTo(expected.answers());
            assertThat(actual.logs()).isEqualTo(expected.logs());
        }
    }

    private static void assertEverySlotGivenBack(Embedded bascule) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            int busy = 0;
            for (BackendRuntime backend : bascule.runtime().backends()) {
                for (ServerRuntime server : backend.servers()) {
                    busy += server.inflight() + server.queueLength();
                }
                busy += backend.queues() == null ? 0 : backend.queues().length();
            }
            if (busy == 0) {
                return;
            }
            assertThat(System.nanoTime()).as("slots or queue places still held: %d", busy).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static Outcome run(int[] ports, CountingOrigin fast1, CountingOrigin fast2, CountingOrigin slow,
                               CountingOrigin slow2, CountingOrigin tcp, DatagramSocket syslog) throws Exception {
        // 200 clients at once on two servers of maxconn 2
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        int ok = 0;
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                answers.add(clients.submit(() -> {
                    start.await();
                    return exchange(ports[0], "GET /load HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
                }));
            }
            start.countDown();
            for (Future<String> answer : answers) {
                if (answer.get(120, TimeUnit.SECONDS).startsWith("HTTP/1.1 200")) {
                    ok++;
                }
            }
        } finally {
            clients.shutdownNow();
        }
        drain(syslog);
        Map<String, String> answers = new TreeMap<>();
        Map<String, String> logs = new TreeMap<>();
        // timeout queue: the second request waits behind a slow one and expires
        ExecutorService background = Executors.newFixedThreadPool(2);
        try {
            Future<String> first = background.submit(() -> exchange(ports[1],
                    "GET /slow HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"));
            awaitBusy(slow);
            answers.put("expired", exchange(ports[1], "GET /expired HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"));
            answers.put("expired first", first.get(30, TimeUnit.SECONDS));
            logs.put("expired", logFields(syslog, "/expired", 2));
            // maxqueue 1: one waits, the next is refused at once
            Future<String> holder = background.submit(() -> exchange(ports[2],
                    "GET /slow HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"));
            awaitBusy(slow2);
            Future<String> waiting = background.submit(() -> exchange(ports[2],
                    "GET /waiting HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"));
            Thread.sleep(200);
            String metrics = exchange(ports[5], "GET /metrics HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
            answers.put("metrics", metrics.substring(metrics.indexOf("\r\n\r\n") + 4));
            answers.put("refused", exchange(ports[2], "GET /refused HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"));
            answers.put("refused holder", holder.get(30, TimeUnit.SECONDS));
            answers.put("refused waiting", waiting.get(30, TimeUnit.SECONDS));
            logs.put("refused", logFields(syslog, "/refused", 3));
            // TCP: a first session holds the only slot; a second expires in the queue, a third gets the
            // slot when the first ends
            try (Socket session = new Socket()) {
                session.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports[3]), 10_000);
                session.setSoTimeout(30_000);
                session.getOutputStream().write("GET /tcp HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                awaitBusy(tcp);
                answers.put("tcp session", new String(session.getInputStream().readNBytes(40), StandardCharsets.ISO_8859_1));
                answers.put("tcp expired", exchange(ports[3], "GET /tcp-expired HTTP/1.1\r\nHost: h\r\n\r\n"));
                Future<String> later = background.submit(() -> exchange(ports[3],
                        "GET /tcp-later HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"));
                Thread.sleep(100);
                session.close();
                // the origin answers a keep-alive request and waits for more: the proxy closes it when done
                answers.put("tcp later", later.get(30, TimeUnit.SECONDS).substring(0, 12));
            }
            List<String> tcpLines = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                tcpLines.add(receive(syslog));
            }
            logs.put("tcp expired", tcpFields(tcpLines.stream().filter(line -> line.contains(" sQ "))
                    .findFirst().orElse(tcpLines.toString())));
            drain(syslog);
            // a persistent request finds its server's queue full: option redispatch balances it elsewhere
            String cookie = "Host: h\r\nCookie: SRV=a\r\nConnection: close\r\n\r\n";
            Future<String> busy = background.submit(() -> exchange(ports[4], "GET /slow HTTP/1.1\r\n" + cookie));
            awaitBusy(slow2);
            Future<String> queued = background.submit(() -> exchange(ports[4], "GET /queued HTTP/1.1\r\n" + cookie));
            Thread.sleep(200);
            answers.put("redispatched", exchange(ports[4], "GET /redispatched HTTP/1.1\r\n" + cookie));
            answers.put("redispatched busy", busy.get(30, TimeUnit.SECONDS));
            answers.put("redispatched queued", queued.get(30, TimeUnit.SECONDS));
            String line = logFields(syslog, "/redispatched", 3);
            // the server, the status and the termination state (HAProxy logs no cookie flags for a
            // passive 'cookie SRV', a matter of persistence, not of queues)
            String[] fields = line.split(" ");
            logs.put("redispatched", fields[0] + " " + fields[2] + " " + fields[3].substring(0, 2) + " " + fields[4]);
        } finally {
            background.shutdownNow();
        }
        return new Outcome(ok, fast1.peak.get(), fast2.peak.get(), fast1.served.get() + fast2.served.get(),
                answers, logs);
    }

    private static void awaitBusy(CountingOrigin origin) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (origin.current.get() == 0) {
            assertThat(System.nanoTime()).as("the slow request reached the server").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** A request on a new connection, its whole answer (the connection closes after it), headers lower-cased. */
    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int start = answer.indexOf("\r\n");
            int end = answer.indexOf("\r\n\r\n");
            return start < 0 || end < 0 ? answer : answer.substring(0, start)
                    + answer.substring(start, end).toLowerCase(java.util.Locale.ROOT) + answer.substring(end);
        }
    }

    // %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq
    private static final Pattern HTTPLOG = Pattern.compile(" \\w+/(\\S+) (-?\\d+)/(-?\\d+)/(-?\\d+)/(-?\\d+)/(-?\\d+)"
            + " (\\d+) \\d+ \\S+ \\S+ (\\S{4}) \\d+/\\d+/\\d+/\\d+/\\+?\\d+ (\\d+)/(\\d+) ");

    /**
     * The fields of the line logged for {@code path} that both proxies must agree on: the server,
     * whether the request waited (a queue time above 100 ms), %Tc/%Tr, the status, the
     * termination flags and the queue positions.
     */
    private static String logFields(DatagramSocket syslog, String path, int lines) throws IOException {
        List<String> received = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            received.add(receive(syslog));
        }
        for (String line : received) {
            if (line.contains("GET " + path + " ")) {
                Matcher m = HTTPLOG.matcher(line);
                assertThat(m.find()).as("an httplog line: %s", line).isTrue();
                long waited = Long.parseLong(m.group(3));
                String wait = waited < 0 ? "-1" : waited >= 100 ? "waited" : "short(" + waited + ")";
                return m.group(1) + " " + wait + "/" + m.group(4) + "/" + m.group(5) + " " + m.group(7) + " "
                        + m.group(8) + " " + m.group(9) + "/" + m.group(10);
            }
        }
        throw new AssertionError("no line for " + path + " in " + received);
    }

    // %b/%s %Tw/%Tc/%Tt %B %ts %ac/%fc/%bc/%sc/%rc %sq/%bq
    private static final Pattern TCPLOG = Pattern.compile(" \\w+/(\\S+) (-?\\d+)/(-?\\d+)/\\+?(-?\\d+) \\+?\\d+"
            + " (\\S{2}) \\d+/\\d+/\\d+/\\d+/\\+?\\d+ (\\d+)/(\\d+)");

    private static String tcpFields(String line) {
        Matcher m = TCPLOG.matcher(line);
        assertThat(m.find()).as("a tcplog line: %s", line).isTrue();
        long waited = Long.parseLong(m.group(2));
        String wait = waited < 0 ? "-1" : waited >= 200 ? "waited" : "short(" + waited + ")";
        return m.group(1) + " " + wait + "/" + m.group(3) + " " + m.group(5) + " " + m.group(6) + "/" + m.group(7);
    }

    private static int[] ports() {
        return java.util.stream.IntStream.generate(Embedded::freePort).distinct().limit(6).toArray();
    }

    private static void drain(DatagramSocket socket) throws IOException {
        socket.setSoTimeout(1_000);
        try {
            while (true) {
                receive(socket);
            }
        } catch (SocketTimeoutException quiet) {
            socket.setSoTimeout(20_000);
        }
    }

    private static String receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
        socket.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.ISO_8859_1);
    }
}
