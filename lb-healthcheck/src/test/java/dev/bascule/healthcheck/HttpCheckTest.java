package dev.bascule.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.check.CheckTarget;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

final class HttpCheckTest {
    @Test
    void defaultRequestIsOptionsSlashHttp10WithConnectionClose() throws Exception {
        try (OneShotServer server = new OneShotServer("HTTP/1.0 200 OK\r\n\r\n")) {
            CheckResult result = check(List.of(), server);
            assertThat(result).isEqualTo(new CheckResult(CheckStatus.L7OK, "", 200));
            assertThat(server.request()).isEqualTo("OPTIONS / HTTP/1.0\r\nconnection: close\r\n\r\n");
        }
    }

    @Test
    void withoutExpectA2xxOr3xxPassesAndAnythingElseIsAWrongStatusWithItsReason() throws Exception {
        try (OneShotServer server = new OneShotServer("HTTP/1.1 302 Found\r\ncontent-length: 0\r\n\r\n")) {
            assertThat(check(List.of(), server)).isEqualTo(new CheckResult(CheckStatus.L7OK, "", 302));
        }
        try (OneShotServer server = new OneShotServer("HTTP/1.0 501 Unsupported method ('OPTIONS')\r\n\r\n")) {
            CheckResult result = check(List.of(), server);
            assertThat(result).isEqualTo(new CheckResult(CheckStatus.L7STS, "Unsupported method ('OPTIONS')", 501));
            assertThat(result.status().description()).isEqualTo("Layer7 wrong status");
        }
    }

    @Test
    void methodUriVersionAndHeadersAreSentAsConfigured() throws Exception {
        try (OneShotServer server = new OneShotServer("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")) {
            check(List.of("meth", "GET", "uri", "/health", "ver", "HTTP/1.1", "hdr", "host", "example.com"), server);
            assertThat(server.request()).isEqualTo(
                    "GET /health HTTP/1.1\r\nhost: example.com\r\nconnection: close\r\n\r\n");
        }
    }

    @Test
    void expectStatusMatchesCodesRangesAndNegation() throws Exception {
        String unavailable = "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n";
        try (OneShotServer server = new OneShotServer(unavailable)) {
            assertThat(check(List.of("expect", "status", "200"), server))
                    .isEqualTo(new CheckResult(CheckStatus.L7STS, "Service Unavailable", 503));
        }
        try (OneShotServer server = new OneShotServer(unavailable)) {
            assertThat(check(List.of("expect", "status", "200-399,503"), server))
                    .isEqualTo(new CheckResult(CheckStatus.L7OK, "", 503));
        }
        try (OneShotServer server = new OneShotServer(unavailable)) {
            assertThat(check(List.of("expect", "!", "rstatus", "^5"), server))
                    .isEqualTo(new CheckResult(CheckStatus.L7STS, "Service Unavailable", 503));
        }
    }

    @Test
    void expectStringLooksInTheBody() throws Exception {
        String response = "HTTP/1.1 200 OK\r\ncontent-length: 11\r\n\r\nall is well";
        try (OneShotServer server = new OneShotServer(response)) {
            assertThat(check(List.of("expect", "string", "is well"), server))
                    .isEqualTo(new CheckResult(CheckStatus.L7OK, "", 200));
        }
        try (OneShotServer server = new OneShotServer(response)) {
            assertThat(check(List.of("expect", "rstring", "sick|dead"), server))
                    .isEqualTo(new CheckResult(CheckStatus.L7RSP, "HTTP content check did not match", 200));
        }
        try (OneShotServer server = new OneShotServer("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")) {
            assertThat(check(List.of("expect", "string", "x"), server)).isEqualTo(
                    new CheckResult(CheckStatus.L7RSP, "HTTP content check could not find a response body", 200));
        }
    }

    @Test
    void anEmptyOrGarbledAnswerIsAnInvalidResponse() throws Exception {
        try (OneShotServer server = new OneShotServer("")) {
            assertThat(check(List.of(), server)).isEqualTo(new CheckResult(CheckStatus.L7RSP, ""));
        }
        try (OneShotServer server = new OneShotServer("SSH-2.0-OpenSSH\r\n\r\n")) {
            assertThat(check(List.of(), server)).isEqualTo(new CheckResult(CheckStatus.L7RSP, ""));
        }
    }

    @Test
    void aClosedPortIsALayer4ConnectionProblem() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        CheckResult result = new HttpCheckFactory().create(List.of())
                .check(new CheckTarget("s1", new InetSocketAddress(InetAddress.getLoopbackAddress(), port)),
                        new BlockingProbeContext())
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(result).isEqualTo(new CheckResult(CheckStatus.L4CON, "Connection refused"));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> new HttpCheckFactory().create(List.of("expect", "rstring", "(")))
                .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("regex '(' is invalid");
        assertThatThrownBy(() -> new HttpCheckFactory().create(List.of("expect", "status", "abc")))
                .isInstanceOf(InvalidArgumentException.class);
    }

    private static CheckResult check(List<String> arguments, OneShotServer server) throws Exception {
        return new HttpCheckFactory().create(arguments)
                .check(new CheckTarget("s1", server.address()), new BlockingProbeContext())
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Accepts one connection, reads the request head, answers with a canned response and closes. */
    private static final class OneShotServer implements AutoCloseable {
        private final ServerSocket socket;
        private final CompletableFuture<String> request = new CompletableFuture<>();

        OneShotServer(String response) throws IOException {
            socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            Thread thread = new Thread(() -> serve(response), "one-shot-server");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve(String response) {
            try (Socket client = socket.accept()) {
                InputStream in = client.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    head.write(b);
                }
                request.complete(head.toString(StandardCharsets.ISO_8859_1));
                client.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
                client.getOutputStream().flush();
            } catch (IOException e) {
                request.completeExceptionally(e);
            }
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }

        String request() throws Exception {
            return request.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
