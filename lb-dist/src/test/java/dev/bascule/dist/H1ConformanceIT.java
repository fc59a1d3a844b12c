package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy's defences of HTTP/1, byte for byte: each malformed or ambiguous message is sent over a
 * raw socket to the real HAProxy 2.6 and to Bascule on the same configuration, and each must give
 * the same outcome: the status the client gets, whether the connection closes, and exactly what
 * the server receives (nothing, when the message is refused).
 */
@Timeout(120)
final class H1ConformanceIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    /**
     * One exchange: what the client sends (and sends again 200 ms later, when {@code later} is not
     * empty), what the server answers (a raw response, for response cases).
     */
    record Case(String name, String request, String later, String response) {
        private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

        static Case request(String name, String request) {
            return new Case(name, request, "", OK);
        }

        static Case request(String name, String request, String later) {
            return new Case(name, request, later, OK);
        }

        static Case response(String name, String response) {
            return new Case(name, "GET / HTTP/1.1\r\nHost: h\r\n\r\n", "", response);
        }
    }

    private static final String BIG = "x".repeat(20_000);

    private static final List<Case> REQUESTS = List.of(
            Case.request("valid GET", "GET /a?b=c HTTP/1.1\r\nHost: h\r\nX-Mixed-Case: V\r\n\r\n"),
            Case.request("space in a header name", "GET / HTTP/1.1\r\nHost: h\r\nFoo Bar: x\r\n\r\n"),
            Case.request("control byte in a header name", "GET / HTTP/1.1\r\nHost: h\r\nX\u0001: y\r\n\r\n"),
            Case.request("DEL in the target", "GET /\u007f HTTP/1.1\r\nHost: h\r\n\r\n"),
            Case.request("control byte in the target", "GET /\u0001 HTTP/1.1\r\nHost: h\r\n\r\n"),
            Case.request("non-ASCII byte in the target", "GET /\u00e9 HTTP/1.1\r\nHost: h\r\n\r\n"),
            Case.request("version HTTP/1.x", "GET / HTTP/1.x\r\nHost: h\r\n\r\n"),
            Case.request("version http/1.1", "GET / http/1.1\r\nHost: h\r\n\r\n"),
            Case.request("version HTTP/11", "GET / HTTP/11\r\nHost: h\r\n\r\n"),
            Case.request("HTTP/0.9", "GET /\r\n\r\n"),
            Case.request("header line without colon", "GET / HTTP/1.1\r\nHost: h\r\nno colon\r\n\r\n"),
            Case.request("empty header name", "GET / HTTP/1.1\r\nHost: h\r\n: x\r\n\r\n"),
            Case.request("blank before the colon", "GET / HTTP/1.1\r\nHost : h\r\n\r\n"),
            Case.request("invalid method", "GE(T / HTTP/1.1\r\nHost: h\r\n\r\n"),
            Case.request("obsolete line folding", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\r\n b\r\n\r\n"),
            Case.request("bare LF line ends and leading empty lines", "\r\n\nGET / HTTP/1.1\nHost: h\n\n"),
            Case.request("Content-Length and Transfer-Encoding", "POST / HTTP/1.1\r\nHost: h\r\n"
                    + "Transfer-Encoding: chunked\r\nContent-Length: 31\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\n"),
            Case.request("two equal Content-Length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n"
                    + "Content-Length: 2\r\n\r\nab"),
            Case.request("a list of equal lengths", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2, 2\r\n\r\nab"),
            Case.request("two different Content-Length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n"
                    + "Content-Length: 3\r\n\r\nabc"),
            Case.request("Content-Length not a number", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: abc\r\n\r\n"),
            Case.request("negative Content-Length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n"),
            Case.request("Content-Length with a sign", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +2\r\n\r\nab"),
            Case.request("Content-Length overflowing", "POST / HTTP/1.1\r\nHost: h\r\n"
                    + "Content-Length: 99999999999999999999999\r\n\r\n"),
            Case.request("empty Content-Length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: \r\n\r\n"),
            Case.request("empty Content-Length and chunked", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: \r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
            Case.request("a list of lengths ending with a comma", "POST / HTTP/1.1\r\nHost: h\r\n"
                    + "Content-Length: 2,\r\n\r\nab"),
            Case.request("chunked HTTP/1.0 request", "POST / HTTP/1.0\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "2\r\nab\r\n0\r\n\r\n"),
            Case.request("chunked twice", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, chunked\r\n\r\n"
                    + "0\r\n\r\n"),
            Case.request("gzip only", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n"),
            Case.request("gzip then chunked", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                    + "0\r\n\r\n"),
            Case.request("chunk size garbage", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "zz\r\nab\r\n0\r\n\r\n"),
            Case.request("chunk extension and trailers", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n"
                    + "\r\n2;ext=1\r\nab\r\n0\r\nX-Trailer: t\r\n\r\n"),
            Case.request("head larger than the buffer", "GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + BIG + "\r\n\r\n"),
            Case.request("100 header fields", fields(99)),
            Case.request("101 header fields", fields(100)),
            Case.request("chunk size garbage after the head", "POST / HTTP/1.1\r\nHost: h\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n", "zz\r\n"),
            Case.request("plain HTTP/1.0", "GET / HTTP/1.0\r\n\r\n"),
            Case.request("HTTP/1.0 closing", "GET / HTTP/1.0\r\nConnection: close\r\n\r\n"),
            Case.request("HTTP/1.0 GET with a body", "GET / HTTP/1.0\r\nHost: h\r\nContent-Length: 2\r\n\r\nab"),
            Case.request("two different Host", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
            Case.request("two equal Host", "GET / HTTP/1.1\r\nHost: a\r\nHost: A\r\n\r\n"),
            Case.request("absolute target and another Host", "GET http://a.example/ HTTP/1.1\r\nHost: b.example\r\n\r\n"),
            Case.request("absolute target and its Host with the default port",
                    "GET http://a.example/ HTTP/1.1\r\nHost: a.example:80\r\n\r\n"),
            Case.request("absolute target without a path", "GET http://a.example HTTP/1.1\r\nHost: a.example\r\n\r\n"),
            Case.request("absolute target with a query and no path",
                    "GET http://a.example?q=1 HTTP/1.1\r\nHost: a.example\r\n\r\n"),
            Case.request("TE: trailers, gzip", "GET / HTTP/1.1\r\nHost: h\r\nTE: trailers, gzip\r\n\r\n"),
            Case.request("TE: gzip", "GET / HTTP/1.1\r\nHost: h\r\nTE: gzip\r\n\r\n"),
            Case.request("version HTTP/1.2", "GET / HTTP/1.2\r\nHost: h\r\n\r\n"),
            Case.request("version HTTP/2.0 on HTTP/1", "GET * HTTP/2.0\r\nHost: h\r\n\r\n"),
            Case.request("PRI method (not the whole HTTP/2 preface)", "PRI * HTTP/2.0\r\nHost: h\r\n\r\n"),
            Case.request("PRI method in HTTP/1.1", "PRI / HTTP/1.1\r\nHost: h\r\n\r\n"),
            Case.request("Connection naming other fields", "GET / HTTP/1.1\r\nHost: h\r\n"
                    + "Connection: x-foo, keep-alive, te\r\nX-Foo: bar\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n\r\n"),
            Case.request("Connection lines, one closing", "GET / HTTP/1.1\r\nHost: h\r\nConnection: x-a\r\n"
                    + "Connection: close\r\nConnection: x-b , x-c\r\n\r\n"),
            Case.request("HTTP/1.0 keep-alive naming a field", "GET / HTTP/1.0\r\nHost: h\r\n"
                    + "Connection: keep-alive, x-foo\r\nX-Foo: bar\r\nProxy-Connection: keep-alive\r\n\r\n"),
            Case.request("incomplete head (timeout http-request)", "GET / HTTP/1.1\r\nHost: h\r\n"));

    private static final List<Case> RESPONSES = List.of(
            Case.response("length and chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 30\r\n"
                    + "\r\n0\r\n\r\nResponse splitting attach"),
            Case.response("gzip only", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nab"),
            Case.response("chunked then gzip", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n"),
            Case.response("status not a number", "HTTP/1.1 abc OK\r\nContent-Length: 2\r\n\r\nok"),
            Case.response("header line without colon", "HTTP/1.1 200 OK\r\nno colon\r\nContent-Length: 2\r\n\r\nok"),
            Case.response("Content-Length not a number", "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\nok"),
            Case.response("empty Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\nok"),
            Case.response("head larger than the buffer", "HTTP/1.1 200 OK\r\nX-Big: " + BIG + "\r\nContent-Length: 2"
                    + "\r\n\r\nok"),
            Case.response("HTTP/1.0 without length", "HTTP/1.0 200 OK\r\n\r\nhello"),
            Case.response("HTTP/1.1 without length", "HTTP/1.1 200 OK\r\n\r\nhello"),
            Case.response("chunked HTTP/1.0", "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n"),
            Case.response("HTTP/1.0 with length", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"),
            Case.response("interim response first", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2"
                    + "\r\n\r\nok"),
            Case.response("204 with a length", "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"),
            Case.response("version HTTP/1.2", "HTTP/1.2 200 OK\r\nContent-Length: 2\r\n\r\nok"),
            Case.response("closing and naming a field", "HTTP/1.1 200 OK\r\nConnection: close, x-c\r\n"
                    + "Keep-Alive: timeout=5\r\nContent-Length: 2\r\n\r\nok"));

    private static String fields(int extra) {
        StringBuilder request = new StringBuilder("GET / HTTP/1.1\r\nHost: h\r\n");
        for (int i = 0; i < extra; i++) {
            request.append("X-").append(i).append(": v\r\n");
        }
        return request.append("\r\n").toString();
    }

    @Test
    void requestsAreAnsweredAsHaproxyAnswersThem(@TempDir Path temp) throws Exception {
        compare(temp, REQUESTS);
    }

    @Test
    void responsesAreForwardedOrRefusedAsHaproxyDoes(@TempDir Path temp) throws Exception {
        compare(temp, RESPONSES);
    }

    private static void compare(Path temp, List<Case> cases) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        try (RawOrigin origin = new RawOrigin()) {
            int haproxyPort = Embedded.freePort();
            Path config = temp.resolve("haproxy.cfg");
            Files.writeString(config, config(haproxyPort, origin.port()));
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            Map<String, String> expected;
            try {
                CommandLineIT.awaitListening(haproxyPort);
                expected = outcomes(haproxyPort, origin, cases);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            int basculePort = Embedded.freePort();
            Map<String, String> actual;
            try (Embedded bascule = Embedded.start(config(basculePort, origin.port()))) {
                actual = outcomes(basculePort, origin, cases);
            }
            List<String> differences = new ArrayList<>();
            for (Case each : cases) {
                if (!expected.get(each.name()).equals(actual.get(each.name()))) {
                    differences.add(each.name() + "\n  HAProxy: " + expected.get(each.name()) + "\n  Bascule: "
                            + actual.get(each.name()));
                }
            }
            assertThat(differences).as(String.join("\n", differences)).isEmpty();
        }
    }

    private static String config(int port, int origin) {
        return String.join("\n",
                "defaults",
                "    mode http",
                "    timeout connect 2s",
                "    timeout client 2s",
                "    timeout server 2s",
                "    timeout http-request 1s",
                "listen fe",
                "    bind 127.0.0.1:" + port,
                "    server s1 127.0.0.1:" + origin,
                "");
    }

    private static Map<String, String> outcomes(int port, RawOrigin origin, List<Case> cases) throws Exception {
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (Case each : cases) {
            origin.answer(each.response());
            outcomes.put(each.name(), exchange(port, each.request(), each.later()) + " | server got: "
                    + origin.received());
        }
        return outcomes;
    }

    /** The status line and body the client got, and whether the proxy closed the connection. */
    private static String exchange(int port, String request, String later) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(3_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            if (!later.isEmpty()) {
                Thread.sleep(200);
                socket.getOutputStream().write(later.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            boolean closed = false;
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, n);
                    if (complete(received.toString(StandardCharsets.ISO_8859_1))) {
                        // one more read tells a closing connection from a kept one
                        socket.setSoTimeout(300);
                    }
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (IOException e) {
                closed = true;
            }
            return summary(received.toString(StandardCharsets.ISO_8859_1)) + (closed ? " (closed)" : " (kept)");
        }
    }

    private static boolean complete(String response) {
        int end = response.indexOf("\r\n\r\n");
        return end >= 0 && response.startsWith("HTTP/1.1 1") ? response.indexOf("\r\n\r\n", end + 4) >= 0 : end >= 0;
    }

    /** The status lines, framing fields and body of what the client got (other fields are the proxies' own). */
    private static String summary(String response) {
        if (response.isEmpty()) {
            return "nothing";
        }
        StringBuilder summary = new StringBuilder();
        for (String line : response.split("\r\n", -1)) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (line.startsWith("HTTP/") || lower.startsWith("content-length:") || lower.startsWith("transfer-encoding:")
                    || lower.startsWith("connection:")) {
                summary.append(lower.startsWith("http/") ? line : lower).append("; ");
            }
        }
        int body = response.lastIndexOf("\r\n\r\n");
        String tail = body < 0 ? "" : response.substring(body + 4);
        return summary + "body [" + (tail.length() > 40 ? tail.substring(0, 40) + "..." : tail) + "]";
    }

    /** A server reading one request head (and the body it announces) per connection, answering a canned response. */
    private static final class RawOrigin implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final Thread thread;
        private volatile String answer = "";

        RawOrigin() throws IOException {
            thread = new Thread(this::serve, "raw-origin");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        void answer(String response) {
            received.clear();
            answer = response;
        }

        /** What the last connection brought, or "nothing" when no connection came within 400 ms. */
        String received() throws InterruptedException {
            String got = received.poll(400, TimeUnit.MILLISECONDS);
            return got == null ? "nothing" : got;
        }

        private void serve() {
            while (!listener.isClosed()) {
                try (Socket socket = listener.accept()) {
                    socket.setSoTimeout(500);
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    InputStream in = socket.getInputStream();
                    byte[] buffer = new byte[8192];
                    try {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            bytes.write(buffer, 0, n);
                            if (requestComplete(bytes.toString(StandardCharsets.ISO_8859_1))) {
                                break;
                            }
                        }
                    } catch (SocketTimeoutException e) {
                        // whatever came is what the proxy sent
                    }
                    received.add(bytes.toString(StandardCharsets.ISO_8859_1).replace("\r\n", "\\r\\n"));
                    socket.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().flush();
                } catch (IOException e) {
                    // closed listener, or a proxy that gave up: next connection
                }
            }
        }

        private static boolean requestComplete(String request) {
            int end = request.indexOf("\r\n\r\n");
            if (end < 0) {
                return false;
            }
            String head = request.substring(0, end).toLowerCase(java.util.Locale.ROOT);
            String body = request.substring(end + 4);
            if (head.contains("transfer-encoding: chunked")) {
                return body.endsWith("0\r\n\r\n");
            }
            int at = head.indexOf("content-length: ");
            if (at >= 0) {
                int eol = head.indexOf("\r\n", at);
                long length = Long.parseLong(head.substring(at + 16, eol < 0 ? head.length() : eol).trim());
                return body.length() >= length;
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
