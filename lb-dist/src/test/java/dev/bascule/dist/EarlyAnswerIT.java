package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * A server that answers before it has read the request body (an early 200, 401, 413...): the
 * client gets the answer, the upload still reaches the server (HAProxy's http_end_response() lets
 * it pass through), nothing leaks and the proxy goes on serving. It used to throw on the next body
 * chunk and leak it, until direct memory ran out.
 */
final class EarlyAnswerIT {
    private static final byte[] BODY = new byte[1024 * 1024];
    private static final String ANSWER = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n";

    static {
        Arrays.fill(BODY, (byte) 'x');
    }

    @Test
    void uploadsToAServerThatAnswersFirstAllSucceedAndTheBodyStillReachesIt() throws Exception {
        try (EarlyServer server = new EarlyServer(false);
             HttpProxyIT.Proxy proxy = HttpProxyIT.Proxy.to("127.0.0.1:" + server.port())) {
            for (boolean chunked : new boolean[] {false, true}) {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port)) {
                    socket.setSoTimeout(10_000);
                    InputStream in = new BufferedInputStream(socket.getInputStream());
                    for (int i = 0; i < 10; i++) {
                        upload(socket.getOutputStream(), chunked);
                        assertThat(HttpProxyIT.readResponse(in)).as("upload %d, chunked %s", i, chunked)
                                .startsWith("HTTP/1.1 200 OK\r\n").endsWith("ok\n");
                    }
                    // the connection is still good for a request without body
                    HttpProxyIT.send(socket, "GET / HTTP/1.1\r\nHost: test\r\n\r\n");
                    assertThat(HttpProxyIT.readResponse(in)).startsWith("HTTP/1.1 200 OK\r\n");
                }
            }
            assertThat(server.bodyBytes()).as("every body reached the server").isEqualTo(20L * BODY.length);
        }
    }

    @Test
    void aServerThatAnswersAndClosesLeavesTheClientItsAnswer() throws Exception {
        try (EarlyServer server = new EarlyServer(true);
             HttpProxyIT.Proxy proxy = HttpProxyIT.Proxy.to("127.0.0.1:" + server.port())) {
            for (boolean chunked : new boolean[] {false, true}) {
                for (int i = 0; i < 5; i++) {
                    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port)) {
                        socket.setSoTimeout(10_000);
                        upload(socket.getOutputStream(), chunked);
                        assertThat(HttpProxyIT.readResponse(socket.getInputStream())).as("upload %d, chunked %s", i, chunked)
                                .startsWith("HTTP/1.1 413 Payload Too Large\r\n").endsWith("big\n");
                    }
                }
            }
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port)) {
                socket.setSoTimeout(10_000);
                HttpProxyIT.send(socket, "GET / HTTP/1.1\r\nHost: test\r\n\r\n");
                assertThat(HttpProxyIT.readResponse(socket.getInputStream())).startsWith("HTTP/1.1 413 ");
            }
        }
    }

    private static void upload(OutputStream out, boolean chunked) throws IOException {
        String head = "POST /upload HTTP/1.1\r\nHost: test\r\n"
                + (chunked ? "Transfer-Encoding: chunked\r\n\r\n" : "Content-Length: " + BODY.length + "\r\n\r\n");
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        if (chunked) {
            int chunk = 64 * 1024;
            for (int offset = 0; offset < BODY.length; offset += chunk) {
                out.write((Integer.toHexString(chunk) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(BODY, offset, chunk);
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } else {
            out.write(BODY);
        }
        out.flush();
    }

    /**
     * Answers each request as soon as its head is read; then either reads (and counts) its body and
     * waits for the next request, or closes as nginx does after a 413 (lingering: its output shut, the
     * rest of the input read and dropped).
     */
    private static final class EarlyServer implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final boolean closeAfterAnswer;
        private final AtomicInteger bodyBytes = new AtomicInteger();
        private final Thread acceptor;

        EarlyServer(boolean closeAfterAnswer) throws IOException {
            this.closeAfterAnswer = closeAfterAnswer;
            acceptor = new Thread(this::accept, "early-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        long bodyBytes() {
            return bodyBytes.get();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    Thread connection = new Thread(() -> serve(socket), "early-server-connection");
                    connection.setDaemon(true);
                    connection.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket socket) {
            try (socket) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                while (true) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    if (closeAfterAnswer) {
                        out.write(("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbig\n")
                                .getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        // nginx's lingering close: no more output, the rest of the input read and dropped
                        socket.shutdownOutput();
                        socket.setSoTimeout(2_000);
                        in.transferTo(OutputStream.nullOutputStream());
                        return;
                    }
                    out.write(ANSWER.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    String lower = head.toLowerCase(Locale.ROOT);
                    if (lower.contains("transfer-encoding: chunked")) {
                        readChunked(in);
                    } else {
                        int at = lower.indexOf("content-length:");
                        if (at >= 0) {
                            int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf('\r', at)).trim());
                            in.skipNBytes(length);
                            bodyBytes.addAndGet(length);
                        }
                    }
                }
            } catch (IOException e) {
                // the proxy closed the connection
            }
        }

        private void readChunked(InputStream in) throws IOException {
            while (true) {
                String size = readLine(in);
                int length = Integer.parseInt(size.trim(), 16);
                if (length == 0) {
                    readLine(in);
                    return;
                }
                in.skipNBytes(length);
                bodyBytes.addAndGet(length);
                readLine(in);
            }
        }

        private static String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    return null;
                }
                if (line.isEmpty()) {
                    return head.toString();
                }
                head.append(line).append("\r\n");
            }
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    return null;
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
