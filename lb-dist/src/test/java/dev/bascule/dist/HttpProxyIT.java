package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

@Timeout(120)
final class HttpProxyIT {
    private static final int[] SIZES = {0, 1, 1000, 65_536, 1_048_576, 10 * 1_048_576};

    @Test
    void bodiesFromZeroToTenMebibytesPassIntactBothWaysWithLengthAndChunked() throws Exception {
        try (TestOrigin origin = new TestOrigin("o1"); Proxy proxy = Proxy.to(origin)) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Random random = new Random(42);
            for (int size : SIZES) {
                byte[] body = new byte[size];
                random.nextBytes(body);
                for (boolean chunkedRequest : new boolean[] {false, true}) {
                    for (boolean chunkedResponse : new boolean[] {false, true}) {
                        HttpRequest.Builder request = HttpRequest.newBuilder(proxy.uri("/echo?size=" + size))
                                .timeout(Duration.ofSeconds(30));
                        if (chunkedResponse) {
                            request.header("x-chunked", "1");
                        }
                        request.POST(chunkedRequest ? unknownLength(body) : HttpRequest.BodyPublishers.ofByteArray(body));
                        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                        assertThat(response.statusCode()).isEqualTo(200);
                        assertThat(response.body()).as("size %d chunked request %s chunked response %s", size,
                                chunkedRequest, chunkedResponse).isEqualTo(body);
                        if (chunkedResponse) {
                            assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
                        } else {
                            assertThat(response.headers().firstValueAsLong("content-length")).hasValue(size);
                        }
                    }
                }
            }
        }
    }

    @Test
    void keepAliveReusesTheClientAndTheServerConnection() throws Exception {
        try (TestOrigin origin = new TestOrigin("o1"); Proxy proxy = Proxy.to(origin);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port)) {
            socket.setSoTimeout(10_000);
            for (int i = 0; i < 5; i++) {
                send(socket, "GET /r" + i + " HTTP/1.1\r\nHost: test\r\n\r\n");
                String response = readResponse(socket.getInputStream());
                assertThat(response).startsWith("HTTP/1.1 200 OK").contains("x-seen-uri: /r" + i);
            }
            assertThat(origin.connections()).isEqualTo(1);
            assertThat(origin.requestLines()).containsExactly("GET /r0 HTTP/1.1", "GET /r1 HTTP/1.1",
                    "GET /r2 HTTP/1.1", "GET /r3 HTTP/1.1", "GET /r4 HTTP/1.1");
        }
    }

    @Test
    void http10ClientGetsItsAnswerAndTheConnectionCloses() throws Exception {
        try (TestOrigin origin = new TestOrigin("o1"); Proxy proxy = Proxy.to(origin);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port)) {
            socket.setSoTimeout(10_000);
            send(socket, "GET /old HTTP/1.0\r\n\r\n");
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(all).startsWith("HTTP/1.1 200 OK").contains("connection: close").contains("x-seen-uri: /old");
        }
    }

    @Test
    void refusedServerGives503() throws Exception {
        int closedPort = Embedded.freePort();
        try (Proxy proxy = Proxy.to("127.0.0.1:" + closedPort);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port)) {
            socket.setSoTimeout(10_000);
            send(socket, "GET / HTTP/1.1\r\nHost: test\r\n\r\n");
            assertThat(readResponse(socket.getInputStream())).isEqualTo("HTTP/1.1 503 Service Unavailable\r\n"
                    + "content-length: 107\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n\r\n"
                    + "<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n"
                    + "</body></html>\n");
        }
    }

    @Test
    void serverClosingBeforeAnsweringGives502AndTheProxyStaysUp() throws Exception {
        try (ServerSocket rude = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread closer = new Thread(() -> {
                for (int i = 0; i < 2; i++) {
                    try (Socket accepted = rude.accept()) {
                        accepted.getInputStream().read();
                        accepted.setSoLinger(true, 0); // reset
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            closer.start();
            try (Proxy proxy = Proxy.to("127.0.0.1:" + rude.getLocalPort())) {
                for (int i = 0; i < 2; i++) {
                    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port)) {
                        socket.setSoTimeout(10_000);
                        send(socket, "GET / HTTP/1.1\r\nHost: test\r\n\r\n");
                        assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 502 Bad Gateway\r\n");
                    }
                }
            }
            closer.join(10_000);
        }
    }

    @Test
    void silentServerGets504AfterTimeoutServer() throws Exception {
        int port = Embedded.freePort();
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             Embedded proxy = Embedded.start(String.join("\n",
                     "defaults",
                     "    mode http",
                     "    timeout connect 5s",
                     "    timeout client 30s",
                     "    timeout server 300ms",
                     "listen px",
                     "    bind 127.0.0.1:" + port,
                     "    server s1 127.0.0.1:" + silent.getLocalPort(),
                     ""));
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            send(socket, "GET / HTTP/1.1\r\nHost: test\r\n\r\n");
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 504 Gateway Time-out\r\n")
                    .endsWith("<html><body><h1>504 Gateway Time-out</h1>\nThe server didn't respond in time.\n</body></html>\n");
        }
    }

    @Test
    void incompleteRequestGets408AfterTimeoutHttpRequest() throws Exception {
        int port = Embedded.freePort();
        try (TestOrigin origin = new TestOrigin("o1");
             Embedded proxy = Embedded.start(String.join("\n",
                     "defaults",
                     "    mode http",
                     "    timeout connect 5s",
                     "    timeout client 30s",
                     "    timeout server 30s",
                     "    timeout http-request 300ms",
                     "listen px",
                     "    bind 127.0.0.1:" + port,
                     "    server s1 127.0.0.1:" + origin.port(),
                     ""));
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            send(socket, "GET / HTTP/1.1\r\nHost: te");
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(all).startsWith("HTTP/1.1 408 Request Time-out\r\n");
            assertThat(origin.connections()).isZero();
        }
    }

    @Test
    void malformedRequestGets400() throws Exception {
        try (TestOrigin origin = new TestOrigin("o1"); Proxy proxy = Proxy.to(origin);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port)) {
            socket.setSoTimeout(10_000);
            send(socket, "GET / HTTP/1.1\r\nHost: test\r\nno colon here\r\n\r\n");
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(all).startsWith("HTTP/1.1 400 Bad request\r\n");
            assertThat(origin.connections()).isZero();
        }
    }

    /** A body whose length is not announced, so the client sends it chunked. */
    static HttpRequest.BodyPublisher unknownLength(byte[] body) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    }

    static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads one response with a content-length (or none) from the stream. */
    static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        String headText = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headText.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return headText + new String(body, StandardCharsets.ISO_8859_1);
    }

    /** Bascule in front of one server. */
    static final class Proxy implements AutoCloseable {
        final int port;
        private final Embedded embedded;

        private Proxy(String server) {
            port = Embedded.freePort();
            embedded = Embedded.start(String.join("\n",
                    "defaults",
                    "    mode http",
                    "    timeout connect 5s",
                    "    timeout client 30s",
                    "    timeout server 30s",
                    "frontend fe",
                    "    bind 127.0.0.1:" + port,
                    "    default_backend be",
                    "backend be",
                    "    server s1 " + server,
                    ""));
        }

        static Proxy to(TestOrigin origin) {
            return new Proxy("127.0.0.1:" + origin.port());
        }

        static Proxy to(String server) {
            return new Proxy(server);
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        @Override
        public void close() {
            embedded.close();
        }
    }
}
