package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.config.haproxy.testing.TestCertificates;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The TLVs of the v2 PROXY header ({@code proxy-v2-options crc32c,authority,unique-id,ssl,cert-cn,
 * cert-key,cert-sig,ssl-cipher}) after a TLS client with SNI, ALPN and a certificate: the server
 * receives the same TLVs, in the same order, from HAProxy 2.6 and from Bascule; the CRC32C of each
 * is checked against the header itself.
 */
@Timeout(300)
final class ProxyV2TlvDifferentialIT {
    @TempDir
    Path directory;

    private String config(int port, int receiver) {
        return String.join("\n",
                "defaults",
                "    mode http",
                "    timeout connect 5s",
                "    timeout client 10s",
                "    timeout server 10s",
                "frontend fe",
                "    bind 127.0.0.1:" + port + " ssl crt " + directory.resolve("server.pem") + " alpn http/1.1"
                        + " verify optional ca-file " + directory.resolve("client.crt"),
                "    unique-id-format ID-%[req.hdr(x-id)]",
                "    default_backend be",
                "backend be",
                "    server s1 127.0.0.1:" + receiver + " send-proxy-v2 proxy-v2-options"
                        + " crc32c,authority,unique-id,ssl,cert-cn,cert-key,cert-sig,ssl-cipher",
                "");
    }

    /** One connection to the receiver: its PROXY header's TLVs as {@code type=value} lines. */
    private static List<String> receive(ServerSocket receiver) throws IOException {
        try (Socket socket = receiver.accept()) {
            socket.setSoTimeout(15_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] fixed = new byte[16];
            in.readFully(fixed);
            int length = ((fixed[14] & 0xff) << 8) | (fixed[15] & 0xff);
            byte[] rest = new byte[length];
            in.readFully(rest);
            byte[] header = ByteBuffer.allocate(16 + length).put(fixed).put(rest).array();
            int family = fixed[13] & 0xff;
            int addresses = family == 0x11 ? 12 : family == 0x21 ? 36 : 0;
            List<String> tlvs = new ArrayList<>();
            tlvs(header, 16 + addresses, header.length, tlvs, "");
            // the request, then an answer
            ServerTlsDifferentialIT.readHead(in);
            socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return tlvs;
        }
    }

    private static void tlvs(byte[] header, int from, int to, List<String> out, String indent) {
        int at = from;
        while (at + 3 <= to) {
            int type = header[at] & 0xff;
            int length = ((header[at + 1] & 0xff) << 8) | (header[at + 2] & 0xff);
            int value = at + 3;
            switch (type) {
                case 0x03 -> {
                    // CRC32C: computed with the field zeroed
                    byte[] copy = header.clone();
                    int received = ByteBuffer.wrap(header, value, 4).getInt();
                    copy[value] = copy[value + 1] = copy[value + 2] = copy[value + 3] = 0;
                    CRC32C crc = new CRC32C();
                    crc.update(copy);
                    out.add(indent + "CRC32C " + ((int) crc.getValue() == received ? "valid" : "INVALID"));
                }
                case 0x20 -> {
                    out.add(indent + "SSL client=" + header[value] + " verify="
                            + ByteBuffer.wrap(header, value + 1, 4).getInt());
                    tlvs(header, value + 5, value + length, out, "  ");
                }
                default -> out.add(indent + String.format("%02x=", type)
                        + new String(header, value, length, StandardCharsets.UTF_8));
            }
            at = value + length;
        }
    }

    /** A TLS request with SNI, ALPN, a client certificate and one TLS 1.3 suite, as each proxy sees it. */
    private SSLSocket client(int port) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(directory.resolve("client.p12").toFile())) {
            keys.load(in, "test".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "test".toCharArray());
        SSLContext context = TrustAll.context(keyManagers.getKeyManagers());
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName("www.example.com")));
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        parameters.setProtocols(new String[] {"TLSv1.3"});
        parameters.setCipherSuites(new String[] {"TLS_AES_128_GCM_SHA256"});
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(15_000);
        return socket;
    }

    private List<String> exchange(int port, ServerSocket receiver) throws Exception {
        CompletableFuture<List<String>> received = CompletableFuture.supplyAsync(() -> {
            try {
                return receive(receiver);
            } catch (IOException e) {
                return List.of("receiver: " + e);
            }
        });
        try (SSLSocket socket = client(port)) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: www.example.com\r\nx-id: abc\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            ServerTlsDifferentialIT.readHead(socket.getInputStream());
        }
        return received.get(30, TimeUnit.SECONDS);
    }

    @Test
    void sameTlvsAsHaproxy() throws Exception {
        Assumptions.assumeTrue(ReferenceHaproxy.installed(), "haproxy 2.6 is not installed (/usr/sbin/haproxy)");
        TestCertificates.pem(directory, "server", "ec", "www.example.com");
        TestCertificates.create(directory, "client", "ec", "client one");
        TestCertificates.run(List.of("openssl", "pkcs12", "-export", "-in", directory.resolve("client.crt").toString(),
                "-inkey", directory.resolve("client.key").toString(), "-out", directory.resolve("client.p12").toString(),
                "-passout", "pass:test"));
        try (ServerSocket receiver = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            receiver.setSoTimeout(20_000);
            List<String> haproxy = ReferenceHaproxy.run(directory, port -> config(port, receiver.getLocalPort()),
                    port -> exchange(port, receiver));
            List<String> bascule = ReferenceHaproxy.runBascule(port -> config(port, receiver.getLocalPort()),
                    port -> exchange(port, receiver));
            assertThat(bascule).isEqualTo(haproxy);
            assertThat(haproxy).containsExactly("CRC32C valid", "01=http/1.1", "02=www.example.com", "05=ID-abc",
                    "SSL client=7 verify=0", "  21=TLSv1.3", "  22=client one", "  25=EC256",
                    "  24=ecdsa-with-SHA256", "  23=TLS_AES_128_GCM_SHA256");
        }
    }
}
