package dev.bascule.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckSetup;
import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.check.CheckTarget;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFormat;
import dev.bascule.api.sample.TrafficView;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

final class HttpCheckTest {
    private static final List<String> SEND = List.of("send", "0");

    @Test
    void defaultRequestIsOptionsSlashHttp10AsHaproxyWritesIt() throws Exception {
        try (OneShotServer server = new OneShotServer("HTTP/1.0 200 OK\r\n\r\n")) {
            CheckResult result = check(List.of(), server);
            assertThat(result).isEqualTo(new CheckResult(CheckStatus.L7OK, "", 200));
            // haproxy 2.6.12 sends no connection header to an HTTP/1.0 server: close is the default
            assertThat(server.request()).isEqualTo("OPTIONS / HTTP/1.0\r\n\r\n");
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
    void methodUriVersionHeadersAndBodyAreSentAsHaproxySendsThem() throws Exception {
        try (OneShotServer server = new OneShotServer("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")) {
            check(List.of("send", "5", "meth", "POST", "uri", "/health", "ver", "HTTP/1.1", "hdr", "Host",
                    "hdr-value", "example.com"), server);
            assertThat(server.request()).isEqualTo(
                    "POST /health HTTP/1.1\r\nhost: example.com\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        }
    }

    @Test
    void sendStateAddsTheServersStateAsTheProbeFindsIt() throws Exception {
        try (OneShotServer server = new OneShotServer("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")) {
            CheckTarget target = new CheckTarget("s1", server.address(), () -> "UP 1/3; name=b/s1");
            CheckResult result = new HttpCheckFactory().create(List.of("send-state", "0", "send", "2", "hdr", "x-a",
                    "hdr-value", "b")).check(target, new BlockingProbeContext()).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(result).isEqualTo(new CheckResult(CheckStatus.L7OK, "", 200));
            assertThat(server.request()).isEqualTo("OPTIONS / HTTP/1.0\r\nx-a: b\r\n"
                    + "x-haproxy-server-state: UP 1/3; name=b/s1\r\n\r\n");
        }
    }

    /**
     * A setup whose expressions and formats are tiny stand-ins for the core's: an expression names a
     * response header ({@code res.fhdr(x)}) or a constant ({@code str(x)}); a format {@code "%[var(n)]"} reads a
     * variable, with text around it.
     */
    private static final CheckSetup SETUP = new CheckSetup() {
        @Override
        public SampleFetch expression(String text) {
            String argument = text.substring(text.indexOf('(') + 1, text.length() - 1);
            if (text.startsWith("str(")) {
                return (traffic, out) -> {
                    out.setString(argument);
                    return true;
                };
            }
            return (traffic, out) -> {
                TrafficView response = traffic.responseHeaders();
                for (int i = 0; response != null && i < response.requestHeaderCount(); i++) {
                    if (response.requestHeaderName(i).toString().equalsIgnoreCase(argument)) {
                        out.setString(response.requestHeaderValue(i));
                        return true;
                    }
                }
                return false;
            };
        }

        @Override
        public SampleFormat format(String text) {
            int start = text.indexOf("%[var(");
            int end = text.indexOf(")]", start);
            String name = text.substring(start + 6, end);
            return (traffic, sample) -> {
                String value = traffic.variables().get(name, sample.reset())
                        ? sample.text().subSequence(sample.start(), sample.end()).toString() : "";
                return text.substring(0, start) + value + text.substring(end + 2);
            };
        }
    };

    @Test
    void variablesAndFormatsAreTheProbesOwn() throws Exception {
        String response = "HTTP/1.1 200 OK\r\nx-name: x-test1\r\nx-test1: yes\r\ncontent-length: 0\r\n\r\n";
        List<String> rules = List.of("set-var", "2", "name", "check.path", "expr", "str(/req1)",
                "send", "3", "uri-lf", "%[var(check.path)]", "hdr", "x-test", "hdr-value", "p=%[var(check.path)]",
                "expect", "2", "match", "status", "pattern", "200",
                "set-var", "2", "name", "check.h", "expr", "res.fhdr(x-name)",
                "unset-var", "1", "name", "check.path",
                "expect", "6", "match", "hdr", "pattern", "%[var(check.h)]", "name-match", "str", "name-lf", "true",
                "on-success", "got %[var(check.h)]", "status-code", "str(299)");
        try (OneShotServer server = new OneShotServer(response)) {
            CheckResult result = new HttpCheckFactory().create(rules, SETUP)
                    .check(new CheckTarget("s1", server.address()), new BlockingProbeContext())
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(result).isEqualTo(new CheckResult(CheckStatus.L7OK, "got x-test1", 299));
            assertThat(server.request()).isEqualTo("OPTIONS /req1 HTTP/1.0\r\nx-test: p=/req1\r\n\r\n");
        }
        List<String> empty = List.of("send", "0", "expect", "4", "match", "hdr", "pattern", "%[var(check.none)]",
                "name-lf", "true", "comment", "c");
        try (OneShotServer server = new OneShotServer(response)) {
            CheckResult result = new HttpCheckFactory().create(empty, SETUP)
                    .check(new CheckTarget("s1", server.address()), new BlockingProbeContext())
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(result).isEqualTo(new CheckResult(CheckStatus.L7RSP,
                    "log-format string evaluated to an empty string comment: c", 200));
        }
    }

    @Test
    void expectStatusMatchesCodesRangesAndNegation() throws Exception {
        String unavailable = "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n";
        try (OneShotServer server = new OneShotServer(unavailable)) {
            assertThat(check(expect("match", "status", "pattern", "200"), server))
                    .isEqualTo(new CheckResult(CheckStatus.L7STS, "Service Unavailable", 503));
        }
        try (OneShotServer server = new OneShotServer(unavailable)) {
            assertThat(check(expect("match", "status", "pattern", "200-399,503"), server))
                    .isEqualTo(new CheckResult(CheckStatus.L7OK, "", 503));
        }
        try (OneShotServer server = new OneShotServer(unavailable)) {
            assertThat(check(expect("match", "rstatus", "pattern", "^5", "inverse", "true"), server))
                    .isEqualTo(new CheckResult(CheckStatus.L7STS, "Service Unavailable", 503));
        }
    }

    @Test
    void expectStringLooksInTheBody() throws Exception {
        String response = "HTTP/1.1 200 OK\r\ncontent-length: 11\r\n\r\nall is well";
        try (OneShotServer server = new OneShotServer(response)) {
            assertThat(check(expect("match", "string", "pattern", "is well"), server))
                    .isEqualTo(new CheckResult(CheckStatus.L7OK, "", 200));
        }
        try (OneShotServer server = new OneShotServer(response)) {
            assertThat(check(expect("match", "rstring", "pattern", "sick|dead", "comment", "hello"), server))
                    .isEqualTo(new CheckResult(CheckStatus.L7RSP, "HTTP content check did not match comment: hello",
                            200));
        }
        try (OneShotServer server = new OneShotServer("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")) {
            assertThat(check(expect("match", "string", "pattern", "x"), server)).isEqualTo(
                    new CheckResult(CheckStatus.L7RSP, "HTTP content check could not find a response body", 200));
        }
        String chunked = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nall\r\n8\r\n is well\r\n0\r\n\r\n";
        try (OneShotServer server = new OneShotServer(chunked)) {
            assertThat(check(expect("match", "string", "pattern", "all is well"), server))
                    .isEqualTo(new CheckResult(CheckStatus.L7OK, "", 200));
        }
    }

    @Test
    void expectHeaderMatchesNamesWithoutCaseAndValuesOneByOneOrWhole() throws Exception {
        String response = "HTTP/1.1 202 Accepted\r\nX-Test: true, next value\r\nx-reg-test1: 1\r\n"
                + "content-length: 0\r\n\r\n";
        List<List<String>> passing = List.of(
                List.of("match", "hdr", "pattern", "x-test", "name-match", "str"),
                List.of("match", "hdr", "pattern", "X-", "name-match", "beg"),
                List.of("match", "hdr", "pattern", "-TEST", "name-match", "end"),
                List.of("match", "hdr", "pattern", "^[a-z]+-Reg-[a-z]+[0-9]$", "name-match", "reg"),
                List.of("match", "hdr", "pattern", "x-test", "name-match", "str", "value", "next value",
                        "value-match", "str"),
                List.of("match", "fhdr", "pattern", "x-test", "name-match", "str", "value", "true, next value",
                        "value-match", "str"),
                List.of("match", "hdr", "pattern", "x-test", "name-match", "str", "value", "^n.*e$",
                        "value-match", "reg"));
        for (List<String> rule : passing) {
            try (OneShotServer server = new OneShotServer(response)) {
                assertThat(check(expect(rule.toArray(String[]::new)), server)).as(rule.toString())
                        .isEqualTo(new CheckResult(CheckStatus.L7OK, "", 202));
            }
        }
        try (OneShotServer server = new OneShotServer(response)) {
            // hdr splits on commas: "true, next value" is two values, neither of them the whole text
            assertThat(check(expect("match", "hdr", "pattern", "x-test", "name-match", "str", "value",
                    "true, next value", "value-match", "str", "comment", "c"), server))
                    .isEqualTo(new CheckResult(CheckStatus.L7STS, "Accepted comment: c", 202));
        }
    }

    @Test
    void errorAndSuccessStatusesAndMessagesAreTheRulesOwn() throws Exception {
        String bad = "HTTP/1.1 503 Bad\r\ncontent-length: 0\r\n\r\n";
        try (OneShotServer server = new OneShotServer(bad)) {
            assertThat(check(expect("match", "status", "pattern", "200", "on-error", "boom", "error-status",
                    "L7RSP"), server)).isEqualTo(new CheckResult(CheckStatus.L7RSP, "boom", 503));
        }
        try (OneShotServer server = new OneShotServer("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")) {
            assertThat(check(expect("match", "status", "pattern", "200", "on-success", "yay", "ok-status",
                    "L7OKC"), server)).isEqualTo(new CheckResult(CheckStatus.L7OKC, "yay", 200));
        }
    }

    @Test
    void severalExpectsAreEvaluatedInSequenceOnTheSameResponse() throws Exception {
        String response = "HTTP/1.1 200 OK\r\nx-a: 1\r\ncontent-length: 4\r\n\r\nbody";
        List<String> rules = new ArrayList<>(SEND);
        rules.addAll(List.of("expect", "2", "match", "status", "pattern", "200"));
        rules.addAll(List.of("expect", "3", "match", "hdr", "pattern", "x-a", "name-match", "str"));
        rules.addAll(List.of("expect", "3", "match", "string", "pattern", "nobody", "comment", "third"));
        try (OneShotServer server = new OneShotServer(response)) {
            assertThat(check(rules, server)).isEqualTo(new CheckResult(CheckStatus.L7RSP,
                    "HTTP content check did not match comment: third", 200));
        }
    }

    @Test
    void anEmptyOrGarbledAnswerIsAnInvalidResponse() throws Exception {
        try (OneShotServer server = new OneShotServer("")) {
            assertThat(check(List.of(), server)).isEqualTo(new CheckResult(CheckStatus.L7RSP, ""));
        }
        try (OneShotServer server = new OneShotServer("SSH-2.0-OpenSSH\r\n\r\n")) {
            assertThat(check(List.of(), server)).isEqualTo(new CheckResult(CheckStatus.L7RSP, "", -1));
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
        assertThatThrownBy(() -> new HttpCheckFactory().create(expect("match", "rstring", "pattern", "(")))
                .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("regex '(' is invalid");
        assertThatThrownBy(() -> new HttpCheckFactory().create(expect("match", "status", "pattern", "300-200")))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> new HttpCheckFactory().create(List.of("send", "1", "meth")))
                .isInstanceOf(InvalidArgumentException.class);
    }

    /** A default send then one expect with these options. */
    private static List<String> expect(String... options) {
        List<String> arguments = new ArrayList<>(SEND);
        arguments.add("expect");
        arguments.add(Integer.toString(options.length / 2));
        arguments.addAll(List.of(options));
        return arguments;
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
