package dev.bascule.transport.netty.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The HTTP/1 decoder on its own: HAProxy's acceptance rules, message by message. */
final class H1DecoderTest {

    // ---------------------------------------------------------------- accepted requests

    @Test
    void simpleRequestComesOutWithLowerCaseNamesAndAnEmptyLastPart() {
        List<HttpObject> out = requests("GET /a?b HTTP/1.1\r\nHost: example.com\r\nX-Custom-Thing: v\r\n\r\n");
        HttpRequest request = (HttpRequest) out.get(0);
        assertThat(request.method()).isSameAs(HttpMethod.GET);
        assertThat(request.uri()).isEqualTo("/a?b");
        assertThat(request.protocolVersion()).isSameAs(HttpVersion.HTTP_1_1);
        assertThat(names(request)).containsExactly("host", "x-custom-thing");
        assertThat(request.headers().get("host")).isEqualTo("example.com");
        assertThat(out.get(1)).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(out).hasSize(2);
    }

    @Test
    void knownNamesAreNettysConstants() {
        List<HttpObject> out = requests("GET / HTTP/1.1\r\nCONTENT-length: 0\r\nHost: h\r\n\r\n");
        HttpRequest request = (HttpRequest) out.get(0);
        List<CharSequence> names = new ArrayList<>();
        request.headers().iteratorCharSequence().forEachRemaining(entry -> names.add(entry.getKey()));
        assertThat(names.get(0)).isSameAs(HttpHeaderNames.CONTENT_LENGTH);
        assertThat(names.get(1)).isSameAs(HttpHeaderNames.HOST);
    }

