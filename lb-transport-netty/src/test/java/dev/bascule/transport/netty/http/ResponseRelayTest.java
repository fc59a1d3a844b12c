package dev.bascule.transport.netty.http;

import static dev.bascule.transport.netty.http.HttpFixtures.ascii;
import static dev.bascule.transport.netty.http.HttpFixtures.backend;
import static dev.bascule.transport.netty.http.HttpFixtures.channel;
import static dev.bascule.transport.netty.http.HttpFixtures.frontend;
import static dev.bascule.transport.netty.http.HttpFixtures.idleServerConnection;
import static dev.bascule.transport.netty.http.HttpFixtures.readAll;
import static dev.bascule.transport.netty.http.HttpFixtures.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.HttpConnectionMode;
import dev.bascule.api.config.HttpPolicy;
import dev.bascule.api.config.HttpReuse;
import dev.bascule.api.config.Timeouts;
import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.core.runtime.ServerRuntime;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What goes back to the client: the connection headers of a relayed response and the keep-alive
 * decision (on their own), then whole exchanges with a server connection parked in the test
 * thread's pool (see {@link HttpFixtures#idleServerConnection}).
 */
final class ResponseRelayTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final HttpTransaction txn = new HttpTransaction(new HttpTrafficView(channel), 1024);
    /** Only the transaction is read to prepare a response's head for the client. */
    private final ResponseRelay heads = new ResponseRelay(null, null, null, txn, null, null, null, null, null);

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aKeptHttp11ExchangeSaysNothing() {
        client(HttpVersion.HTTP_1_1, HttpMethod.GET);
        HttpResponse response = response(HttpVersion.HTTP_1_1, 200);
        response.headers().set("Content-Length", "2");
        heads.prepareForClient(response);
        assertThat(txn.clientKeepAlive).isTrue();
        assertThat(response.headers().contains("connection")).isFalse();
    }

    @Test
    void aBodyWithoutLengthEndsWithTheConnection() {
        client(HttpVersion.HTTP_1_1, HttpMethod.GET);
        HttpResponse response = response(HttpVersion.HTTP_1_1, 200);
        heads.prepareForClient(response);
        assertThat(txn.clientKeepAlive).isFalse();
        assertThat(response.headers().get("connection")).isEqualTo("close");
    }

    @Test
    void responsesWithoutBodyNeedNoLength() {
        client(HttpVersion.HTTP_1_1, HttpMethod.HEAD);
        heads.prepareForClient(response(HttpVersion.HTTP_1_1, 200));
        assertThat(txn.clientKeepAlive).isTrue();
        client(HttpVersion.HTTP_1_1, HttpMethod.GET);
        heads.prepareForClient(response(HttpVersion.HTTP_1_1, 304));
        assertThat(txn.clientKeepAlive).isTrue();
    }

    @Test
    void anHttp10MessageSaysKeepAliveAndAChunkedOneCloses() {
        client(HttpVersion.HTTP_1_0, HttpMethod.GET);
        txn.clientKeepAlive = true;
        HttpResponse response = response(HttpVersion.HTTP_1_1, 200);
        response.headers().set("Content-Length", "0");
        heads.prepareForClient(response);
        assertThat(response.headers().get("connection")).isEqualTo("keep-alive");

        client(HttpVersion.HTTP_1_1, HttpMethod.GET);
        HttpResponse chunked = response(HttpVersion.HTTP_1_0, 200);
        chunked.headers().set("Transfer-Encoding", "chunked");
        heads.prepareForClient(chunked);
        assertThat(txn.clientKeepAlive).isFalse();
        // closing is what an HTTP/1.0 message does by default
        assertThat(chunked.headers().contains("connection")).isFalse();
    }

    @Test
    void laterVersionsGoOutAsHttp11() {
        client(HttpVersion.HTTP_1_1, HttpMethod.GET);
        HttpResponse response = response(HttpVersion.valueOf("HTTP/1.2"), 204);
        heads.prepareForClient(response);
        assertThat(response.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
    }

    @Test
    void aServerClosingBeforeItsAnswerGets502AndTheClientStays() {
        FrontendRuntime frontend = frontend(HttpPolicy.NONE, Timeouts.none(), backend("be", HttpReuse.ALWAYS, server("s1")));
        ServerRuntime s1 = frontend.defaultBackend().servers().get(0);
        EmbeddedChannel server = idleServerConnection(s1);
        EmbeddedChannel client = channel(frontend);

        client.writeInbound(ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(readAll(server)).startsWith("GET / HTTP/1.1\r\n");
        server.close();

        assertThat(readAll(client)).startsWith("HTTP/1.1 502 Bad Gateway\r\n");
        assertThat(client.isOpen()).isTrue();
        assertThat(s1.inflight()).isZero();
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }

    @Test
    void aServerThatClosesOrAnsweredAHeadIsNotReused() {
        FrontendRuntime frontend = frontend(HttpPolicy.NONE, Timeouts.none(), backend("be", HttpReuse.ALWAYS, server("s1")));
        ServerRuntime s1 = frontend.defaultBackend().servers().get(0);
        EmbeddedChannel server = idleServerConnection(s1);
        EmbeddedChannel client = channel(frontend);

        client.writeInbound(ascii("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n"));
        readAll(server);
        server.writeInbound(ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"));

        assertThat(readAll(client)).isEqualTo("HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n");
        // its next bytes could be a body sent anyway: the connection goes, the client's stays
        assertThat(server.isOpen()).isFalse();
        assertThat(client.isOpen()).isTrue();

        EmbeddedChannel closing = idleServerConnection(s1);
        client.writeInbound(ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        readAll(closing);
        closing.writeInbound(ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        assertThat(readAll(client)).isEqualTo("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n");
        assertThat(closing.isOpen()).isFalse();
        assertThat(client.isOpen()).isTrue();
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
        closing.finishAndReleaseAll();
    }

    @Test
    void anEarlyAnswerGoesOutWhileTheUploadGoesOn() {
        FrontendRuntime frontend = frontend(HttpPolicy.NONE, Timeouts.none(), backend("be", HttpReuse.ALWAYS, server("s1")));
        ServerRuntime s1 = frontend.defaultBackend().servers().get(0);
        EmbeddedChannel server = idleServerConnection(s1);
        EmbeddedChannel client = channel(frontend);

        client.writeInbound(ascii("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello"));
        assertThat(readAll(server)).startsWith("POST /up HTTP/1.1\r\n").endsWith("hello");
        server.writeInbound(ascii("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n"));
        assertThat(readAll(client)).isEqualTo("HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n");

        // HAProxy's http_end_response(): the rest of the upload still goes to the server
        client.writeInbound(ascii("world"));
        assertThat(readAll(server)).isEqualTo("world");
        assertThat(s1.inflight()).isZero();
        assertThat(client.isOpen()).isTrue();
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }

    @Test
    void httpcloseInTheFrontendClosesAndSaysSoUnlessARuleWroteKeepAlive() {
        txn.begin(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"), true);
        txn.method(HttpMethod.GET);
        HttpResponse response = response(HttpVersion.HTTP_1_1, 200);
        response.headers().set("Content-Length", "2");
        heads.prepareForClient(response);
        assertThat(txn.clientKeepAlive).isFalse();
        assertThat(response.headers().getAll("connection")).containsExactly("close");

        // (haproxy 2.6.12 with "http-response set-header Connection keep-alive")
        txn.begin(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"), true);
        HttpResponse kept = response(HttpVersion.HTTP_1_1, 200);
        kept.headers().set("Content-Length", "2");
        kept.headers().set("Connection", "keep-alive");
        heads.prepareForClient(kept);
        assertThat(txn.clientKeepAlive).isTrue();
        assertThat(kept.headers().contains("connection")).isFalse();
    }

    @Test
    void aCloseARuleWroteClosesTheClientConnection() {
        client(HttpVersion.HTTP_1_1, HttpMethod.GET);
        HttpResponse response = response(HttpVersion.HTTP_1_1, 200);
        response.headers().set("Content-Length", "2");
        response.headers().set("Connection", "Close");
        heads.prepareForClient(response);
        assertThat(txn.clientKeepAlive).isFalse();
        assertThat(response.headers().getAll("connection")).containsExactly("close");
    }

    @Test
    void serverCloseSaysCloseToTheServerAndClosesItAfterTheResponseTheClientStays() {
        FrontendRuntime frontend = frontend(HttpConnectionMode.SERVER_CLOSE, HttpPolicy.NONE, Timeouts.none(),
                backend("be", HttpReuse.ALWAYS, server("s1")));
        ServerRuntime s1 = frontend.defaultBackend().servers().get(0);
        EmbeddedChannel server = idleServerConnection(s1);
        EmbeddedChannel client = channel(frontend);

        client.writeInbound(ascii("GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n"));
        assertThat(readAll(server)).isEqualTo("GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n");
        server.writeInbound(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok"));

        assertThat(readAll(client)).isEqualTo("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok");
        assertThat(server.isOpen()).isFalse();
        assertThat(client.isOpen()).isTrue();
        assertThat(s1.inflight()).isZero();
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }

    @Test
    void theBackendsCloseModeWinsAndPretendKeepAliveHidesIt() {
        FrontendRuntime frontend = frontend(HttpConnectionMode.KEEP_ALIVE, HttpPolicy.NONE, Timeouts.none(),
                backend("be", HttpConnectionMode.CLOSE, true, server("s1")));
        ServerRuntime s1 = frontend.defaultBackend().servers().get(0);
        EmbeddedChannel server = idleServerConnection(s1);
        EmbeddedChannel client = channel(frontend);

        client.writeInbound(ascii("GET / HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n"));
        assertThat(readAll(server)).isEqualTo("GET / HTTP/1.0\r\nhost: x\r\nconnection: keep-alive\r\n\r\n");
        server.writeInbound(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));

        // httpclose in a backend closes the server side only
        assertThat(readAll(client)).isEqualTo("HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\nok");
        assertThat(server.isOpen()).isFalse();
        assertThat(client.isOpen()).isTrue();
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }

    /** The request the response answers: its version (keep-alive by default for HTTP/1.1) and method. */
    private void client(HttpVersion version, HttpMethod method) {
        txn.begin(new DefaultHttpRequest(version, method, "/"));
        txn.method(method);
    }

    private static HttpResponse response(HttpVersion version, int status) {
        return new DefaultHttpResponse(version, HttpResponseStatus.valueOf(status));
    }
}
