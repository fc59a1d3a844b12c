package dev.bascule.transport.netty.http;

import static dev.bascule.transport.netty.http.HttpFixtures.ascii;
import static dev.bascule.transport.netty.http.HttpFixtures.backend;
import static dev.bascule.transport.netty.http.HttpFixtures.channel;
import static dev.bascule.transport.netty.http.HttpFixtures.frontend;
import static dev.bascule.transport.netty.http.HttpFixtures.idleServerConnection;
import static dev.bascule.transport.netty.http.HttpFixtures.readAll;
import static dev.bascule.transport.netty.http.HttpFixtures.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.HttpPolicy;
import dev.bascule.api.config.HttpReuse;
import dev.bascule.api.config.Timeouts;
import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.core.runtime.ServerRuntime;

import io.netty.channel.embedded.EmbeddedChannel;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What each expired timeout does to a connection. The timeouts are 1 ms; each test runs the
 * connection's timer until the outcome shows (at most a few seconds), and checks the outcome only.
 */
final class HttpTimeoutsTest {
    private static final Optional<Duration> SHORT = Optional.of(Duration.ofMillis(1));
    private static final Optional<Duration> NONE = Optional.empty();

    @Test
    void aStartedRequestThatDoesNotCompleteGetsTheRaw408() throws InterruptedException {
        EmbeddedChannel client = channel(frontend(HttpPolicy.NONE, new Timeouts(NONE, NONE, NONE, SHORT, NONE)));
        client.writeInbound(ascii("GET / HTTP/1.1\r\nHo"));
        StringBuilder out = new StringBuilder();
        runTimerUntil(client, () -> out.append(readAll(client)).length() > 0);
        assertThat(out.toString()).startsWith("HTTP/1.1 408 Request Time-out\r\n");
        runTimerUntil(client, () -> !client.isOpen());
        client.finishAndReleaseAll();
    }

    @Test
    void aConnectionWithoutRequestClosesQuietly() throws InterruptedException {
        EmbeddedChannel client = channel(frontend(HttpPolicy.NONE, new Timeouts(NONE, NONE, NONE, SHORT, NONE)));
        runTimerUntil(client, () -> !client.isOpen());
        assertThat(readAll(client)).isEmpty();
        client.finishAndReleaseAll();
    }

    @Test
    void aServerThatDoesNotAnswerGets504AndItsConnectionGoes() throws InterruptedException {
        FrontendRuntime frontend = frontend(HttpPolicy.NONE, Timeouts.none(),
                backend("be", HttpReuse.ALWAYS, new Timeouts(NONE, NONE, SHORT, NONE, NONE), server("s1")));
        ServerRuntime s1 = frontend.defaultBackend().servers().get(0);
        EmbeddedChannel server = idleServerConnection(s1);
        EmbeddedChannel client = channel(frontend);
        client.writeInbound(ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(readAll(server)).startsWith("GET / HTTP/1.1\r\n");

        StringBuilder out = new StringBuilder();
        runTimerUntil(client, () -> out.append(readAll(client)).length() > 0);

        assertThat(out.toString()).startsWith("HTTP/1.1 504 Gateway Time-out\r\n");
        assertThat(server.isOpen()).isFalse();
        // HAProxy 2.6 keeps the client for its next request
        assertThat(client.isOpen()).isTrue();
        assertThat(s1.inflight()).isZero();
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }

    @Test
    void aStalledUploadAbortsBothConnections() throws InterruptedException {
        FrontendRuntime frontend = frontend(HttpPolicy.NONE, new Timeouts(NONE, SHORT, NONE, NONE, NONE),
                backend("be", HttpReuse.ALWAYS, server("s1")));
        EmbeddedChannel server = idleServerConnection(frontend.defaultBackend().servers().get(0));
        EmbeddedChannel client = channel(frontend);
        client.writeInbound(ascii("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhel"));
        assertThat(readAll(server)).startsWith("POST / HTTP/1.1\r\n");
        client.writeInbound(ascii("lo"));
        assertThat(readAll(server)).isEqualTo("lo");

        runTimerUntil(client, () -> !client.isOpen());

        assertThat(readAll(client)).isEmpty();
        assertThat(server.isOpen()).isFalse();
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }

    /** Runs the connection's due timers until {@code done}, for at most five seconds. */
    private static void runTimerUntil(EmbeddedChannel channel, BooleanSupplier done) throws InterruptedException {
        for (int i = 0; i < 500 && !done.getAsBoolean(); i++) {
            Thread.sleep(10);
            channel.runScheduledPendingTasks();
            channel.runPendingTasks();
        }
        assertThat(done.getAsBoolean()).as("the timeout's outcome").isTrue();
    }
}
