package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Hostile and careless clients against {@code tcp-request inspect-delay} rules and servers against
 * {@code tcp-response inspect-delay} rules: connections closed, half-closed or reset while their
 * bytes are held, random and corrupted TLS hellos, more bytes than a buffer holds. Nothing may be
 * lost (what is let through reaches the other side whole and in order), nothing may leak (Netty's
 * paranoid leak detector watches the embedded proxy), and the proxy goes on serving.
 */
@Timeout(120)
final class ContentInspectionHostileIT {
    /** Echoes what it reads until the client's FIN, then closes. */
    private static LoopbackServer echo() throws IOException {
        return new LoopbackServer("echo", connection -> {
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        });
    }

    /** Sends {@code bytes}, shuts its output, and returns all it reads back. */
    private static byte[] roundTrip(int port, byte[] bytes) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try {
                    socket.getInputStream().transferTo(got);
                } catch (IOException e) {
                    // reset: what came is what counts
                }
            });
            reader.start();
            try {
                socket.getOutputStream().write(bytes);
                socket.shutdownOutput();
            } catch (SocketException e) {
                // rejected while writing
            }
            try {
                reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return got.toByteArray();
        }
    }

    @Test
    void heldBytesAreNeitherLostNorLeaked() throws Exception {
        try (LoopbackServer echo = echo()) {
            int port = Embedded.freePort();
            int responsePort = Embedded.freePort();
            String config = String.join("\n",
                    "defaults",
                    "    mode tcp",
                    "    timeout client 5s",
                    "    timeout server 5s",
                    "    timeout connect 2s",
                    "frontend fe",
                    "    bind 127.0.0.1:" + port,
                    "    tcp-request inspect-delay 200ms",
                    "    tcp-request content reject if { req.payload(0,3) -m str BAD }",
                    "    tcp-request content accept if { req.ssl_hello_type 1 }",
                    "    tcp-request content accept if { req.len ge 64 }",
                    "    use_backend tls if { req.ssl_sni -m found }",
                    "    default_backend plain",
                    "backend tls",
                    "    tcp-request inspect-delay 100ms",
                    "    tcp-request content accept if { req.ssl_ver ge 3.1 }",
                    "    server echo 127.0.0.1:" + echo.port(),
                    "backend plain",
                    "    server echo 127.0.0.1:" + echo.port(),
                    "listen response",
                    "    bind 127.0.0.1:" + responsePort,
                    "    tcp-response inspect-delay 200ms",
                    "    tcp-response content reject if { res.payload(0,3) -m str BAD }",
                    "    tcp-response content accept if { res.len ge 32 }",
                    "    server echo 127.0.0.1:" + echo.port(),
                    "");
            try (Embedded bascule = Embedded.start(config)) {
                SplittableRandom random = new SplittableRandom(7);
                byte[] hello = TlsHello.bytes("a.example");
                int through = 0;
                for (int round = 0; round < 300; round++) {
                    int target = random.nextBoolean() ? port : responsePort;
                    int kind = random.nextInt(6);
                    byte[] bytes = switch (kind) {
                        // a corrupted hello, cut anywhere
                        case 0 -> {
                            byte[] copy = hello.clone();
                            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
                            yield Arrays.copyOf(copy, 1 + random.nextInt(copy.length));
                        }
                        case 1 -> hello;
                        case 2 -> "BAD request".getBytes();
                        // more than a buffer holds
                        case 3 -> random(random, 20_000 + random.nextInt(20_000));
                        default -> random(random, 1 + random.nextInt(200));
                    };
                    if (random.nextInt(4) == 0) {
                        // gone while held: closed or reset with its bytes in the proxy
                        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), target)) {
                            socket.setSoLinger(random.nextBoolean(), 0);
                            socket.getOutputStream().write(bytes, 0, Math.min(bytes.length, 100));
                        }
                        continue;
                    }
                    byte[] back = roundTrip(target, bytes);
                    if (back.length > 0) {
                        through++;
                        // let through: whole and in order
                        assertThat(back).as("round %d, kind %d, %d bytes", round, kind, bytes.length)
                                .isEqualTo(bytes);
                    }
                    if (kind == 3) {
                        assertThat(back).as("a big plain payload goes through, round %d", round).hasSize(bytes.length);
                    }
                }
                assertThat(through).as("connections let through").isGreaterThan(100);
                // still serving
                byte[] last = random(random, 5000);
                assertThat(roundTrip(port, last)).isEqualTo(last);
                assertThat(roundTrip(responsePort, last)).isEqualTo(last);
            }
        }
    }

    private static byte[] random(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            // printable, never "BAD" at the start by chance
            bytes[i] = (byte) ('a' + random.nextInt(26));
        }
        return bytes;
    }

    /** A TLS client hello as the JDK sends it. */
    static final class TlsHello {
        static byte[] bytes(String serverName) throws Exception {
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, null, null);
            javax.net.ssl.SSLEngine engine = context.createSSLEngine(serverName, 443);
            engine.setUseClientMode(true);
            javax.net.ssl.SSLParameters parameters = engine.getSSLParameters();
            parameters.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName(serverName)));
            engine.setSSLParameters(parameters);
            java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(java.nio.ByteBuffer.allocate(0), out);
            out.flip();
            byte[] hello = new byte[out.remaining()];
            out.get(hello);
            return hello;
        }
    }
}
