package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code tcp-response inspect-delay} with {@code tcp-response content} rules on {@code res.payload},
 * on haproxy 2.6 and on Bascule, same configuration: a server whose answer comes in two pieces
 * 300 ms apart is let through once whole; one that answers something else is rejected at once;
 * one that stops halfway is rejected when the delay is over. Compared: what the client receives.
 */
@Timeout(60)
final class TcpResponseInspectionDifferentialIT {
    /** A server that reads a request, then writes {@code pieces} {@code pauseMillis} apart and keeps the connection open. */
    private static LoopbackServer answering(long pauseMillis, String... pieces) throws IOException {
        return new LoopbackServer("answering", connection -> {
            InputStream in = connection.getInputStream();
            in.read(new byte[100]);
            for (int i = 0; i < pieces.length; i++) {
                if (i > 0) {
                    Thread.sleep(pauseMillis);
                }
                connection.getOutputStream().write(pieces[i].getBytes(StandardCharsets.ISO_8859_1));
                connection.getOutputStream().flush();
            }
            // open until the proxy closes
            in.transferTo(OutputStream.nullOutputStream());
        });
    }

    private static String config(int[] ports, LoopbackServer... servers) {
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
        assumeTrue(ReferenceHaproxy.installed(), "haproxy 2.6 is the reference");
        try (LoopbackServer split = answering(300, "+PO", "NG\r\n");
             LoopbackServer error = answering(0, "-ERR\r\n");
             LoopbackServer half = answering(0, "+P")) {
            int[] basculePorts = {Embedded.freePort(), Embedded.freePort(), Embedded.freePort()};
            Map<String, String> actual;
            try (Embedded bascule = Embedded.start(config(basculePorts, split, error, half))) {
                actual = script(basculePorts);
            }
            int[] haproxyPorts = {Embedded.freePort(), Embedded.freePort(), Embedded.freePort()};
            Map<String, String> expected = ReferenceHaproxy.run(temp,
                    port -> config(new int[] {port, haproxyPorts[1], haproxyPorts[2]}, split, error, half),
                    port -> script(new int[] {port, haproxyPorts[1], haproxyPorts[2]}));
            assertThat(actual).isEqualTo(expected);
            assertThat(actual).containsEntry("answer in two pieces", "+PONG\r\n")
                    .containsEntry("another answer", "").containsEntry("half an answer", "");
        }
    }
}
