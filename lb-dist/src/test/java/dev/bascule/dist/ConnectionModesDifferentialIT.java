package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HAProxy's HTTP connection modes on the wire ({@code option http-keep-alive}, {@code
 * http-server-close}, {@code httpclose}, {@code http-pretend-keepalive}, in frontends, backends,
 * listen and defaults sections): the same configuration run by the real HAProxy 2.6 and by
 * Bascule, the same keep-alive requests sent over a raw socket to each, and for each case the
 * same bytes must come back to the client, the client connection must be closed (or not) after
 * the same response, and the server must receive the same request bytes on the same connections,
 * each closed the same way (a FIN, a reset, or kept open).
 */
@Timeout(240)
final class ConnectionModesDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    private static final String GET11 = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n";
    private static final String GET11_CLOSE = "GET /c HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n";
    private static final String GET11_KEEP = "GET /k HTTP/1.1\r\nHost: h\r\nConnection: keep-alive\r\n\r\n";
    private static final String GET10 = "GET /0 HTTP/1.0\r\nHost: h\r\n\r\n";
    private static final String GET10_KEEP = "GET /0k HTTP/1.0\r\nHost: h\r\nConnection: keep-alive\r\n\r\n";
    private static final String POST11 = "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc";

    /** What the server answers to every request, and whether it closes its connection after. */
    private enum Answer {
        KEEP("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false),
        KEEP_SAID("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok", false),
        CLOSE("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok", true),
        HTTP10_OPEN("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", false),
        HTTP10_KEEP("HTTP/1.0 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok", false),
        NO_LENGTH("HTTP/1.1 200 OK\r\n\r\nok", true),
        CHUNKED("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", false),
        /** Nothing listens: connections are refused (the proxy answers 503). */
        REFUSED("", true);

        final byte[] bytes;
        final boolean closes;

        Answer(String text, boolean closes) {
            this.bytes = text.getBytes(StandardCharsets.ISO_8859_1);
            this.closes = closes;
        }
    }

    /**
     * One case: a frontend's and its backend's own lines (after a defaults section's lines, when
     * set), or a listen section's when {@code listen}; the server's answer; the requests sent one
     * after the other on one client connection.
     */
    private record Case(String name, String defaults, String frontend, String backend, boolean listen, Answer answer,
                        List<String> requests) {
        static Case of(String name, String frontend, String backend, Answer answer, String... requests) {
            return new Case(name, "", frontend, backend, false, answer, List.of(requests));
        }
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        String scl = "option http-server-close";
        String clo = "option httpclose";
        String pka = "option http-pretend-keepalive";
        cases.add(Case.of("keep-alive", "", "", Answer.KEEP, GET11, GET11, GET11));
        cases.add(Case.of("server-close in the frontend", scl, "", Answer.KEEP, GET11, GET11, GET11));
        cases.add(Case.of("server-close in the backend", "", scl, Answer.KEEP, GET11, GET11, GET11));
        cases.add(Case.of("httpclose in the frontend", clo, "", Answer.KEEP, GET11, GET11));
        cases.add(Case.of("httpclose in the backend", "", clo, Answer.KEEP, GET11, GET11, GET11));
        cases.add(Case.of("server-close, then httpclose in the backend", scl, clo, Answer.KEEP, GET11, GET11));
        cases.add(Case.of("server-close pretending keep-alive", scl, pka, Answer.KEEP, GET11, GET11, GET10_KEEP,
                GET11_CLOSE));
        cases.add(Case.of("httpclose pretending keep-alive", clo, pka, Answer.KEEP, GET11, GET11));
        cases.add(Case.of("pretend-keepalive alone", "", pka, Answer.KEEP, GET11, GET11));
        cases.add(Case.of("keep-alive, HTTP/1.0 server that does not close", "", "", Answer.HTTP10_OPEN, GET11, GET11));
        cases.add(Case.of("keep-alive, server says close", "", "", Answer.CLOSE, GET11, GET11));
        cases.add(Case.of("server-close, server says close", scl, "", Answer.CLOSE, GET11, GET11));
        cases.add(Case.of("server-close, server says keep-alive", scl, "", Answer.KEEP_SAID, GET11, GET11));
        cases.add(Case.of("server-close, HTTP/1.0 server keeping alive", scl, "", Answer.HTTP10_KEEP, GET11, GET11));
        cases.add(Case.of("server-close, chunked answers", scl, "", Answer.CHUNKED, GET11, GET11));
        cases.add(Case.of("server-close, an answer without length", scl, "", Answer.NO_LENGTH, GET11, GET11));
        cases.add(Case.of("server-close, a body", scl, "", Answer.KEEP, POST11, POST11));
        cases.add(Case.of("keep-alive, a 503 to a client that closes", "", "retries 0", Answer.REFUSED, GET11_CLOSE));
        cases.add(Case.of("keep-alive, a 503 to an HTTP/1.0 client", "", "retries 0", Answer.REFUSED, GET10));
        cases.add(Case.of("httpclose, a 503", clo, "retries 0", Answer.REFUSED, GET11, GET11));
        cases.add(Case.of("server-close, 503s", scl, "retries 0", Answer.REFUSED, GET11, GET11));
        cases.add(Case.of("server-close, pipelined requests", scl, "", Answer.KEEP, GET11 + GET11 + GET11, GET11));
        cases.add(Case.of("httpclose, pipelined requests", clo, "", Answer.KEEP, GET11 + GET11));
        cases.add(Case.of("server-close, HTTP/1.0 clients", scl, "", Answer.KEEP, GET10_KEEP, GET10_KEEP, GET10));
        cases.add(Case.of("server-close, the client closes", scl, "", Answer.KEEP, GET11_KEEP, GET11_CLOSE));
        cases.add(Case.of("httpclose, HTTP/1.0 client keeping alive", clo, "", Answer.KEEP, GET10_KEEP, GET11));
        cases.add(Case.of("httpclose, client keeping alive", clo, "", Answer.KEEP, GET11_KEEP, GET11));
        cases.add(Case.of("keep-alive, HTTP/1.0 client", "", "", Answer.KEEP, GET10));
        cases.add(Case.of("keep-alive, the client closes", "", "", Answer.KEEP, GET11, GET11_CLOSE));
        cases.add(Case.of("httpclose, a deny", clo + "\n    http-request deny", "", Answer.KEEP, GET11, GET11));
        cases.add(Case.of("httpclose, a return", clo + "\n    http-request return status 200", "", Answer.KEEP,
                GET10_KEEP, GET11));
        cases.add(Case.of("httpclose in the backend, a deny there", "", clo + "\n    http-request deny", Answer.KEEP,
                GET11, GET11));
        cases.add(Case.of("httpclose, a redirect", clo + "\n    http-request redirect location /x", "", Answer.KEEP,
                GET11, GET11));
        cases.add(Case.of("httpclose, a rule says keep-alive", clo + "\n    http-response set-header Connection"
                + " keep-alive", "", Answer.KEEP, GET11, GET11));
        cases.add(Case.of("keep-alive, a rule says close", "http-response set-header Connection close", "",
                Answer.KEEP, GET11, GET11));
        cases.add(new Case("listen with httpclose", "", clo, "", true, Answer.KEEP, List.of(GET11, GET11)));
        cases.add(new Case("listen with server-close", "", scl, "", true, Answer.KEEP, List.of(GET11, GET11)));
        cases.add(new Case("defaults server-close, undone in the frontend only", scl,
                "no option http-server-close", "", false, Answer.KEEP, List.of(GET11, GET11)));
        cases.add(new Case("defaults server-close, undone in both", scl, "no option http-server-close",
                "no option http-server-close", false, Answer.KEEP, List.of(GET11, GET11)));
        cases.add(new Case("defaults httpclose, keep-alive in the frontend", clo + "\n    " + pka,
                "option http-keep-alive", "", false, Answer.KEEP, List.of(GET11, GET11, GET10)));
        cases.add(new Case("defaults httpclose, 'no option http-keep-alive' changes nothing", clo,
                "no option http-keep-alive", "", false, Answer.KEEP, List.of(GET11, GET11)));
        return cases;
    }

    @Test
    void everyModeBehavesAsHaproxysOnBothSides(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        List<Case> cases = cases();
        List<RecordingOrigin> origins = new ArrayList<>();
        try {
            for (Case c : cases) {
                origins.add(RecordingOrigin.start(c.answer()));
            }
            Map<String, String> expected;
            int[] haproxyPorts = freePorts(cases.size());
            Path config = temp.resolve("haproxy.cfg");
            Files.writeString(config, config(cases, origins, haproxyPorts));
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            try {
                for (int port : haproxyPorts) {
                    CommandLineIT.awaitListening(port);
                }
                expected = run(cases, origins, haproxyPorts);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            origins.forEach(RecordingOrigin::reset);
            int[] basculePorts = freePorts(cases.size());
            Map<String, String> actual;
            try (Embedded bascule = Embedded.start(config(cases, origins, basculePorts))) {
                actual = run(cases, origins, basculePorts);
            }
            for (Case c : cases) {
                assertThat(actual.get(c.name())).as("%s", c).isEqualTo(expected.get(c.name()));
            }
        } finally {
            origins.forEach(RecordingOrigin::close);
        }
    }

    /**
     * Ports free right now, all different, and not in TIME_WAIT either (the sockets are bound
     * without SO_REUSEADDR, as a listener may be): the earlier run's client connections leave some.
     */
    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                sockets.add(socket);
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static String config(List<Case> cases, List<RecordingOrigin> origins, int[] ports) {
        StringBuilder config = new StringBuilder();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            config.append("defaults\n    mode http\n    timeout connect 5s\n    timeout client 10s\n")
                    .append("    timeout server 10s\n");
            if (!c.defaults().isEmpty()) {
                config.append("    ").append(c.defaults()).append('\n');
            }
            String server = "    server s 127.0.0.1:" + origins.get(i).port() + "\n";
            if (c.listen()) {
                config.append("listen l").append(i).append("\n    bind 127.0.0.1:").append(ports[i]).append('\n')
                        .append("    ").append(c.frontend()).append('\n').append(server);
                continue;
            }
            config.append("frontend f").append(i).append("\n    bind 127.0.0.1:").append(ports[i]).append('\n');
            if (!c.frontend().isEmpty()) {
                config.append("    ").append(c.frontend()).append('\n');
            }
            config.append("    default_backend b").append(i).append('\n');
            config.append("backend b").append(i).append('\n');
            if (!c.backend().isEmpty()) {
                config.append("    ").append(c.backend()).append('\n');
            }
            config.append(server);
        }
        return config.toString();
    }

    /**
     * Each case's transcript: what the client got and when its connection closed, what the server
     * got and how its connections ended, taken right after the case (before idle server
     * connections are purged).
     */
    private static Map<String, String> run(List<Case> cases, List<RecordingOrigin> origins, int[] ports)
            throws IOException, InterruptedException {
        Map<String, String> transcripts = new LinkedHashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            String client = exchange(ports[i], cases.get(i).requests());
            // the server connections a proxy closes go right after the responses
            Thread.sleep(250);
            transcripts.put(cases.get(i).name(), "client:\n" + client + "server:\n" + origins.get(i).transcript());
        }
        return transcripts;
    }

    /**
     * Sends the requests one after the other on one connection, each after the previous response;
     * the transcript has each response and where the proxy closed the connection.
     */
    private static String exchange(int port, List<String> requests) throws IOException {
        StringBuilder transcript = new StringBuilder();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (String request : requests) {
                try {
                    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    // pipelined requests are sent in one write: as many responses come back
                    for (int i = request.split(" HTTP/1\\.", -1).length - 1; i > 0; i--) {
                        String response = readResponse(in, request.startsWith("HEAD "));
                        if (response == null) {
                            transcript.append("<closed>\n");
                            return transcript.toString();
                        }
                        transcript.append(response).append('\n');
                    }
                } catch (SocketException reset) {
                    transcript.append("<closed>\n");
                    return transcript.toString();
                }
            }
            // after the last response: closed by the proxy, or kept open
            socket.setSoTimeout(700);
            try {
                transcript.append(in.read() < 0 ? "<closed>\n" : "<more bytes>\n");
            } catch (SocketTimeoutException open) {
                transcript.append("<open>\n");
            } catch (SocketException reset) {
                transcript.append("<closed>\n");
            }
        }
        return transcript.toString();
    }

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");
    private static final Pattern CHUNKED = Pattern.compile("(?im)^transfer-encoding:.*chunked");

    /** One response as it came (head and body), or null when the connection ended before it. */
    private static String readResponse(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int last = 0;
        while (last != 0x0D0A0D0A) {
            int b = in.read();
            if (b < 0) {
                return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1) + "<cut>";
            }
            bytes.write(b);
            last = last << 8 | b;
        }
        String headText = bytes.toString(StandardCharsets.ISO_8859_1);
        Matcher length = CONTENT_LENGTH.matcher(headText);
        if (head) {
            return headText;
        }
        if (length.find()) {
            for (int i = Integer.parseInt(length.group(1)); i > 0; i--) {
                int b = in.read();
                if (b < 0) {
                    return bytes.toString(StandardCharsets.ISO_8859_1) + "<cut>";
                }
                bytes.write(b);
            }
        } else if (CHUNKED.matcher(headText).find()) {
            // the test's server sends one chunk then the last one, without trailers
            int tail = 0;
            while (tail != 0x300D0A0D) {
                int b = in.read();
                if (b < 0) {
                    return bytes.toString(StandardCharsets.ISO_8859_1) + "<cut>";
                }
                bytes.write(b);
                tail = tail << 8 | b;
            }
            bytes.write(in.read());
        } else {
            int b;
            while ((b = in.read()) >= 0) {
                bytes.write(b);
            }
            bytes.write("<end of connection>".getBytes(StandardCharsets.ISO_8859_1));
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * A server that answers every request with its {@link Answer} and records, per connection in
     * the order they came, the request bytes it received and how the connection ended: a FIN, a
     * reset, or still open.
     */
    private static final class RecordingOrigin implements AutoCloseable {
        private final ServerSocket listener;
        private final Answer answer;
        private final List<Socket> sockets = new ArrayList<>();
        private List<StringBuffer> connections = new ArrayList<>();

        private RecordingOrigin(ServerSocket listener, Answer answer) {
            this.listener = listener;
            this.answer = answer;
        }

        static RecordingOrigin start(Answer answer) throws IOException {
            RecordingOrigin origin = new RecordingOrigin(new ServerSocket(0, 64, InetAddress.getLoopbackAddress()),
                    answer);
            if (answer == Answer.REFUSED) {
                origin.listener.close();
                return origin;
            }
            Thread acceptor = new Thread(origin::accept, "origin-" + origin.port());
            acceptor.setDaemon(true);
            acceptor.start();
            return origin;
        }

        int port() {
            return listener.getLocalPort();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    StringBuffer record = new StringBuffer();
                    synchronized (this) {
                        sockets.add(socket);
                        connections.add(record);
                    }
                    Thread serving = new Thread(() -> serve(socket, record), "origin-connection");
                    serving.setDaemon(true);
                    serving.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket socket, StringBuffer record) {
            try (socket) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                while (true) {
                    String head = readRequest(in);
                    if (head == null) {
                        record.append("<FIN>\n");
                        return;
                    }
                    record.append(head).append('\n');
                    socket.getOutputStream().write(answer.bytes);
                    socket.getOutputStream().flush();
                    if (answer.closes) {
                        record.append("<server closed>\n");
                        return;
                    }
                }
            } catch (SocketException e) {
                record.append(e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("reset")
                        ? "<RST>\n" : "<" + e.getMessage() + ">\n");
            } catch (IOException e) {
                record.append("<").append(e).append(">\n");
            }
        }

        /** A request head and its body (by Content-Length), or null at the end of the connection. */
        private static String readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int last = 0;
            while (last != 0x0D0A0D0A) {
                int b = in.read();
                if (b < 0) {
                    return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1) + "<cut>";
                }
                bytes.write(b);
                last = last << 8 | b;
            }
            Matcher length = CONTENT_LENGTH.matcher(bytes.toString(StandardCharsets.ISO_8859_1));
            if (length.find()) {
                for (int i = Integer.parseInt(length.group(1)); i > 0; i--) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    bytes.write(b);
                }
            }
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }

        /** The connections so far: each one's requests and how it ended ({@code <open>} when it has not). */
        synchronized String transcript() {
            StringBuilder transcript = new StringBuilder();
            for (int i = 0; i < connections.size(); i++) {
                String record = connections.get(i).toString();
                transcript.append("connection ").append(i + 1).append(":\n").append(record);
                if (!record.endsWith(">\n")) {
                    transcript.append("<open>\n");
                }
            }
            return transcript.toString();
        }

        /** Forgets the connections (the next run records its own); those still open are closed. */
        synchronized void reset() {
            connections = new ArrayList<>();
            closeSockets();
        }

        private void closeSockets() {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            sockets.clear();
        }

        @Override
        public synchronized void close() {
            try {
                listener.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            closeSockets();
        }
    }
}
