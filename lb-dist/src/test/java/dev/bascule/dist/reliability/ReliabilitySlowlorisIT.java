package dev.bascule.dist.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.dist.reliability.ProxyProcess.Kind;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Slowloris: {@value #SLOW} connections each send a request head one byte a second, while a few
 * normal clients go on with their GETs. The normal clients must all be served within
 * {@code timeout http-request} (their 99th percentile latency is only printed), and every slow
 * connection must get HAProxy's answer: 408 once {@code timeout http-request 5s} has passed, then
 * the close.
 */
@Timeout(120)
final class ReliabilitySlowlorisIT {
    private static final int SLOW = 500;
    private static final int REQUEST_TIMEOUT_MILLIS = 5_000;
    private static final Duration NORMAL_LOAD = Duration.ofSeconds(8);

    record Outcome(Tally served, long p99Millis, Map<String, Integer> slow, long leaks, String summary) {
        String figure() {
            return served.figure() + " normal (p99 " + p99Millis + " ms), slow " + slow;
        }
    }

    @Test
    void slowHeadersTimeOutAndNormalClientsAreServed(@TempDir Path temp) throws Exception {
        Map<Kind, Outcome> outcomes = new EnumMap<>(Kind.class);
        try (Nginx nginx = Nginx.start(Files.createDirectories(temp.resolve("nginx")), 1,
                "location / { return 200 \"ok\\n\"; }")) {
            for (Kind kind : ProxyProcess.BOTH) {
                outcomes.put(kind, run(kind, temp, nginx));
            }
        }
        Outcome haproxy = outcomes.get(Kind.HAPROXY);
        Outcome bascule = outcomes.get(Kind.BASCULE);
        System.out.printf("reliability slowloris: bascule %s; haproxy %s; leaks %d%n", bascule.figure(),
                haproxy.figure(), bascule.leaks());
        assertThat(haproxy.served().failed()).as("HAProxy's failures: %s", haproxy.served().reasons()).isZero();
        assertThat(bascule.served().failed()).as("Bascule's normal requests not answered within %d ms: %s",
                REQUEST_TIMEOUT_MILLIS, bascule.served().reasons()).isZero();
        assertThat(haproxy.slow().keySet()).as("HAProxy's answers to the slow connections (the test's own sanity)")
                .allMatch(outcome -> outcome.startsWith("HTTP/1.1 408 ") && outcome.endsWith("then closed"));
        assertThat(bascule.slow()).as("Bascule's answers to the slow connections").isEqualTo(haproxy.slow());
        assertThat(bascule.leaks()).as("LEAK lines in Bascule's output:%n%s", bascule.summary()).isZero();
    }

    private static Outcome run(Kind kind, Path temp, Nginx nginx) throws Exception {
        int port = Ports.free();
        String config = ProxyConfig.http(port, List.of("timeout http-request " + REQUEST_TIMEOUT_MILLIS + "ms"),
                List.of(), nginx.ports());
        Tally served = new Tally();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        ProxyProcess proxy = ProxyProcess.start(kind, temp, config, port);
        Map<String, Integer> slow;
        try (Slowloris slowloris = Slowloris.open(port, SLOW)) {
            AtomicReference<Throwable> dripFailure = new AtomicReference<>();
            Thread drip = new Thread(() -> {
                try {
                    slowloris.drip(Duration.ofMillis(3L * REQUEST_TIMEOUT_MILLIS));
                } catch (Throwable t) {
                    dripFailure.set(t);
                }
            }, "slowloris");
            drip.start();
            List<Load.Client> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clients.add(new TimedGetter(port, i > 0, served, latencies));
            }
            Load.run(NORMAL_LOAD, clients);
            drip.join(60_000);
            assertThat(dripFailure.get()).isNull();
            slow = slowloris.outcomes();
            AfterLoad.answer(proxy, port, "/");
        } finally {
            proxy.close();
        }
        List<Long> sorted = latencies.stream().sorted().toList();
        long p99 = sorted.isEmpty() ? -1 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1));
        return new Outcome(served, p99, slow, proxy.leaks(), proxy.summary(12));
    }

    /** {@code GET /}, each with close or all on one keep-alive connection; records each latency, in ms. */
    private static final class TimedGetter implements Load.Client {
        private final KeptConnection connection;
        private final boolean close;
        private final Tally tally;
        private final ConcurrentLinkedQueue<Long> latencies;

        TimedGetter(int port, boolean close, Tally tally, ConcurrentLinkedQueue<Long> latencies) {
            this.connection = new KeptConnection(port, REQUEST_TIMEOUT_MILLIS);
            this.close = close;
            this.tally = tally;
            this.latencies = latencies;
        }

        @Override
        public void once() {
            long start = System.nanoTime();
            try {
                HttpConnection kept = connection.get();
                kept.send(HttpConnection.get("/", close));
                HttpConnection.Response response = kept.read();
                latencies.add((System.nanoTime() - start) / 1_000_000);
                if (response.status() == 200 && response.complete()) {
                    tally.success();
                } else {
                    tally.failure(response.toString());
                }
                connection.after(response, close);
            } catch (IOException e) {
                tally.failure((close ? "close: " : "keep-alive: ") + e);
                connection.drop();
            }
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
