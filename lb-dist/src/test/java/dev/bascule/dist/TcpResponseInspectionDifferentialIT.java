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
import java.util.concurrent.TimeUnit;

/**
 * {@code tcp-response inspect-delay} with {@code tcp-response content} rules on {@code res.payload},
 * on haproxy 2.6 and on Bascule, same configuration: a server whose answer comes in two pieces
 * 300 ms apart is let through once whole; one that answers something else is rejected at once;
 * one that stops halfway is rejected when the delay is over. Compared: what the client receives.
 */
@Timeout(60)
final class TcpResponseInspectionDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    /** A server that reads a request, then writes {@code pieces} with {@code pauseMillis} between them and keeps the connection open. */
    private static final class Answering implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread thread;
        private final List<Socket> accepted = new ArrayList<>();

        Answering(long pauseMillis, String... pieces) throws IOException {
            socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket client = socket.accept();
                        synchronized (accepted) {
                            accepted.add(client);
                        }
                        client.getInputStream().read(new byte[100]);
                        for (int i = 0; i < pieces.length; i++) {
                            if (i > 0) {
                                Thread.sleep(pauseMillis);
                            }
                            client.getOutputStream().write(pieces[i].getBytes(StandardCharsets.ISO_8859_1));
                            client.getOutputStream().flush();
                        }
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            }, "answering-" + socket.getLocalPort());
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (accepted) {
                for (Socket client : accepted) {
                    client.close();
                }
            }
        }
    }

    private static String config(int[] ports, Answering... servers) {
        StringBuilder out = new StringBuilder(String.join("\n",
                "defaults",
                "    mode tcp",
                "    timeout client 5s",
                "    timeout server 5s",
                "    timeout connect 2s",
                ""));
        for (int i = 0; i < servers.length; i++) {
            out.append(String.join("\n",
                    "listen l" + i,
                    "    bind 127.0.0.1:" + ports[i],
                    "    tcp-response inspect-delay 1s",
                    "    tcp-response content accept if { res.payload(0,5) -m str +PONG }",
                    "    tcp-response content reject",
                    "    server s 127.0.0.1:" + servers[i].port(),
                    ""));
        }
        return out.toString();
    }

    /** What a client that sends PING gets before the connection closes (or 3 s pass). */
    private static String exchange(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(3000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[256];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    got.write(buffer, 0, n);
                    if (got.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n")) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                got.writeBytes("<no end>".getBytes(StandardCharsets.ISO_8859_1));
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static Map<String, String> script(int[] ports) throws IOException {
        Map<String, String> seen = new LinkedHashMap<>();
        seen.put("answer in two pieces", exchange(ports[0]));
        seen.put("another answer", exchange(ports[1]));
        seen.put("half an answer", exchange(ports[2]));
        return seen;
    }

    @Test
    void responseRulesWaitForTheServersBytesAsHaproxy(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "haproxy 2.6 is the reference");
        try (Answering split = new Answering(300, "+PO", "NG\r\n");
             Answering error = new Answering(0, "-ERR\r\n");
             Answering half = new Answering(0, "+P")) {
            int[] basculePorts = {Embedded.freePort(), Embedded.freePort(), Embedded.freePort()};
            Map<String, String> actual;
            try (Embedded bascule = Embedded.start(config(basculePorts, split, error, half))) {
                actual = script(basculePorts);
            }
            int[] haproxyPorts = {Embedded.freePort(), Embedded.freePort(), Embedded.freePort()};
            Files.writeString(temp.resolve("test.cfg"), config(haproxyPorts, split, error, half));
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", "test.cfg")
                    .directory(temp.toFile()).redirectErrorStream(true)
                    .redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            Map<String, String> expected;
            try {
                for (int port : haproxyPorts) {
                    CommandLineIT.awaitListening(port);
                }
                expected = script(haproxyPorts);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            assertThat(actual).isEqualTo(expected);
            assertThat(actual).containsEntry("answer in two pieces", "+PONG\r\n")
                    .containsEntry("another answer", "").containsEntry("half an answer", "");
        }
    }
}
