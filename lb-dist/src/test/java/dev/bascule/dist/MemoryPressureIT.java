package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Direct memory is a resource with a limit: clients that start uploads and stall hold the proxy's
 * buffers ({@code option http-buffer-request} keeps up to a buffer's worth of each body while it
 * waits) until there are none left. The proxy closes the connections it
 * cannot serve, says so at the default log level, refuses new ones for a moment, and serves again
 * once the pressure is gone, without leaking a buffer. (It used to go from serving to answering
 * nothing, for good, once leaks had filled its direct memory.)
 */
final class MemoryPressureIT {
    private static final Path BIN = Path.of(System.getProperty("bascule.home", "target/bascule"), "bin/bascule");
    private static final int SLOW_CLIENTS = 600;

    @Test
    void buffersRunningShortCostTheNewestWorkAndTheProxyRecovers(@TempDir Path temp) throws Exception {
        try (BigOrigin origin = new BigOrigin()) {
            int port = Embedded.freePort();
            Path config = Files.writeString(temp.resolve("memory.cfg"), String.join("\n",
                    "global",
                    "    maxconn 2000",
                    "defaults",
                    "    mode http",
                    "    timeout connect 2s",
                    "    timeout client 30s",
                    "    timeout server 30s",
                    "    timeout http-request 20s",
                    "    option http-buffer-request",
                    "listen px",
                    "    bind 127.0.0.1:" + port,
                    "    server s1 127.0.0.1:" + origin.port(),
                    ""));
            ProcessBuilder builder = new ProcessBuilder(BIN.toString(), "-db", "-f", config.toString());
            builder.environment().put("BASCULE_JAVA_OPTS",
                    "-XX:MaxDirectMemorySize=4m -Dio.netty.leakDetection.level=paranoid");
            Path stderr = temp.resolve("stderr");
            builder.redirectError(stderr.toFile()).redirectOutput(temp.resolve("stdout").toFile());
            Process bascule = builder.start();
            try {
                List<Socket> slow = new ArrayList<>();
                try {
                    CommandLineIT.awaitListening(port);
                    for (int i = 0; i < SLOW_CLIENTS; i++) {
                        Socket socket = new Socket();
                        try {
                            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
                            HttpProxyIT.send(socket, "POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 1048576\r\n\r\n"
                                    + "x".repeat(15_000));
                        } catch (IOException refused) {
                            // a connection refused under pressure is what the test looks for
                        }
                        slow.add(socket);
                    }
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (!Files.readString(stderr).contains("Direct memory exhausted") && System.nanoTime() < deadline) {
                        Thread.sleep(200);
                    }
                    assertThat(Files.readString(stderr)).as("the shortage is reported at the default level")
                            .contains("WARN").contains("Direct memory exhausted");
                } finally {
                    for (Socket socket : slow) {
                        socket.close();
                    }
                }
                try {
                    // once the slow clients are gone, the proxy serves again
                    String answer = "";
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (!answer.startsWith("HTTP/1.1 200") && System.nanoTime() < deadline) {
                        Thread.sleep(300);
                        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                            socket.setSoTimeout(5_000);
                            HttpProxyIT.send(socket, "GET /small HTTP/1.1\r\nHost: test\r\n\r\n");
                            answer = HttpProxyIT.readResponse(new BufferedInputStream(socket.getInputStream()));
                        } catch (IOException notYet) {
                            answer = "";
                        }
                    }
                    assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").endsWith("small");
                    for (int i = 0; i < 20; i++) {
                        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                            socket.setSoTimeout(5_000);
                            HttpProxyIT.send(socket, "GET /small HTTP/1.1\r\nHost: test\r\n\r\n");
                            assertThat(HttpProxyIT.readResponse(new BufferedInputStream(socket.getInputStream())))
                                    .startsWith("HTTP/1.1 200 OK\r\n");
                        }
                    }
                } finally {
                    new ProcessBuilder("kill", "-TERM", Long.toString(bascule.pid())).start().waitFor();
                    assertThat(bascule.waitFor(20, TimeUnit.SECONDS)).as("stopped by SIGTERM").isTrue();
                }
            } finally {
                // never left running, whatever failed above
                if (bascule.isAlive()) {
                    bascule.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            String errors = Files.readString(stderr);
            assertThat(errors).doesNotContain("LEAK:");
            System.out.println("memory-pressure: " + errors.lines().filter(line -> line.contains("Direct memory"))
                    .findFirst().orElse("(no warning)"));
        }
    }

    /** An origin answering {@code /big} with 8 MiB and anything else with "small", on a thread per connection. */
    private static final class BigOrigin implements AutoCloseable {
        private static final byte[] CHUNK = new byte[64 * 1024];
        private final ServerSocket listener = new ServerSocket(0, 500, InetAddress.getLoopbackAddress());

        BigOrigin() throws IOException {
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket socket = listener.accept();
                        Thread connection = new Thread(() -> serve(socket));
                        connection.setDaemon(true);
                        connection.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private static void serve(Socket socket) {
            try (socket) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                while (true) {
                    StringBuilder head = new StringBuilder();
                    int b;
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        if ((b = in.read()) < 0) {
                            return;
                        }
                        head.append((char) b);
                    }
                    if (head.toString().startsWith("GET /big")) {
                        int chunks = 128;
                        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + chunks * CHUNK.length + "\r\n\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1));
                        for (int i = 0; i < chunks; i++) {
                            out.write(CHUNK);
                        }
                    } else {
                        out.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nsmall".getBytes(StandardCharsets.ISO_8859_1));
                    }
                    out.flush();
                }
            } catch (IOException e) {
                // the proxy closed the connection
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
