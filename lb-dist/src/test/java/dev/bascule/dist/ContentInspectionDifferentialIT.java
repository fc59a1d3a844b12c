package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bascule.config.haproxy.testing.TestCertificates;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * Content inspection in {@code mode tcp} on HAProxy 2.6 and on Bascule, same configuration, same
 * clients: {@code tcp-request inspect-delay} with {@code tcp-request content accept|reject} rules
 * that wait for the client's first bytes, and {@code use_backend} on what they say.
 * <ol>
 * <li>TLS passthrough routed by SNI ({@code req_ssl_hello_type}, {@code req.ssl_sni} with {@code -i}
 * and {@code -m end}): each backend is a TLS server of the test's with a certificate of its own, which
 * names itself once the handshake is done; the client (JSSE, and {@code openssl s_client}) says which
 * server answered and which certificate it saw (the proxy never touches either).</li>
 * <li>ClientHellos made byte by byte by the test, to plain servers that name themselves and echo:
 * {@code req.ssl_sni}, {@code req_ssl_ver} (the hello's version, not the record's), a hello sent in
 * two parts 300 ms apart (the fetches wait for the whole of it), and a handshake of type 2 with a
 * server_name (HAProxy 2.6: no SNI, as it is no ClientHello, but {@code req.ssl_ver} still 3.3).</li>
 * <li>Plain text to a frontend that rejects what is not a TLS ClientHello.</li>
 * <li>A non-TLS protocol routed by {@code req.payload}, {@code req.payload_lv} and {@code req.len},
 * also for clients that send their first bytes 300 ms late, or in two parts, or too few then their
 * FIN (the rules then decide on what came).</li>
 * <li>{@code inspect-delay} expiry: too few bytes are rejected once it expires (or once the client
 * shuts its side), enough are relayed;
 * and {@code WAIT_END}: the rules decide on what came within the delay.</li>
 * <li>A backend's own {@code tcp-request inspect-delay} and content rules.</li>
 * </ol>
 * No timing is asserted beyond "within 5 s".
 */
