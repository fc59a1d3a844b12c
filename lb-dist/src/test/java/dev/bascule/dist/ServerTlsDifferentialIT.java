package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.config.haproxy.testing.TestCertificates;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS to servers ({@code server ... ssl verify ca-file sni crt}) and UNIX socket servers, on
 * HAProxy 2.6 and on Bascule with the same configuration: the origin, a JDK TLS server made for
 * the test, answers with the server name and the client certificate it received, and each proxy's
 * answers to the same requests must be the same (including the 503 of a failed verification).
 */
@Timeout(300)
final class ServerTlsDifferentialIT {
    @TempDir
    static Path directory;

    @BeforeAll
    static void certificates() throws Exception {
        TestCertificates.create(directory, "origin", "ec", "www.example.com", "alt.example.com");
        TestCertificates.pem(directory, "client", "ec", "client one");
        TestCertificates.create(directory, "other", "ec", "www.example.com");
        TestCertificates.run(List.of("openssl", "pkcs12", "-export", "-in", directory.resolve("origin.crt").toString(),
                "-inkey", directory.resolve("origin.key").toString(), "-out", directory.resolve("origin.p12").toString(),
                "-passout", "pass:test"));
    }

    /** An HTTPS origin that answers each request with {@code sni=<name> client=<subject>}. */
    private static final class TlsOrigin implements AutoCloseable {
        final SSLServerSocket socket;
        private final AtomicBoolean closed = new AtomicBoolean();

        TlsOrigin() throws Exception {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = new FileInputStream(directory.resolve("origin.p12").toFile())) {
                keys.load(in, "test".toCharArray());
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, "test".toCharArray());
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            try (InputStream in = new FileInputStream(directory.resolve("client.crt").toFile())) {
                trusted.setCertificateEntry("client", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
            socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                    InetAddress.getLoopbackAddress());
            socket.setWantClientAuth(true);
            Thread thread = new Thread(this::serve, "tls-origin");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!closed.get()) {
                try (SSLSocket client = (SSLSocket) socket.accept()) {
                    client.setSoTimeout(10_000);
                    client.startHandshake();
                    readHead(client.getInputStream());
                    String sni = "-";
                    for (SNIServerName name : ((ExtendedSSLSession) client.getSession()).getRequestedServerNames()) {
                        if (name instanceof SNIHostName host) {
                            sni = host.getAsciiName();
                        }
                    }
                    String subject = "-";
                    try {
                        subject = ((X509Certificate) client.getSession().getPeerCertificates()[0])
                                .getSubjectX500Principal().getName();
                    } catch (SSLPeerUnverifiedException none) {
                        // no client certificate
                    }
                    respond(client.getOutputStream(), "sni=" + sni + " client=" + subject);
                } catch (IOException e) {
                    // a failed handshake (a proxy that refused the certificate) or the origin closing
                }
            }
        }

