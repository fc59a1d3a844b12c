package dev.bascule.transport.netty.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

final class HttpTransactionTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final HttpTransaction txn = new HttpTransaction(new HttpTrafficView(channel), 16);

    @AfterEach
    void close() {
        txn.dropBuffered();
        channel.finishAndReleaseAll();
    }

    @Test
    void beginResetsTheExchangeButCountsTheRequests() {
        txn.begin(head(HttpMethod.GET, HttpVersion.HTTP_1_1));
        txn.responseStarted = true;
        txn.responseEnded = true;
        txn.requestHeadSent = true;
        txn.attempt = 2;
        txn.balanced = head(HttpMethod.GET, HttpVersion.HTTP_1_1);
        txn.state = HttpTransaction.State.FORWARDING;

        txn.begin(head(HttpMethod.POST, HttpVersion.HTTP_1_0));

        assertThat(txn.requests).isEqualTo(2);
        assertThat(txn.responseStarted).isFalse();
        assertThat(txn.responseEnded).isFalse();
        assertThat(txn.requestHeadSent).isFalse();
        assertThat(txn.attempt()).isZero();
        assertThat(txn.previous()).isNull();
        assertThat(txn.uri()).isNull();
        assertThat(txn.clientKeepAlive).isFalse();
        assertThat(txn.clientVersion).isEqualTo(HttpVersion.HTTP_1_0);
        // (the connection's state is the handler's to move)
        assertThat(txn.state).isEqualTo(HttpTransaction.State.FORWARDING);
    }

    @Test
    void httpcloseInTheFrontendClosesTheClientConnectionWhateverTheRequestSays() {
        txn.begin(head(HttpMethod.GET, HttpVersion.HTTP_1_1));
        assertThat(txn.clientKeepAlive).isTrue();
        txn.serverClose = true;

        txn.begin(head(HttpMethod.GET, HttpVersion.HTTP_1_1), true);

        assertThat(txn.clientKeepAlive).isFalse();
        // (the server side's mode is known once the backend is)
        assertThat(txn.serverClose).isFalse();
    }

    @Test
    void onlyAnIdempotentHeadWithoutBodyIsKeptForARetry() {
        HttpRequest get = head(HttpMethod.GET, HttpVersion.HTTP_1_1);
        txn.begin(get);
        assertThat(txn.retryable).isSameAs(get);
        assertThat(txn.clientKeepAlive).isTrue();
        txn.begin(head(HttpMethod.POST, HttpVersion.HTTP_1_1));
        assertThat(txn.retryable).isNull();
        DefaultFullHttpRequest whole = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        txn.begin(whole);
        assertThat(txn.retryable).isNull();
        assertThat(txn.requestComplete).isTrue();
        whole.release();
    }

    @Test
    void anEmptyBodyReadWithTheHeadCompletesTheRequest() {
        HttpRequest get = head(HttpMethod.GET, HttpVersion.HTTP_1_1);
        ArrayDeque<HttpObject> inbound = new ArrayDeque<>();
        inbound.add(LastHttpContent.EMPTY_LAST_CONTENT);
        inbound.add(head(HttpMethod.GET, HttpVersion.HTTP_1_1));
        txn.begin(get);
        txn.takeBody(inbound);
        assertThat(txn.requestComplete).isTrue();
        assertThat(txn.retryable).isSameAs(get);
        assertThat(txn.buffered).containsExactly(LastHttpContent.EMPTY_LAST_CONTENT);
        // the pipelined request stays queued
        assertThat(inbound).hasSize(1);
    }

    @Test
    void bodyBytesReadWithTheHeadAreBufferedUpToTheNextRequest() {
        ArrayDeque<HttpObject> inbound = new ArrayDeque<>();
        inbound.add(new DefaultHttpContent(ascii("hello")));
        inbound.add(new DefaultLastHttpContent(ascii("!")));
        inbound.add(head(HttpMethod.GET, HttpVersion.HTTP_1_1));
        txn.begin(head(HttpMethod.PUT, HttpVersion.HTTP_1_1));
        txn.takeBody(inbound);
        assertThat(txn.requestComplete).isTrue();
        assertThat(txn.buffered).hasSize(2);
        assertThat(txn.bufferedBodyBytes()).isEqualTo(6);
        // a body: the request streams, it is not sent again
        assertThat(txn.retryable).isNull();
        assertThat(inbound).hasSize(1);
        txn.dropBuffered();
        assertThat(txn.buffered).isEmpty();
    }

    @Test
    void aPartialBodyStopsAtTheDecodersEndOfData() {
        ArrayDeque<HttpObject> inbound = new ArrayDeque<>();
        inbound.add(new DefaultHttpContent(ascii("abc")));
        inbound.add(H1Decoder.DATA_END);
        txn.begin(head(HttpMethod.PUT, HttpVersion.HTTP_1_1));
        txn.takeBody(inbound);
        assertThat(txn.requestComplete).isFalse();
        assertThat(txn.bufferedBodyBytes()).isEqualTo(3);
        assertThat(inbound).containsExactly(H1Decoder.DATA_END);
    }

    @Test
    void theBalancedRequestIsWhatTheHashAlgorithmsSee() {
        HttpRequest request = head(HttpMethod.GET, HttpVersion.HTTP_1_1);
        request.headers().set("X-Key", "abc");
        txn.begin(request);
        assertThat(txn.requestHeader("x-key")).isNull();
        txn.balanced = request;
        assertThat(txn.uri()).hasToString("/path?q");
        assertThat(txn.requestHeader("x-key")).hasToString("abc");
    }

    @Test
    void theMethodTellsHeadAndCacheable() {
        txn.method(HttpMethod.HEAD);
        assertThat(txn.headRequest).isTrue();
        assertThat(txn.cacheableMethod).isTrue();
        txn.method(HttpMethod.POST);
        assertThat(txn.headRequest).isFalse();
        assertThat(txn.cacheableMethod).isFalse();
        txn.method(HttpMethod.OPTIONS);
        assertThat(txn.cacheableMethod).isTrue();
    }

    private static HttpRequest head(HttpMethod method, HttpVersion version) {
        return new DefaultHttpRequest(version, method, "/path?q");
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }
}