@Timeout(120)
final class ContentInspectionDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final String PASSWORD = "changeit";

    private static String config(int[] ports, Map<String, Integer> servers) {
        return String.join("\n",
                "defaults",
                "    mode tcp",
                "    timeout connect 5s",
                "    timeout client 10s",
                "    timeout server 10s",
                // 1. TLS passthrough routed by SNI
                "frontend fe_sni",
                "    bind 127.0.0.1:" + ports[0],
                "    tcp-request inspect-delay 5s",
                "    tcp-request content accept if { req_ssl_hello_type 1 }",
                "    use_backend bA if { req.ssl_sni -i a.example }",
                "    use_backend bB if { req.ssl_sni -m end .b.example }",
                "    default_backend bDef",
                // 2. the same, rejecting what is not a ClientHello
                "frontend fe_strict",
                "    bind 127.0.0.1:" + ports[1],
                "    tcp-request inspect-delay 5s",
                "    tcp-request content reject unless { req_ssl_hello_type 1 }",
                "    tcp-request content accept if { req_ssl_hello_type 1 }",
                "    use_backend bA if { req.ssl_sni -i a.example }",
                "    use_backend bB if { req.ssl_sni -m end .b.example }",
                "    default_backend bDef",
                // 1b. ClientHellos made by the test, byte by byte: versions, SNI, split in two
                "frontend fe_hello",
                "    bind 127.0.0.1:" + ports[5],
                "    tcp-request inspect-delay 2s",
                "    tcp-request content accept if { req.ssl_hello_type 1 }",
                "    use_backend hello_a if { req.ssl_sni a.example }",
                "    use_backend hello_v10 if { req_ssl_ver 3.1 }",
                "    use_backend hello_v12 if { req.ssl_ver 3.3 }",
                "    default_backend other",
                // 3. a non-TLS protocol routed by its first bytes
                "frontend fe_proto",
                "    bind 127.0.0.1:" + ports[2],
                "    tcp-request inspect-delay 2s",
                "    tcp-request content accept if { req.payload(0,1) -m bin 2a }",
                "    tcp-request content accept if { req.len ge 6 }",
                "    use_backend redis if { req.payload(0,1) -m bin 2a }",
                "    use_backend ping if { req.payload(0,4) -m str PING }",
                "    use_backend lv if { req.payload_lv(0,1) -m str hello } || { req.payload_lv(2,1,+1) -m str abc }",
                "    default_backend other",
                // 4. inspect-delay expiry
                "frontend fe_delay",
                "    bind 127.0.0.1:" + ports[3],
                "    tcp-request inspect-delay 500ms",
                "    tcp-request content accept if { req.len gt 100 }",
                "    tcp-request content reject",
                "    default_backend other",
                // 4b. WAIT_END: whatever came within the delay decides
                "frontend fe_wait",
                "    bind 127.0.0.1:" + ports[4],
                "    tcp-request inspect-delay 500ms",
                "    tcp-request content accept if WAIT_END",
                "    use_backend big if { req.len ge 10 }",
                "    default_backend other",
                // 5. a backend's own rules and inspect-delay, after a frontend without any
                "frontend fe_be",
                "    bind 127.0.0.1:" + ports[6],
                "    default_backend be_inspect",
                "backend be_inspect",
                "    tcp-request inspect-delay 2s",
                "    tcp-request content reject if { req.payload(0,4) -m str QUIT }",
                "    tcp-request content accept if { req.len ge 4 }",
                "    server s 127.0.0.1:" + servers.get("other"),
                // 6. HTTP or not, by req.proto_http (the predefined HTTP ACL)
                "frontend fe_http",
                "    bind 127.0.0.1:" + ports[7],
                "    tcp-request inspect-delay 1s",
                "    tcp-request content accept if HTTP",
                "    use_backend ping if HTTP",
                "    use_backend lv if { req_proto_http }",
                "    default_backend other",
                "backend bA",
                "    server s 127.0.0.1:" + servers.get("backend-A"),
                "backend bB",
                "    server s 127.0.0.1:" + servers.get("backend-B"),
                "backend bDef",
                "    server s 127.0.0.1:" + servers.get("backend-default"),
                "backend redis",
                "    server s 127.0.0.1:" + servers.get("redis"),
                "backend ping",
                "    server s 127.0.0.1:" + servers.get("ping"),
                "backend lv",
                "    server s 127.0.0.1:" + servers.get("lv"),
                "backend big",
                "    server s 127.0.0.1:" + servers.get("big"),
                "backend hello_a",
                "    server s 127.0.0.1:" + servers.get("sni-a"),
                "backend hello_v10",
                "    server s 127.0.0.1:" + servers.get("tls1.0"),
                "backend hello_v12",
                "    server s 127.0.0.1:" + servers.get("tls1.2"),
                "backend other",
                "    server s 127.0.0.1:" + servers.get("other"),
                "");
    }

    @Test
    void contentInspectionAsHaproxys(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        List<AutoCloseable> started = new ArrayList<>();
        try {
            Map<String, Integer> servers = new LinkedHashMap<>();
            for (String name : List.of("A", "B", "default")) {
                TlsServer server = new TlsServer(temp, "backend-" + name, "server-" + name.toLowerCase());
                started.add(server);
                servers.put("backend-" + name, server.port());
            }
            for (String name : List.of("redis", "ping", "lv", "big", "sni-a", "tls1.0", "tls1.2",
                    "other")) {
                NamedEcho origin = new NamedEcho(name);
                started.add(origin);
                servers.put(name, origin.port());
            }
            int[] haproxyPorts = freePorts(8);
            String haproxyConfig = config(haproxyPorts, servers);
            Path file = temp.resolve("haproxy.cfg");
            Files.writeString(file, haproxyConfig);
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", file.toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            Map<String, String> expected;
            try {
                for (int port : haproxyPorts) {
                    CommandLineIT.awaitListening(port);
                }
                expected = observe(haproxyPorts);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            // what HAProxy 2.6 does, spelled out, so that a change on both sides is seen
            assertThat(expected)
                    .containsEntry("1. jsse sni a.example", "backend-A, certificate CN=server-a")
                    .containsEntry("1. jsse sni A.Example", "backend-A, certificate CN=server-a")
                    .containsEntry("1. jsse sni x.b.example", "backend-B, certificate CN=server-b")
                    .containsEntry("1. jsse sni b.example", "backend-default, certificate CN=server-default")
                    .containsEntry("1. jsse sni other.example", "backend-default, certificate CN=server-default")
                    .containsEntry("1. jsse no sni", "backend-default, certificate CN=server-default")
                    .containsEntry("1. openssl sni a.example", "backend-A, certificate CN=server-a")
                    .containsEntry("1. openssl sni x.b.example", "backend-B, certificate CN=server-b")
                    .containsEntry("1b. hello 3.3, sni a.example", "sni-a: echoed 70 bytes")
                    .containsEntry("1b. hello 3.3, sni a.example, in two parts", "sni-a: echoed 70 bytes")
                    .containsEntry("1b. hello 3.1, no sni", "tls1.0: echoed 52 bytes")
                    .containsEntry("1b. hello 3.3 in a 3.1 record, no sni", "tls1.2: echoed 52 bytes")
                    .containsEntry("1b. handshake type 2, sni a.example", "tls1.2: echoed 70 bytes")
                    .containsEntry("2. jsse sni a.example, strict", "backend-A, certificate CN=server-a")
                    .containsEntry("2. plain text, strict", "closed, 0 bytes received, within 5 s")
                    .containsEntry("3. RESP array", "redis: echoed 14 bytes")
                    .containsEntry("3. RESP array, first byte 300 ms late", "redis: echoed 14 bytes")
                    .containsEntry("3. PING", "ping: echoed 6 bytes")
                    .containsEntry("3. P, then ING 300 ms later", "ping: echoed 6 bytes")
                    .containsEntry("3. length-prefixed hello", "lv: echoed 10 bytes")
                    .containsEntry("3. length-prefixed abc, at offset +1", "lv: echoed 8 bytes")
                    .containsEntry("3. anything else", "other: echoed 12 bytes")
                    .containsEntry("3. 2 bytes, then the client's FIN", "other: echoed 2 bytes")
                    .containsEntry("4. 10 bytes, then waits", "closed, 0 bytes received, within 5 s")
                    .containsEntry("4. 10 bytes, then the client's FIN", "closed, 0 bytes received, within 5 s")
                    .containsEntry("4. 200 bytes", "other: echoed 200 bytes")
                    .containsEntry("4b. 12 bytes, WAIT_END", "big: echoed 12 bytes")
                    .containsEntry("4b. 3 bytes, WAIT_END", "other: echoed 3 bytes")
                    .containsEntry("5. QUIT, backend rules", "closed, 0 bytes received, within 5 s")
                    .containsEntry("5. Q, then UIT 300 ms later, backend rules", "closed, 0 bytes received, within 5 s")
                    .containsEntry("5. PING, backend rules", "other: echoed 6 bytes");
            assertThat(expected.get("6. an HTTP request head")).startsWith("ping");
            assertThat(expected.get("6. a head in two parts")).startsWith("ping");
            assertThat(expected.get("6. an SSH banner")).startsWith("other");
            assertThat(expected.get("6. a head never ended")).startsWith("other");
            int[] basculePorts = freePorts(8);
            Map<String, String> actual;
            try (Embedded bascule = Embedded.start(config(basculePorts, servers))) {
                for (int port : basculePorts) {
                    CommandLineIT.awaitListening(port);
                }
                actual = observe(basculePorts);
            }
            assertThat(actual).isEqualTo(expected);
        } finally {
            for (AutoCloseable closeable : started) {
                closeable.close();
            }
        }
    }

    /** Every scenario's clients, in order, and what each saw. */
    private static Map<String, String> observe(int[] ports) throws Exception {
        Map<String, String> seen = new LinkedHashMap<>();
        for (String sni : List.of("a.example", "A.Example", "x.b.example", "b.example", "other.example")) {
            seen.put("1. jsse sni " + sni, tls(ports[0], sni));
        }
        seen.put("1. jsse no sni", tls(ports[0], null));
        for (String sni : List.of("a.example", "x.b.example")) {
            seen.put("1. openssl sni " + sni, openssl(ports[0], sni));
        }
        byte[] hello = clientHello(0x0303, 0x0303, "a.example");
        seen.put("1b. hello 3.3, sni a.example", plain(ports[5], 0, hello));
        seen.put("1b. hello 3.3, sni a.example, in two parts",
                plain(ports[5], 0, Arrays.copyOfRange(hello, 0, 20), Arrays.copyOfRange(hello, 20, hello.length)));
        seen.put("1b. hello 3.1, no sni", plain(ports[5], 0, clientHello(0x0301, 0x0301, null)));
        seen.put("1b. hello 3.3 in a 3.1 record, no sni", plain(ports[5], 0, clientHello(0x0301, 0x0303, null)));
        byte[] serverHello = clientHello(0x0303, 0x0303, "a.example");
        serverHello[5] = 2;
        seen.put("1b. handshake type 2, sni a.example", plain(ports[5], 0, serverHello));
        seen.put("2. jsse sni a.example, strict", tls(ports[1], "a.example"));
        seen.put("2. plain text, strict", plain(ports[1], 0, ascii("hello, not TLS\n")));
        seen.put("3. RESP array", plain(ports[2], 0, ascii("*1\r\n$4\r\nPING\r\n")));
        seen.put("3. RESP array, first byte 300 ms late", plain(ports[2], 300, ascii("*1\r\n$4\r\nPING\r\n")));
        seen.put("3. PING", plain(ports[2], 0, ascii("PING\r\n")));
        seen.put("3. P, then ING 300 ms later", plain(ports[2], 0, ascii("P"), ascii("ING\r\n")));
        byte[] lv = ascii("?hellotail");
        lv[0] = 5;
        seen.put("3. length-prefixed hello", plain(ports[2], 0, lv));
        byte[] lv2 = ascii("XY?-abc\n");
        lv2[2] = 3;
        seen.put("3. length-prefixed abc, at offset +1", plain(ports[2], 0, lv2));
        seen.put("3. anything else", plain(ports[2], 0, ascii("hello world\n")));
        seen.put("3. 2 bytes, then the client's FIN", plain(ports[2], 0, true, ascii("hi")));
        seen.put("4. 10 bytes, then waits", plain(ports[3], 0, ascii("0123456789")));
        byte[] large = new byte[200];
        Arrays.fill(large, (byte) 'x');
        seen.put("4. 10 bytes, then the client's FIN", plain(ports[3], 0, true, ascii("0123456789")));
        seen.put("4. 200 bytes", plain(ports[3], 0, large));
        seen.put("4b. 12 bytes, WAIT_END", plain(ports[4], 0, ascii("0123456789ab")));
        seen.put("4b. 3 bytes, WAIT_END", plain(ports[4], 0, ascii("abc")));
        seen.put("5. QUIT, backend rules", plain(ports[6], 0, ascii("QUIT\r\n")));
        seen.put("5. Q, then UIT 300 ms later, backend rules", plain(ports[6], 0, ascii("Q"), ascii("UIT\r\n")));
        seen.put("5. PING, backend rules", plain(ports[6], 0, ascii("PING\r\n")));
        seen.put("6. an HTTP request head", plain(ports[7], 0, ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n")));
        seen.put("6. a head in two parts", plain(ports[7], 0, ascii("GET / HTTP/1.1\r\nHo"), ascii("st: x\r\n\r\n")));
        seen.put("6. an HTTP/0.9 request", plain(ports[7], 0, ascii("GET /\r\n\r\n")));
        seen.put("6. an SSH banner", plain(ports[7], 0, ascii("SSH-2.0-x\r\n")));
        seen.put("6. a head never ended", plain(ports[7], 0, ascii("GET / HTTP/1.1\r\nHost: x\r\n")));
        seen.put("6. a bad header name", plain(ports[7], 0, ascii("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n")));
        return seen;
    }

    /**
     * A TLS record holding a ClientHello with these versions (record layer, hello), one cipher, no
     * compression, and a server_name extension when {@code sni} is not null.
     */
    private static byte[] clientHello(int recordVersion, int helloVersion, String sni) {
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        if (sni != null) {
            byte[] name = ascii(sni);
            extensions.writeBytes(new byte[] {0, 0});
            short16(extensions, name.length + 5);
            short16(extensions, name.length + 3);
            extensions.write(0);
            short16(extensions, name.length);
            extensions.writeBytes(name);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        short16(body, helloVersion);
        body.writeBytes(new byte[32]);
        body.write(0);
        body.writeBytes(new byte[] {0, 2, 0, 0x2f, 1, 0});
        short16(body, extensions.size());
        body.writeBytes(extensions.toByteArray());
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(0x16);
        short16(record, recordVersion);
        short16(record, body.size() + 4);
        record.write(1);
        record.write(0);
        short16(record, body.size());
        record.writeBytes(body.toByteArray());
        return record.toByteArray();
    }

    private static void short16(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value & 0xff);
    }

    /**
     * A JSSE handshake through the proxy, with that SNI (none when null): the line the server that
     * answered sent, and the subject of the certificate the client was shown.
     */
    private static String tls(int port, String sni) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {TrustAll.INSTANCE}, new SecureRandom());
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                port)) {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(sni == null ? List.<SNIServerName>of() : List.of(new SNIHostName(sni)));
            socket.setSSLParameters(parameters);
            try {
                socket.startHandshake();
            } catch (IOException e) {
                return "handshake failed: " + e.getClass().getSimpleName();
            }
            String line = line(socket.getInputStream());
            X509Certificate certificate = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            return line + ", certificate " + certificate.getSubjectX500Principal().getName();
        }
    }

    /** The same with {@code openssl s_client}: what came back, and the certificate's subject. */
    private static String openssl(int port, String sni) throws Exception {
        Process client = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-servername", sni, "-quiet").start();
        client.getOutputStream().close();
        // small outputs: stdout then stderr cannot fill a pipe
        String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(client.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // -quiet still reports the chain it verified: "depth=0 CN = server-a"
        String subject = err.lines().filter(l -> l.startsWith("depth=0 ")).findFirst()
                .map(l -> l.substring(8).replace(" = ", "=")).orElse("none");
        return out.strip() + ", certificate " + subject;
    }

    /**
     * A plain TCP client: waits {@code delay} ms, sends each part (300 ms apart), then reads the line
     * that names the server and the echo of everything it sent; or, when the proxy ends the connection
     * first, how and how many bytes came.
     */
    private static String plain(int port, long delay, byte[]... parts) throws IOException {
        return plain(port, delay, false, parts);
    }

    /** The same, shutting the sending side once all is sent when {@code shut}. */
    private static String plain(int port, long delay, boolean shut, byte[]... parts) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            long start = System.nanoTime();
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            sleep(delay);
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    sleep(300);
                }
                out.write(parts[i]);
                out.flush();
                sent.write(parts[i]);
            }
            if (shut) {
                socket.shutdownOutput();
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            String end;
            try {
                int b;
                while ((b = in.read()) >= 0) {
                    got.write(b);
                    byte[] all = got.toByteArray();
                    int newline = indexOf(all, (byte) '\n');
                    if (newline >= 0 && all.length - newline - 1 == sent.size()) {
                        byte[] echo = Arrays.copyOfRange(all, newline + 1, all.length);
                        String name = new String(all, 0, newline, StandardCharsets.ISO_8859_1);
                        return name + ": " + (Arrays.equals(echo, sent.toByteArray())
                                ? "echoed " + echo.length + " bytes" : "echoed other bytes");
                    }
                }
                end = "closed";
            } catch (SocketTimeoutException e) {
                end = "still open after 10 s";
            } catch (IOException e) {
                end = "reset";
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            return end + ", " + got.size() + " bytes received, "
                    + (seconds < 5 ? "within 5 s" : "after " + seconds + " s");
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int[] freePorts(int count) {
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            ports[i] = Embedded.freePort();
        }
        return ports;
    }

    /** Runs {@code serve} on each connection accepted, each on a daemon thread of its own, until closed. */
    private abstract static class Acceptor implements AutoCloseable {
        final String name;
        private final ServerSocket listener;

        Acceptor(ServerSocket listener, String name) {
            this.name = name;
            this.listener = listener;
            Thread thread = new Thread(this::accept, name);
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    Thread connection = new Thread(() -> {
                        try (socket) {
                            socket.setSoTimeout(10_000);
                            serve(socket);
                        } catch (IOException e) {
                            // the client went away, or was not one
                        }
                    }, "connection");
                    connection.setDaemon(true);
                    connection.start();
                } catch (IOException e) {
                    // closed
                }
            }
        }

        abstract void serve(Socket socket) throws IOException;

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    /**
     * A TLS server with a self-signed certificate of its own ({@code CN=<cn>}, made by openssl): after
     * the handshake, writes its name and a newline, then closes.
     */
    private static final class TlsServer extends Acceptor {
        TlsServer(Path directory, String name, String cn) throws Exception {
            super(listener(directory, cn), name);
        }

        private static ServerSocket listener(Path directory, String cn) throws Exception {
            TestCertificates.create(directory, cn, "rsa:2048", cn);
            Path p12 = directory.resolve(cn + ".p12");
            TestCertificates.run(List.of("openssl", "pkcs12", "-export",
                    "-in", directory.resolve(cn + ".crt").toString(),
                    "-inkey", directory.resolve(cn + ".key").toString(), "-name", cn,
                    "-passout", "pass:" + PASSWORD, "-out", p12.toString()));
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                store.load(in, PASSWORD.toCharArray());
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, new SecureRandom());
            SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                    InetAddress.getLoopbackAddress());
            return listener;
        }

        @Override
        void serve(Socket socket) throws IOException {
            SSLSocket tls = (SSLSocket) socket;
            tls.startHandshake();
            OutputStream out = tls.getOutputStream();
            out.write((name + "\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    /** A plain TCP server: writes its name and a newline, then echoes everything until the client's FIN. */
    private static final class NamedEcho extends Acceptor {
        NamedEcho(String name) throws IOException {
            super(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), name);
        }

        @Override
        void serve(Socket socket) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write((name + "\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        }
    }
}
