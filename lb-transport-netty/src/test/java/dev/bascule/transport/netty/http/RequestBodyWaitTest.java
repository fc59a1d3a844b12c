package dev.bascule.transport.netty.http;

import static dev.bascule.transport.netty.http.HttpFixtures.HERE;
import static dev.bascule.transport.netty.http.HttpFixtures.ascii;
import static dev.bascule.transport.netty.http.HttpFixtures.channel;
import static dev.bascule.transport.netty.http.HttpFixtures.frontend;
import static dev.bascule.transport.netty.http.HttpFixtures.policy;
import static dev.bascule.transport.netty.http.HttpFixtures.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.ActionCall;
import dev.bascule.api.config.HttpRequestRule;
import dev.bascule.api.config.Timeouts;

import io.netty.channel.embedded.EmbeddedChannel;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

/**
 * The rules wait for the request body ({@code option http-buffer-request},
 * {@code http-request wait-for-body}): an {@code http-request return} answers only once the
 * awaited body is there.
 */
final class RequestBodyWaitTest {
    private static final HttpRequestRule RETURN = new HttpRequestRule(
            new ActionCall("return", List.of()), HERE);
    private static final String UPLOAD_HEAD = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n";

    @Test
    void withoutWaitingTheRulesRunOnTheHead() {
        EmbeddedChannel client = channel(frontend(policy(List.of(RETURN), List.of(), List.of(), false), Timeouts.none()));
        client.writeInbound(ascii(UPLOAD_HEAD + "hel"));
        assertThat(readAll(client)).startsWith("HTTP/1.1 200 OK\r\n");
        client.finishAndReleaseAll();
    }

    @Test
    void httpBufferRequestRunsTheRulesOnceTheWholeBodyIsThere() {
        EmbeddedChannel client = channel(frontend(policy(List.of(RETURN), List.of(), List.of(), true), Timeouts.none()));
        client.writeInbound(ascii(UPLOAD_HEAD + "hel"));
        assertThat(readAll(client)).isEmpty();
        client.writeInbound(ascii("lo"));
        assertThat(readAll(client)).isEmpty();
        client.writeInbound(ascii("world"));
        assertThat(readAll(client)).startsWith("HTTP/1.1 200 OK\r\n");
        // and the connection is ready for the next request
        client.writeInbound(ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(readAll(client)).startsWith("HTTP/1.1 200 OK\r\n");
        client.finishAndReleaseAll();
    }

    @Test
    void waitForBodyAtLeastGoesOnOnceThatMuchIsThere() {
        HttpRequestRule wait = new HttpRequestRule(new ActionCall("wait-for-body",
                List.of("time", "5000", "at-least", "4")), HERE);
        EmbeddedChannel client = channel(frontend(policy(List.of(wait, RETURN), List.of(), List.of(), false),
                Timeouts.none()));
        client.writeInbound(ascii(UPLOAD_HEAD + "he"));
        assertThat(readAll(client)).isEmpty();
        client.writeInbound(ascii("llo"));
        // 5 bytes of 10: enough for the rule, the answer does not wait for the rest
        assertThat(readAll(client)).startsWith("HTTP/1.1 200 OK\r\n");
        client.finishAndReleaseAll();
    }

    @Test
    void aMalformedChunkWhileWaitingGets400AndCloses() {
        EmbeddedChannel client = channel(frontend(policy(List.of(RETURN), List.of(), List.of(), true), Timeouts.none()));
        client.writeInbound(ascii("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"));
        assertThat(readAll(client)).isEmpty();
        client.writeInbound(ascii("zz\r\n"));
        assertThat(readAll(client)).startsWith("HTTP/1.1 400 Bad request\r\n");
        client.runPendingTasks();
        assertThat(client.isOpen()).isFalse();
        client.finishAndReleaseAll();
    }
}