    @Test
    void aHeadArrivingByteByByteIsTheSame() {
        String head = "POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nX-A: a\r\n b\r\n\r\nhello";
        EmbeddedChannel channel = new EmbeddedChannel(H1Decoder.requests());
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        for (byte b : bytes) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        List<HttpObject> out = drain(channel);
        HttpRequest request = (HttpRequest) out.get(0);
        assertThat(request.uri()).isEqualTo("/upload");
        // obsolete folding: the line break becomes spaces, as HAProxy rewrites it
        assertThat(request.headers().get("x-a")).isEqualTo("a   b");
        assertThat(body(out)).isEqualTo("hello");
        assertThat(out.get(out.size() - 1)).isInstanceOf(LastHttpContent.class);
        release(out);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void leadingEmptyLinesAndBareLineFeedsAreAccepted() {
        List<HttpObject> out = requests("\r\n\nGET / HTTP/1.0\nHost: h\n\n");
        HttpRequest request = (HttpRequest) out.get(0);
        assertThat(request.decoderResult().isSuccess()).isTrue();
        assertThat(request.protocolVersion()).isSameAs(HttpVersion.HTTP_1_0);
        assertThat(request.headers().get("host")).isEqualTo("h");
    }

    @Test
    void severalSpacesBetweenTheWordsOfTheRequestLine() {
        HttpRequest request = (HttpRequest) requests("POST /1  HTTP/1.1\r\nContent-Length: 0\r\n\r\n").get(0);
        assertThat(request.uri()).isEqualTo("/1");
        assertThat(request.protocolVersion()).isSameAs(HttpVersion.HTTP_1_1);
    }

    @Test
    void pipelinedRequestsComeOutInOrder() {
        List<HttpObject> out = requests("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(((HttpRequest) out.get(0)).uri()).isEqualTo("/1");
        assertThat(((HttpRequest) out.get(2)).uri()).isEqualTo("/2");
        assertThat(out).hasSize(4);
    }

    @Test
    void repeatedEqualContentLengthsAreOne() {
        HttpRequest request = (HttpRequest) requests("POST / HTTP/1.1\r\nContent-Length: 3, 3\r\n"
                + "Content-Length: 3\r\n\r\nabc").get(0);
        assertThat(request.headers().getAll("content-length")).containsExactly("3");
    }

    @Test
    void chunkedBodyIsDecodedWithExtensionsAndTrailers() {
        List<HttpObject> out = requests("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
        assertThat(body(out)).isEqualTo("hello world");
        assertThat(out).contains(H1Decoder.DATA_END);
        LastHttpContent last = (LastHttpContent) out.get(out.size() - 1);
        assertThat(last.trailingHeaders().get("x-trailer")).isEqualTo("t");
    }

    @Test
    void transferEncodingWithContentLengthDropsTheLengthAndClosesAfter() {
        List<HttpObject> out = requests("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 31\r\n\r\n"
                + "0\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\n");
        HttpRequest request = (HttpRequest) out.get(0);
        assertThat(request.headers().contains("content-length")).isFalse();
        assertThat(HttpUtil.isTransferEncodingChunked(request)).isTrue();
        assertThat(HttpUtil.isKeepAlive(request)).isFalse();
        // the smuggled request is never decoded
        assertThat(out.stream().filter(HttpRequest.class::isInstance)).hasSize(1);
    }

    @Test
    void chunkedHttp10RequestClosesAfter() {
        HttpRequest request = (HttpRequest) requests("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").get(0);
        assertThat(HttpUtil.isKeepAlive(request)).isFalse();
    }

    @Test
    void teIsKeptOnlyAsTrailers() {
        assertThat(((HttpRequest) requests("GET / HTTP/1.1\r\nTE: trailers, gzip\r\n\r\n").get(0)).headers().get("te"))
                .isEqualTo("trailers");
        assertThat(((HttpRequest) requests("GET / HTTP/1.1\r\nTE: gzip\r\n\r\n").get(0)).headers().contains("te"))
                .isFalse();
        assertThat(((HttpRequest) requests("GET / HTTP/1.1\r\nTE: trailers;q=0.5\r\n\r\n").get(0)).headers()
                .contains("te")).isFalse();
    }

    @Test
    void absoluteTargetWithTheHostsDefaultPortMatches() {
        assertThat(H1Authority.authorityMatchesHost(HttpMethod.GET, "http://a.example:80/", "a.example")).isTrue();
        assertThat(H1Authority.authorityMatchesHost(HttpMethod.GET, "http://a.example/", "a.example:80")).isTrue();
        assertThat(H1Authority.authorityMatchesHost(HttpMethod.GET, "http://a.example/", "b.example")).isFalse();
        assertThat(H1Authority.authorityMatchesHost(HttpMethod.GET, "https://a.example:8443/", "a.example")).isFalse();
        assertThat(H1Authority.authorityMatchesHost(HttpMethod.CONNECT, "a.example:443", "a.example")).isTrue();
        assertThat(H1Authority.authorityMatchesHost(HttpMethod.CONNECT, "a.example", "a.example")).isFalse();
    }

    @Test
    void anAbsoluteTargetLosesItsSchemesDefaultPortAndTheHostFollows() {
        // haproxy 2.6.12 forwards "GET http://a.example:80/p?q" as "GET http://a.example/p?q", Host: a.example
        HttpRequest request = (HttpRequest) requests("GET http://a.example:80/p?q HTTP/1.1\r\nHost: a.example:80\r\n\r\n")
                .get(0);
        assertThat(request.uri()).isEqualTo("http://a.example/p?q");
        assertThat(request.headers().get(HttpHeaderNames.HOST)).isEqualTo("a.example");
        assertThat(((HttpRequest) requests("GET HTTPS://a.example:443 HTTP/1.1\r\nHost: a.example\r\n\r\n").get(0)).uri())
                .isEqualTo("HTTPS://a.example");
        assertThat(((HttpRequest) requests("GET https://a.example:80/ HTTP/1.1\r\nHost: a.example:80\r\n\r\n").get(0))
                .uri()).isEqualTo("https://a.example:80/");
        assertThat(((HttpRequest) requests("GET http://a.example:8080/ HTTP/1.1\r\nHost: a.example:8080\r\n\r\n")
                .get(0)).headers().get(HttpHeaderNames.HOST)).isEqualTo("a.example:8080");
    }

    @Test
    void aHundredHeaderFieldsAreTheMost() {
        // tune.http.maxhdr 101, the end of the head counting as one (haproxy 2.6.12 agrees: H1ConformanceIT)
        assertThat(requests(withFields(100)).get(0).decoderResult().isSuccess()).isTrue();
        assertThat(status(requests(withFields(101)).get(0))).isEqualTo(400);
    }

    @Test
    void tooManyHeaderFieldsAreRefusedAlsoWhenTheHeadArrivesInTwoReads() {
        // found by H1DecoderFuzzTest: once the end of a head came in a later read, the head was
        // parsed again whole and that parse's refusal ignored, so the fields past the limit were
        // dropped: here the Content-Length, leaving "hello" to be read as the next request
        StringBuilder request = new StringBuilder("POST / HTTP/1.1\r\n");
        for (int i = 0; i < 100; i++) {
            request.append("X-").append(i).append(": v\r\n");
        }
        request.append("Content-Length: 5\r\n\r\nhello");
        EmbeddedChannel channel = new EmbeddedChannel(H1Decoder.requests());
        channel.writeInbound(ascii(request.substring(0, 100)));
        channel.writeInbound(ascii(request.substring(100)));
        List<HttpObject> out = drain(channel);
        assertThat(out).hasSize(1);
        assertThat(status(out.get(0))).isEqualTo(400);
        release(out);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void tooManyFieldsOfAnUnfinishedHeadAreRefusedAtOnceWhenTheyComeInOneRead() {
        // as haproxy 2.6.12 (tune.http.maxhdr 6, ten fields, no end of head yet): 400 at once when
        // they come in one read; in smaller reads, nothing until the head is complete (else 408)
        String unfinished = withFields(110).substring(0, withFields(110).length() - 2);
        assertThat(status(requests(unfinished).get(0))).isEqualTo(400);

        EmbeddedChannel channel = new EmbeddedChannel(H1Decoder.requests());
        channel.writeInbound(ascii(unfinished.substring(0, 100)));
        channel.writeInbound(ascii(unfinished.substring(100)));
        assertThat(drain(channel)).isEmpty();
        channel.writeInbound(ascii("\r\n"));
        List<HttpObject> out = drain(channel);
        assertThat(out).hasSize(1);
        assertThat(status(out.get(0))).isEqualTo(400);
        release(out);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void tooManyTrailerFieldsAreRefusedAlsoWhenTheyArriveInTwoReads() {
        // found by H1DecoderFuzzTest, as above for the trailers of a chunked body
        String trailers = withFields(101).substring("GET / HTTP/1.1\r\n".length());
        EmbeddedChannel channel = new EmbeddedChannel(H1Decoder.requests());
        channel.writeInbound(ascii("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
                + trailers.substring(0, 100)));
        channel.writeInbound(ascii(trailers.substring(100)));
        List<HttpObject> out = drain(channel);
        assertThat(out.get(0).decoderResult().isSuccess()).isTrue();
        HttpObject last = out.get(out.size() - 1);
        assertThat(last).isInstanceOf(LastHttpContent.class);
        assertThat(status(last)).isEqualTo(400);
        release(out);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aBodyErrorInTheReadOfTheHeadRefusesTheWholeMessage() {
        List<HttpObject> out = requests("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        assertThat(out).hasSize(1);
        assertThat(out.get(0)).isInstanceOf(HttpRequest.class);
        assertThat(status(out.get(0))).isEqualTo(400);
    }

    // ---------------------------------------------------------------- refused requests

    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTP/1.1\r\nFoo Bar: x\r\n\r\n",
        "GET / HTTP/1.1\r\nX\u0001: y\r\n\r\n",
        "GET /\u007f HTTP/1.1\r\n\r\n",
        "GET /\u0001 HTTP/1.1\r\n\r\n",
        "GET /\u00e9 HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.x\r\n\r\n",
        "GET / HTTP/11\r\n\r\n",
        "GET / http/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nno colon here\r\n\r\n",
        "GET / HTTP/1.1\r\n: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost : x\r\n\r\n",
        "GET /\r\n\r\n",
        "GE(T / HTTP/1.1\r\n\r\n",
        " GET / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "GET http://a.example/ HTTP/1.1\r\nHost: b.example\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        // found by H1DecoderFuzzTest: an empty length (or an empty one in a list) went on as it was,
        // even beside a chunked coding; refused since CVE-2023-40225 (HAProxy 2.6.15, Debian's 2.6.12-1+deb12u1)
        "POST / HTTP/1.1\r\nContent-Length: \r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length:\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 1,\r\n\r\nx",
        "POST / HTTP/1.1\r\nContent-Length: 1, \r\n\r\nx",
        "POST / HTTP/1.1\r\nContent-Length: ,1\r\n\r\nx",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
        "GET / HTTP/1.1\r\nA: b\rc\r\n\r\n",
    })
    void refusedWith400(String request) {
        List<HttpObject> out = requests(request);
        assertThat(out).hasSize(1);
        assertThat(status(out.get(0))).isEqualTo(400);
    }

    @Test
    void otherTransferCodingIs422() {
        assertThat(status(requests("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n").get(0)))
                .isEqualTo(422);
    }

    @Test
    void http10GetWithABodyIs413() {
        assertThat(status(requests("GET / HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello").get(0))).isEqualTo(413);
        assertThat(status(requests("DELETE / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").get(0)))
                .isEqualTo(413);
        assertThat(requests("POST / HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello").get(0).decoderResult().isSuccess())
                .isTrue();
    }

    @Test
    void garbageIsRefusedBeforeTheHeadEnds() {
        EmbeddedChannel channel = new EmbeddedChannel(H1Decoder.requests());
        channel.writeInbound(ascii("GET / HTTP/1.1\r\nHost: h\r\nBad\u0000"));
        List<HttpObject> out = drain(channel);
        assertThat(status(out.get(0))).isEqualTo(400);
        // and nothing after it is decoded
        channel.writeInbound(ascii("\r\n\r\nGET / HTTP/1.1\r\n\r\n"));
        assertThat(drain(channel)).isEmpty();
        release(out);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aHeadLargerThanTheBufferLessTheRewriteRoomIs400() {
        String big = "GET / HTTP/1.1\r\nX-Big: " + "a".repeat(H1Decoder.MAX_HEAD) + "\r\n\r\n";
        assertThat(status(requests(big).get(0))).isEqualTo(400);
        String fits = "GET / HTTP/1.1\r\nX-Big: " + "a".repeat(H1Decoder.MAX_HEAD - 100) + "\r\n\r\n";
        assertThat(requests(fits).get(0).decoderResult().isSuccess()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"zz\r\n", "\r\n", "5\r\nhelloXY", "5 x\r\nhello\r\n", "10000000000000\r\n"})
    void badChunkingAfterTheHeadFailsTheBody(String body) {
        EmbeddedChannel channel = new EmbeddedChannel(H1Decoder.requests());
        channel.writeInbound(ascii("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"));
        channel.writeInbound(ascii(body));
        List<HttpObject> out = drain(channel);
        assertThat(out.get(0).decoderResult().isSuccess()).isTrue();
        HttpObject last = out.get(out.size() - 1);
        assertThat(last).isInstanceOf(LastHttpContent.class);
        assertThat(status(last)).isEqualTo(400);
        release(out);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aChunkSizeLineLongerThanABufferIsRefusedHoweverItArrives() {
        // found by H1DecoderFuzzTest: such a line (a long extension) was refused when it came in
        // pieces, the head limit being how much a buffer may hold of it, but taken when whole
        String head = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        String line = "5;ext=" + "x".repeat(H1Decoder.MAX_HEAD) + "\r\n";
        String rest = "hello\r\n0\r\n\r\n";
        List<HttpObject> whole = requests(head + line + rest);
        assertThat(whole).hasSize(1);
        assertThat(status(whole.get(0))).isEqualTo(400);

        EmbeddedChannel channel = new EmbeddedChannel(H1Decoder.requests());
        channel.writeInbound(ascii(head));
        channel.writeInbound(ascii(line.substring(0, 100)));
        channel.writeInbound(ascii(line.substring(100) + rest));
        List<HttpObject> out = drain(channel);
        assertThat(status(out.get(out.size() - 1))).isEqualTo(400);
        release(out);
        assertThat(channel.finishAndReleaseAll()).isFalse();

        // a line of the head limit's size, CRLF included, is taken
        String fits = "5;ext=" + "x".repeat(H1Decoder.MAX_HEAD - 8) + "\r\n";
        assertThat(body(requests(head + fits + rest))).isEqualTo("hello");
    }

    // ---------------------------------------------------------------- responses

    @Test
    void responseToHeadHasNoBody() {
        EmbeddedChannel channel = new EmbeddedChannel();
        H1Decoder decoder = H1Decoder.responses();
        channel.pipeline().addLast(decoder);
        decoder.expectResponseTo(HttpMethod.HEAD);
        channel.writeInbound(ascii("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"));
        List<HttpObject> out = drain(channel);
        assertThat(out).hasSize(2);
        assertThat(out.get(1)).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void closeDelimitedResponseEndsWithTheConnection() {
        EmbeddedChannel channel = new EmbeddedChannel(H1Decoder.responses());
        channel.writeInbound(ascii("HTTP/1.0 200 OK\r\n\r\nhello"));
        channel.finish();
        List<HttpObject> out = drain(channel);
        assertThat(body(out)).isEqualTo("hello");
        assertThat(out.get(out.size() - 1)).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        release(out);
    }

    @Test
    void interimAndBodylessResponses() {
        List<HttpObject> out = responses("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\n");
        assertThat(((HttpResponse) out.get(0)).status().code()).isEqualTo(100);
        assertThat(out.get(1)).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(((HttpResponse) out.get(2)).status().code()).isEqualTo(204);
        assertThat(out.get(3)).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    @Test
    void responseWithLengthAndChunkedIsChunkedAndNotKept() {
        List<HttpObject> out = responses("HTTP/1.1 200 Ok\r\nTransfer-Encoding: chunked\r\nContent-Length: 30\r\n\r\n"
                + "0\r\n\r\nResponse splitting attach");
        HttpResponse response = (HttpResponse) out.get(0);
        assertThat(response.headers().contains("content-length")).isFalse();
        assertThat(HttpUtil.isKeepAlive(response)).isFalse();
        assertThat(out).hasSize(2);
        assertThat(response.status().reasonPhrase()).isEqualTo("Ok");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
        "HTTP/1.1 abc OK\r\n\r\n",
        "HTTP/1.1 20 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 2, 2,\r\n\r\nok",
        "HTTP/1 200 OK\r\n\r\n",
    })
    void refusedResponsesAre502(String response) {
        assertThat(status(responses(response).get(0))).isEqualTo(502);
    }

    // ---------------------------------------------------------------- helpers

    private static String withFields(int count) {
        StringBuilder request = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < count; i++) {
            request.append("X-").append(i).append(": v\r\n");
        }
        return request.append("\r\n").toString();
    }

    private static int status(HttpObject message) {
        assertThat(message.decoderResult().isFailure()).as("refused: %s", message).isTrue();
        return ((H1Exception) message.decoderResult().cause()).status();
    }

    private static List<HttpObject> requests(String text) {
        return decodeAll(H1Decoder.requests(), text);
    }

    private static List<HttpObject> responses(String text) {
        return decodeAll(H1Decoder.responses(), text);
    }

    /** Decodes {@code text}; the bodies are copied and every buffer released, so tests look at plain objects. */
    private static List<HttpObject> decodeAll(H1Decoder decoder, String text) {
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        channel.writeInbound(ascii(text));
        List<HttpObject> out = drain(channel);
        List<HttpObject> copies = new ArrayList<>();
        for (HttpObject message : out) {
            if (message instanceof HttpContent && !(message instanceof LastHttpContent) && message != H1Decoder.DATA_END) {
                HttpContent content = (HttpContent) message;
                copies.add(content.replace(Unpooled.copiedBuffer(content.content())));
                content.release();
            } else {
                copies.add(message);
                if (message instanceof LastHttpContent && ((LastHttpContent) message).content().isReadable()) {
                    LastHttpContent last = (LastHttpContent) message;
                    copies.set(copies.size() - 1, last.replace(Unpooled.copiedBuffer(last.content())));
                    last.release();
                }
            }
        }
        assertThat(channel.finishAndReleaseAll()).isFalse();
        return copies;
    }

    private static List<HttpObject> drain(EmbeddedChannel channel) {
        List<HttpObject> out = new ArrayList<>();
        Object message;
        while ((message = channel.readInbound()) != null) {
            out.add((HttpObject) message);
        }
        return out;
    }

    private static String body(List<HttpObject> out) {
        StringBuilder body = new StringBuilder();
        for (HttpObject message : out) {
            if (message instanceof HttpContent) {
                body.append(((HttpContent) message).content().toString(StandardCharsets.ISO_8859_1));
            }
        }
        return body.toString();
    }

    private static List<String> names(HttpRequest request) {
        List<String> names = new ArrayList<>();
        request.headers().forEach(entry -> names.add(entry.getKey()));
        return names;
    }

    private static void release(List<HttpObject> out) {
        out.forEach(ReferenceCountUtil::release);
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }
}