        @Override
        public void close() throws IOException {
            closed.set(true);
            socket.close();
        }
    }

    /** Reads up to the end of an HTTP head. */
    static void readHead(InputStream in) throws IOException {
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
    }

    private static void respond(OutputStream out, String body) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The status line and body of {@code GET path} through the proxy on {@code port}. */
    private static String get(int port, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = response.indexOf("\r\n");
            int body = response.indexOf("\r\n\r\n");
            return response.substring(0, Math.max(end, 0)) + " | "
                    + (body < 0 ? "" : response.substring(body + 4).strip().lines().findFirst().orElse(""));
        }
    }

    /**
     * A server that is no TLS server: it answers in clear text ({@code HTTP/1.1 200}), or closes
     * the connection as soon as it comes, or sends bytes that are no TLS record.
     */
    private static ServerSocket notTls(String behaviour, AtomicBoolean stop) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            while (!stop.get()) {
                try (Socket client = server.accept()) {
                    switch (behaviour) {
                        case "plain" -> respond(client.getOutputStream(), "plain");
                        case "garbage" -> client.getOutputStream().write(new byte[] {0x48, 0x00, 0x00, 0x7f, 0x01});
                        default -> {
                            // "close": nothing
                        }
                    }
                    client.getOutputStream().flush();
                } catch (IOException e) {
                    return;
                }
            }
        }, "not-tls-" + behaviour);
        thread.setDaemon(true);
        thread.start();
        return server;
    }

    private static String config(int port, int origin, Path unixSocket) {
        return config(port, origin, unixSocket, new int[] {0, 0, 0});
    }

    private static String config(int port, int origin, Path unixSocket, int[] broken) {
        String ca = directory.resolve("origin.crt").toString();
        String other = directory.resolve("other.crt").toString();
        String client = directory.resolve("client.pem").toString();
        String server = "server s1 127.0.0.1:" + origin + " ";
        return String.join("\n",
                "defaults",
                "    mode http",
                "    timeout connect 5s",
                "    timeout client 10s",
                "    timeout server 10s",
                "    retries 0",
                "frontend fe",
                "    bind 127.0.0.1:" + port,
                "    use_backend verified if { path /verified }",
                "    use_backend wrong_name if { path /wrong-name }",
                "    use_backend alt_name if { path /alt-name }",
                "    use_backend wrong_ca if { path /wrong-ca }",
                "    use_backend unverified if { path /unverified }",
                "    use_backend verifyhost if { path /verifyhost }",
                "    use_backend from_header if { path /from-header }",
                "    use_backend unix if { path /unix }",
                "    use_backend plain if { path /plain }",
                "    use_backend closing if { path /closing }",
                "    use_backend garbage if { path /garbage }",
                "backend verified",
                "    " + server + "ssl verify required ca-file " + ca + " sni str(www.example.com) crt " + client,
                "backend wrong_name",
                "    " + server + "ssl verify required ca-file " + ca + " sni str(nope.example.com)",
                "backend alt_name",
                "    " + server + "ssl verify required ca-file " + ca + " sni str(alt.example.com)",
                "backend wrong_ca",
                "    " + server + "ssl verify required ca-file " + other + " sni str(www.example.com)",
                "backend unverified",
                "    " + server + "ssl verify none",
                "backend verifyhost",
                "    " + server + "ssl verify required ca-file " + ca + " verifyhost nope.example.com",
                "backend from_header",
                "    http-request set-header X-Name alt.example.com",
                "    " + server + "ssl verify none sni req.hdr(x-name)",
                "backend unix",
                "    server u1 " + unixSocket,
                "backend plain",
                "    server p1 127.0.0.1:" + broken[0] + " ssl verify none",
                "backend closing",
                "    server c1 127.0.0.1:" + broken[1] + " ssl verify none",
                "backend garbage",
                "    server g1 127.0.0.1:" + broken[2] + " ssl verify none",
                "");
    }

    private static final List<String> PATHS = List.of("/verified", "/wrong-name", "/alt-name", "/wrong-ca",
            "/unverified", "/verifyhost", "/from-header", "/unix", "/plain", "/closing", "/garbage");

    /** A plain HTTP origin on a UNIX socket, answering {@code unix}. */
    private static Thread unixOrigin(Path path, AtomicBoolean stop) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Thread thread = new Thread(() -> {
            while (!stop.get()) {
                try (SocketChannel client = server.accept()) {
                    ByteBuffer buffer = ByteBuffer.allocate(4096);
                    ByteArrayOutputStream head = new ByteArrayOutputStream();
                    while (!head.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n") && client.read(buffer) > 0) {
                        head.write(buffer.array(), 0, buffer.position());
                        buffer.clear();
                    }
                    String body = "unix";
                    client.write(ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length()
                            + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII)));
                } catch (IOException e) {
                    return;
                }
            }
        }, "unix-origin");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static List<String> answers(int port) throws IOException {
        List<String> answers = new ArrayList<>();
        for (String path : PATHS) {
            answers.add(path + " -> " + get(port, path));
        }
        return answers;
    }

    @Test
    void sameAnswersAsHaproxy() throws Exception {
        Assumptions.assumeTrue(ReferenceHaproxy.installed(), "haproxy 2.6 is not installed (/usr/sbin/haproxy)");
        Path socket = directory.resolve("origin.sock");
        AtomicBoolean stop = new AtomicBoolean();
        unixOrigin(socket, stop);
        try (TlsOrigin origin = new TlsOrigin(); ServerSocket plain = notTls("plain", stop);
             ServerSocket closing = notTls("close", stop); ServerSocket garbage = notTls("garbage", stop)) {
            int[] broken = {plain.getLocalPort(), closing.getLocalPort(), garbage.getLocalPort()};
            List<String> haproxy = ReferenceHaproxy.run(directory, port -> config(port, origin.port(), socket, broken),
                    ServerTlsDifferentialIT::answers);
            List<String> bascule = ReferenceHaproxy.runBascule(port -> config(port, origin.port(), socket, broken),
                    ServerTlsDifferentialIT::answers);
            assertThat(bascule).isEqualTo(haproxy);
            // what the comparison covers
            assertThat(haproxy).contains("/verified -> HTTP/1.1 200 OK | sni=www.example.com client=CN=client one",
                    "/unverified -> HTTP/1.1 200 OK | sni=- client=-",
                    "/from-header -> HTTP/1.1 200 OK | sni=alt.example.com client=-",
                    "/unix -> HTTP/1.1 200 OK | unix");
            assertThat(haproxy).anyMatch(line -> line.startsWith("/wrong-ca -> HTTP/1.1 503"));
            // a server that speaks no TLS is a failed connection, never a proxy down
            assertThat(haproxy).anyMatch(line -> line.startsWith("/closing -> HTTP/1.1 503"));
        } finally {
            stop.set(true);
        }
    }
}
