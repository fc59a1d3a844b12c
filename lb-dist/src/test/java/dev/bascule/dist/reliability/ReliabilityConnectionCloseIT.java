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
import java.util.Set;

/**
 * Clients that each send one request per connection with {@code Connection: close}, many at
 * once, to a backend of three nginx servers. HAProxy passes the close on to the server, so the
 * servers hold about one connection per client in flight; a proxy that keeps each server
 * connection open for reuse, but opens a new one per client, piles them up (nginx keeps an idle
 * connection 75 s).
 */
@Timeout(120)
final class ReliabilityConnectionCloseIT {
    private static final Duration LOAD = Duration.ofSeconds(5);
    private static final int CLIENTS = 20;
    /**
     * The most connections the servers may hold at once: three per client. HAProxy 2.6 held 35 to
     * 46 at most under this load (about 24 of them idle; the sampling also sees connections nginx
     * has not yet closed or accepted), and about 70 under 50 such clients; Bascule 29 to 38 since
     * it bounds its idle connections as HAProxy does (before: one per request, 7696).
     */
    private static final int BOUND = 3 * CLIENTS;

    record Outcome(Tally served, long peak, int atEnd, int secondLater, long leaks, String summary) {
        String figure() {
            return served.figure() + ", server connections " + peak + " at most, " + atEnd + " at the end, "
                    + secondLater + " a second later";
        }
    }

    @Test
    void closeFromTheClientReachesTheServer(@TempDir Path temp) throws Exception {
        Map<Kind, Outcome> outcomes = new EnumMap<>(Kind.class);
        try (Nginx nginx = Nginx.start(Files.createDirectories(temp.resolve("nginx")), 3,
                "location / { return 200 \"ok\\n\"; }")) {
            for (Kind kind : ProxyProcess.BOTH) {
                outcomes.put(kind, run(kind, temp, nginx));
            }
        }
        Outcome haproxy = outcomes.get(Kind.HAPROXY);
        Outcome bascule = outcomes.get(Kind.BASCULE);
        System.out.printf("reliability connection-close: bascule %s; haproxy %s; bound %d; leaks %d%n",
                bascule.figure(), haproxy.figure(), BOUND, bascule.leaks());
        assertThat(haproxy.served().failed()).as("HAProxy's failures: %s", haproxy.served().reasons()).isZero();
        // the test's own sanity: HAProxy stays in the bound's order (its sampled peak varies from run to
        // run: 35 to 46 usually, once 77 in a CI run, counting connections nginx had not closed yet)
        assertThat(haproxy.peak()).as("HAProxy's server connections (the test's own sanity)")
                .isLessThanOrEqualTo(2L * BOUND);
        assertThat(bascule.served().failed()).as("Bascule's failures: %s", bascule.served().reasons()).isZero();
        assertThat(bascule.peak()).as("connections Bascule holds to the servers at most, for %d close clients",
                CLIENTS).isLessThanOrEqualTo(BOUND);
        assertThat(bascule.secondLater()).as("connections Bascule holds to the servers a second after the load")
                .isLessThanOrEqualTo(BOUND);
        assertThat(bascule.leaks()).as("LEAK lines in Bascule's output:%n%s", bascule.summary()).isZero();
    }

    private static Outcome run(Kind kind, Path temp, Nginx nginx) throws Exception {
        int port = Ports.free();
        Set<Integer> servers = nginx.portSet();
        Tally served = new Tally();
        ProxyProcess proxy = ProxyProcess.start(kind, temp, ProxyConfig.http(port, List.of(), List.of(), nginx.ports()),
                port);
        long peak;
        int atEnd;
        int secondLater;
        try {
            List<Load.Client> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(new Closer(port, served));
            }
            try (PeakSampler connections = PeakSampler.start(() -> EstablishedConnections.to(servers), 100)) {
                Load.run(LOAD, clients);
                atEnd = EstablishedConnections.to(servers);
                peak = Math.max(connections.peak(), atEnd);
            }
            Thread.sleep(1_000);
            secondLater = EstablishedConnections.to(servers);
            AfterLoad.answer(proxy, port, "/");
        } finally {
            proxy.close();
        }
        return new Outcome(served, peak, atEnd, secondLater, proxy.leaks(), proxy.summary(12));
    }

    /** One {@code GET /} with {@code Connection: close} per connection, read to the end. */
    private static final class Closer implements Load.Client {
        private final int port;
        private final Tally tally;

        Closer(int port, Tally tally) {
            this.port = port;
            this.tally = tally;
        }

        @Override
        public void once() {
            try (HttpConnection connection = HttpConnection.open(port, 10_000)) {
                connection.send(HttpConnection.get("/", true));
                HttpConnection.Response response = connection.read();
                if (response.status() == 200 && response.complete() && response.body().equals("ok\n")) {
                    tally.success();
                } else {
                    tally.failure(response + " " + response.body().strip());
                }
            } catch (IOException e) {
                tally.failure(e);
            }
        }

        @Override
        public void close() {
        }
    }
}
