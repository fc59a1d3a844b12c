package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

@Timeout(60)
final class TcpRelayIT {
    /** Repeated: a relay that shuts a side down too early loses the end of the reply only now and then. */
    @RepeatedTest(10)
    void largePayloadsBothWaysAndHalfClose() throws Exception {
        byte[] upload = new byte[8 * 1024 * 1024];
        new Random(7).nextBytes(upload);
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            // the server reads everything until the client's FIN, then answers with it reversed and closes
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try (Socket accepted = server.accept()) {
                    byte[] all = accepted.getInputStream().readAllBytes();
                    byte[] reversed = new byte[all.length];
                    for (int i = 0; i < all.length; i++) {
                        reversed[i] = all[all.length - 1 - i];
                    }
                    accepted.getOutputStream().write(reversed);
                    return all;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            int port = Embedded.freePort();
            try (Embedded proxy = Embedded.start(String.join("\n",
                    "listen relay",
                    "    mode tcp",
                    "    timeout connect 5s",
                    "    timeout client 30s",
                    "    timeout server 30s",
                    "    bind 127.0.0.1:" + port,
                    "    server s1 127.0.0.1:" + server.getLocalPort(),
                    ""));
                 Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                client.setSoTimeout(30_000);
                CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(() -> {
                    try {
                        return readAll(client.getInputStream());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                OutputStream out = client.getOutputStream();
                out.write(upload);
                out.flush();
                client.shutdownOutput();
                assertThat(received.get(30, TimeUnit.SECONDS)).isEqualTo(upload);
                byte[] reply = answer.get(30, TimeUnit.SECONDS);
                assertThat(reply).hasSize(upload.length);
                for (int i = 0; i < upload.length; i++) {
                    if (reply[i] != upload[upload.length - 1 - i]) {
                        throw new AssertionError("byte " + i + " differs");
                    }
                }
            }
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
