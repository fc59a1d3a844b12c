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

/**
 * A server that answers before the request body ends (nginx's {@code return 200}, which then reads
 * and drops the rest of the body): keep-alive clients upload 1 MiB bodies, with a Content-Length
 * or chunked, again and again. Every upload must get the answer, the proxy must lose no buffer and
 * still answer afterwards: HAProxy does all three.
 */
@Timeout(180)
final class ReliabilityEarlyAnswerIT {
    private static final Duration LOAD = Duration.ofSeconds(10);
    private static final int CLIENTS = 4;
    private static final int MIB = 1024 * 1024;

    record Outcome(Tally uploads, String after, long leaks, String summary) {
    }

    @Test
    void everyUploadGetsTheEarlyAnswer(@TempDir Path temp) throws Exception {
        Map<Kind, Outcome> outcomes = new EnumMap<>(Kind.class);
        try (Nginx nginx = Nginx.start(Files.createDirectories(temp.resolve("nginx")), 1,
                "location / { return 200 \"ok\\n\"; }")) {
            for (Kind kind : ProxyProcess.BOTH) {
                outcomes.put(kind, run(kind, temp, nginx));
            }
        }
        Outcome haproxy = outcomes.get(Kind.HAPROXY);
        Outcome bascule = outcomes.get(Kind.BASCULE);
        System.out.printf("reliability early-answer: bascule %s, haproxy %s, leaks %d; after the load bascule %s,"
                        + " haproxy %s%n", bascule.uploads().figure(), haproxy.uploads().figure(), bascule.leaks(),
                bascule.after(), haproxy.after());
        assertThat(haproxy.uploads().failed()).as("HAProxy's failures (the test's own sanity): %s",
                haproxy.uploads().reasons()).isZero();
        assertThat(haproxy.after()).startsWith("HTTP/1.1 200");
        assertThat(bascule.uploads().failed()).as("Bascule's failed uploads: %s; its output, line by line:%n%s",
                bascule.uploads().reasons(), bascule.summary()).isZero();
        assertThat(bascule.leaks()).as("LEAK lines in Bascule's output:%n%s", bascule.summary()).isZero();
        assertThat(bascule.after()).as("Bascule's answer to GET / after the load").startsWith("HTTP/1.1 200");
    }

    private static Outcome run(Kind kind, Path temp, Nginx nginx) throws Exception {
        int port = Ports.free();
        Tally uploads = new Tally();
        String after;
        ProxyProcess proxy = ProxyProcess.start(kind, temp, ProxyConfig.http(port, List.of(), List.of(), nginx.ports()),
                port);
        try {
            List<Uploader> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(new Uploader(port, uploads));
            }
            Load.run(LOAD, clients);
            after = AfterLoad.answer(proxy, port, "/");
        } finally {
            proxy.close();
        }
        return new Outcome(uploads, after, proxy.leaks(), proxy.summary(12));
    }

    /**
     * A keep-alive client that uploads 1 MiB, with a Content-Length and chunked in turn, writing
     * the body while it reads the answer, and finishing each upload before the next request. An
     * upload is good when the answer is {@code 200 ok} and the whole body went out.
     */
    private static final class Uploader implements Load.Client {
        private static final byte[] WITH_LENGTH = HttpConnection.post("/upload", MIB, false, false);
        private static final byte[] CHUNKED = HttpConnection.post("/upload", MIB, true, false);

        private final KeptConnection connection;
        private final Tally tally;
        private int count;

        Uploader(int port, Tally tally) {
            this.connection = new KeptConnection(port, 10_000);
            this.tally = tally;
        }

        @Override
        public void once() throws InterruptedException {
            boolean chunked = count++ % 2 == 1;
            String kind = chunked ? "chunked, " : "length, ";
            boolean reused = false;
            try {
                reused = connection.reused();
                HttpConnection.Response response = connection.get().exchange(chunked ? CHUNKED : WITH_LENGTH);
                if (response.status() == 200 && response.complete() && response.body().equals("ok\n")) {
                    tally.success();
                } else {
                    tally.failure(kind + response + " " + response.body().strip());
                }
                connection.after(response, false);
            } catch (IOException e) {
                tally.failure(kind + KeptConnection.describe(reused, e));
                connection.drop();
            }
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
