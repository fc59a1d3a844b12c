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

/**
 * The server side of a client connection: which server, and whether an idle connection to it
 * may carry the request ({@code http-reuse}). Server connections are {@link EmbeddedChannel}s
 * parked in the test thread's pool, as the event loop's pool holds real ones.
 */
final class ServerConnectorTest {
    @Test
    void noServerToPickAnswers503AndKeepsTheClient() {
        EmbeddedChannel client = channel(frontend(HttpPolicy.NONE, Timeouts.none(), backend("be", HttpReuse.SAFE)));
        client.writeInbound(ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(readAll(client)).startsWith("HTTP/1.1 503 Service Unavailable\r\n");
        assertThat(client.isOpen()).isTrue();
        client.finishAndReleaseAll();
    }

    @Test
    void reuseAlwaysSendsEvenAFirstRequestOnAnIdleConnection() {
        FrontendRuntime frontend = frontend(HttpPolicy.NONE, Timeouts.none(),
                backend("be", HttpReuse.ALWAYS, server("s1")));
        ServerRuntime s1 = frontend.defaultBackend().servers().get(0);
        EmbeddedChannel server = idleServerConnection(s1);
        EmbeddedChannel client = channel(frontend);

        client.writeInbound(ascii("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"));

        assertThat(readAll(server)).startsWith("GET /a HTTP/1.1\r\n");
        assertThat(s1.inflight()).isEqualTo(1);
        assertThat(BackendPool.current().poll(s1)).isNull();
        server.writeInbound(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        // (header names go out in lower case, as HAProxy's H1 layer writes them)
        assertThat(readAll(client)).isEqualTo("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok");
        // the exchange is over: the slot is free and the connection is idle again, for any session
        assertThat(s1.inflight()).isZero();
        assertThat(BackendPool.current().poll(s1)).isSameAs(server);
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }

    @Test
    void reuseSafeLeavesIdleConnectionsToLaterRequestsOfASession() {
        FrontendRuntime frontend = frontend(HttpPolicy.NONE, Timeouts.none(),
                backend("be", HttpReuse.SAFE, server("s1")));
        ServerRuntime s1 = frontend.defaultBackend().servers().get(0);
        EmbeddedChannel server = idleServerConnection(s1);
        EmbeddedChannel client = channel(frontend);

        // a first request connects on its own (here the connection cannot be made, and is retried later)
        client.writeInbound(ascii("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"));

        assertThat(readAll(server)).isEmpty();
        assertThat(BackendPool.current().poll(s1)).isSameAs(server);
        client.finishAndReleaseAll();
        assertThat(s1.inflight()).isZero();
        server.finishAndReleaseAll();
    }
}
