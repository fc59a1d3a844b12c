package dev.bascule.dist.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.dist.reliability.ProxyProcess.Kind;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One of two servers dies in the middle of a keep-alive GET load (its listener and every
 * connection close at once), with {@code retries 3} and {@code option redispatch} and no health
 * check: the connections refused afterwards are retried and then sent to the other server. No
 * GET may fail. A request on a reused client connection that the proxy closes without a byte of
 * answer is sent again once on a new connection, as HTTP clients do with idempotent requests
 * (RFC 9112 9.3.1); HAProxy closes a client connection so when a reused server connection fails.
 */
@Timeout(120)
final class ReliabilityServerDeathIT {
    private static final Duration LOAD = Duration.ofSeconds(8);
    private static final long DEATH_AFTER_MILLIS = 2_000;
    private static final int CLIENTS = 4;

    record Outcome(Tally served, long clientRetries, long dyingServed, long survivorServed, long leaks, String summary) {
        String figure() {
            return served.figure() + " (" + clientRetries + " sent again by the client; the dying server answered "
                    + dyingServed + ", the survivor " + survivorServed + ")";
        }
    }

    @Test
    void idempotentRequestsSurviveAServerDeath(@TempDir Path temp) throws Exception {
        Map<Kind, Outcome> outcomes = new EnumMap<>(Kind.class);
        for (Kind kind : ProxyProcess.BOTH) {
            outcomes.put(kind, run(kind, temp));
        }
        Outcome haproxy = outcomes.get(Kind.HAPROXY);
        Outcome bascule = outcomes.get(Kind.BASCULE);
        System.out.printf("reliability server-death: bascule %s, haproxy %s, leaks %d%n", bascule.figure(),
                haproxy.figure(), bascule.leaks());
        assertThat(haproxy.served().failed()).as("HAProxy's failures (the test's own sanity): %s",
                haproxy.served().reasons()).isZero();
        assertThat(bascule.served().failed()).as("Bascule's failed GETs: %s; its output, line by line:%n%s",
                bascule.served().reasons(), bascule.summary()).isZero();
        assertThat(bascule.dyingServed()).as("requests the dying server answered before it died").isPositive();
        assertThat(bascule.leaks()).as("LEAK lines in Bascule's output:%n%s", bascule.summary()).isZero();
    }

    private static Outcome run(Kind kind, Path temp) throws Exception {
        AtomicLong survivorServed = new AtomicLong();
        AtomicLong dyingServed = new AtomicLong();
        Tally served = new Tally();
        AtomicLong retries = new AtomicLong();
        try (ScriptedServer survivor = ScriptedServer.start("survivor", ScriptedServer.keepAlive(survivorServed));
             ScriptedServer dying = ScriptedServer.start("dying", ScriptedServer.keepAlive(dyingServed))) {
            int port = Ports.free();
            String config = ProxyConfig.http(port, List.of("timeout connect 1s", "retries 3", "option redispatch"),
                    List.of("balance roundrobin"), List.of(survivor.port(), dying.port()));
            ProxyProcess proxy = ProxyProcess.start(kind, temp, config, port);
            try {
                List<Load.Client> clients = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(new KeepAliveGetter(port, served, retries));
                }
                Thread killer = new Thread(() -> {
                    try {
                        Thread.sleep(DEATH_AFTER_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    dying.close();
                }, "server-killer");
                killer.start();
                Load.run(LOAD, clients);
                killer.join();
                AfterLoad.answer(proxy, port, "/");
            } finally {
                proxy.close();
            }
            return new Outcome(served, retries.get(), dyingServed.get(), survivorServed.get(), proxy.leaks(),
                    proxy.summary(12));
        }
    }

    /** {@code GET /} on a keep-alive connection, sent again once on a new one when a reused connection closes unanswered. */
    private static final class KeepAliveGetter implements Load.Client {
        private final KeptConnection connection;
        private final Tally tally;
        private final AtomicLong retries;

        KeepAliveGetter(int port, Tally tally, AtomicLong retries) {
            this.connection = new KeptConnection(port, 15_000);
            this.tally = tally;
            this.retries = retries;
        }

        @Override
        public void once() {
            String failure = null;
            for (int attempt = 0; attempt < 2; attempt++) {
                boolean reused = false;
                try {
                    reused = connection.reused();
                    HttpConnection kept = connection.get();
                    kept.send(HttpConnection.get("/", false));
                    HttpConnection.Response response = kept.read();
                    connection.after(response, false);
                    if (response.status() == 200 && response.complete() && response.body().equals("ok\n")) {
                        tally.success();
                    } else {
                        tally.failure(response + " " + response.body().strip());
                    }
                    return;
                } catch (java.io.EOFException | java.net.SocketException unanswered) {
                    connection.drop();
                    failure = KeptConnection.describe(reused, unanswered);
                    if (!reused || unanswered.getMessage().contains("middle")) {
                        break;
                    }
                    retries.incrementAndGet();
                } catch (IOException e) {
                    connection.drop();
                    failure = KeptConnection.describe(reused, e);
                    break;
                }
            }
            tally.failure(failure);
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
