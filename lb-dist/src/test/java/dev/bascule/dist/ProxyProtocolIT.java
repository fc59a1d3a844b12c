package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.config.haproxy.testing.TestCertificates;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import javax.net.ssl.SSLSocket;

/**
 * {@code bind ... accept-proxy} with raw headers on a real socket: v1 ({@code TCP4}, {@code TCP6},
 * {@code UNKNOWN}), v2 ({@code TCP4} with a valid {@code CRC32C} TLV, {@code TCP6}, {@code LOCAL}),
 * the header before a TLS handshake, in mode http and mode tcp (relayed with {@code send-proxy-v2}
 * to the http frontend); a header with a wrong checksum and
 * bytes that are no header close the connection without an answer.
 */
@Timeout(60)
final class ProxyProtocolIT {
    private static final byte[] V2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final String REQUEST = "GET / HTTP/1.0\r\nHost: h\r\n\r\n";

    @Test
    void theHeaderGivesTheAddresses(@TempDir Path directory) throws Exception {
        TestCertificates.pem(directory, "a", "rsa:2048", "a.example");
        int http = Embedded.freePort();
        int tls = Embedded.freePort();
        int tcp = Embedded.freePort();
        String answer = "http-request return status 200 content-type text/plain lf-string"
                + " \"%[src]:%[src_port] %[dst]:%[dst_port] %[fc_src] %[fc_rcvd_proxy]\"";
        try (Embedded proxy = Embedded.start("""
                defaults
                    timeout client 10s
                    timeout server 10s
                    timeout connect 5s
                frontend plain
                    mode http
                    bind 127.0.0.1:%d accept-proxy
                    %s
                frontend secure
                    mode http
                    bind 127.0.0.1:%d accept-proxy ssl crt %s
                    %s
                listen relay
                    mode tcp
                    bind 127.0.0.1:%d accept-proxy
                    server o 127.0.0.1:%d send-proxy-v2
                """.formatted(http, answer, tls, directory.resolve("a.pem"), answer, tcp, http))) {
            CommandLineIT.awaitListening(http);
            assertThat(exchange(http, ascii("PROXY TCP4 192.0.2.1 198.51.100.2 1111 2222\r\n")))
                    .isEqualTo("192.0.2.1:1111 198.51.100.2:2222 127.0.0.1 1");
            assertThat(exchange(http, ascii("PROXY TCP6 2001:db8::1 2001:db8:0:0:1:0:0:2 3333 80\r\n")))
                    .isEqualTo("2001:db8::1:3333 2001:db8::1:0:0:2:80 127.0.0.1 1");
            assertThat(exchange(http, ascii("PROXY UNKNOWN\r\n")))
                    .matches("127\\.0\\.0\\.1:\\d+ 127\\.0\\.0\\.1:" + http + " 127\\.0\\.0\\.1 1");
            assertThat(exchange(http, v2Tcp4(true, false)))
                    .isEqualTo("192.0.2.7:4444 198.51.100.8:443 127.0.0.1 1");
            assertThat(exchange(http, v2Tcp6()))
                    .isEqualTo("2001:db8::7:5555 2001:db8::8:8443 127.0.0.1 1");
            byte[] local = ByteBuffer.allocate(16).put(V2).put((byte) 0x20).put((byte) 0).putShort((short) 0).array();
            assertThat(exchange(http, local))
                    .matches("127\\.0\\.0\\.1:\\d+ 127\\.0\\.0\\.1:" + http + " 127\\.0\\.0\\.1 1");
            assertThat(inPieces(http, v2Tcp4(true, false), 12, 13, 16))
                    .as("a header written in pieces").isEqualTo("192.0.2.7:4444 198.51.100.8:443 127.0.0.1 1");
            assertThat(exchange(http, v2Tcp4(true, true))).as("a wrong checksum").isEqualTo("<closed>");
            assertThat(exchange(http, new byte[0])).as("no header").isEqualTo("<closed>");

            // the header, then the TLS handshake
            try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), tls)) {
                raw.setSoTimeout(10_000);
                raw.getOutputStream().write(ascii("PROXY TCP4 192.0.2.9 198.51.100.9 9999 443\r\n"));
                raw.getOutputStream().flush();
                try (SSLSocket secure = (SSLSocket) TrustAll.context(null).getSocketFactory()
                        .createSocket(raw, "a.example", tls, true)) {
                    secure.startHandshake();
                    secure.getOutputStream().write(ascii(REQUEST));
                    secure.getOutputStream().flush();
                    assertThat(body(secure.getInputStream())).isEqualTo("192.0.2.9:9999 198.51.100.9:443 127.0.0.1 1");
                }
            }

            // mode tcp: the header's addresses go on in the next one (send-proxy-v2, to the http
            // frontend), the bytes after it follow
            assertThat(exchange(tcp, ascii("PROXY TCP4 192.0.2.3 198.51.100.4 1234 80\r\n")))
                    .isEqualTo("192.0.2.3:1234 198.51.100.4:80 127.0.0.1 1");
        }
    }

    /** A v2 TCP4 header with a CRC32C TLV (right or wrong) and an unknown TLV. */
    private static byte[] v2Tcp4(boolean crc, boolean wrong) {
        int tlvs = (crc ? 7 : 0) + 5;
        ByteBuffer header = ByteBuffer.allocate(16 + 12 + tlvs).put(V2).put((byte) 0x21).put((byte) 0x11)
                .putShort((short) (12 + tlvs))
                .put(new byte[] {(byte) 192, 0, 2, 7}).put(new byte[] {(byte) 198, 51, 100, 8})
                .putShort((short) 4444).putShort((short) 443);
        int crcAt = -1;
        if (crc) {
            header.put((byte) 0x03).putShort((short) 4);
            crcAt = header.position();
            header.putInt(0);
        }
        header.put((byte) 0xE0).putShort((short) 2).put((byte) 'h').put((byte) 'i');
        if (crc) {
            CRC32C checksum = new CRC32C();
            checksum.update(header.array());
            header.putInt(crcAt, (int) checksum.getValue() + (wrong ? 1 : 0));
        }
        return header.array();
    }

    private static byte[] v2Tcp6() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(16 + 36).put(V2).put((byte) 0x21).put((byte) 0x21)
                .putShort((short) 36)
                .put(InetAddress.getByName("2001:db8::7").getAddress())
                .put(InetAddress.getByName("2001:db8::8").getAddress())
                .putShort((short) 5555).putShort((short) 8443);
        return header.array();
    }

    /** Sends {@code header} and a request on a new connection; the answer's body, or {@code <closed>}. */
    private static String exchange(int port, byte[] header) throws IOException {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(10_000);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(header);
            if (header.length > 0) {
                out.write(ascii(REQUEST));
            }
            client.getOutputStream().write(out.toByteArray());
            client.getOutputStream().flush();
            if (header.length == 0) {
                client.shutdownOutput();
            }
            try {
                return body(client.getInputStream());
            } catch (IOException reset) {
                return "<closed>";
            }
        }
    }

    /** As {@link #exchange}, the header written in several writes, cut at {@code cuts}. */
    private static String inPieces(int port, byte[] header, int... cuts) throws IOException {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(10_000);
            client.setTcpNoDelay(true);
            int from = 0;
            for (int cut : cuts) {
                client.getOutputStream().write(header, from, cut - from);
                client.getOutputStream().flush();
                from = cut;
            }
            client.getOutputStream().write(header, from, header.length - from);
            client.getOutputStream().write(ascii(REQUEST));
            client.getOutputStream().flush();
            return body(client.getInputStream());
        }
    }

    private static String body(InputStream in) throws IOException {
        String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        if (response.isEmpty()) {
            return "<closed>";
        }
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
