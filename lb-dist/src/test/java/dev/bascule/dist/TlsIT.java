package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bascule.config.haproxy.testing.TestCertificates;
import dev.bascule.transport.netty.tls.TlsProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS termination with real clients: {@code curl} over https, {@code openssl s_client} for the
 * certificate chosen by SNI, the ALPN protocol and the TLS versions. The certificates are made
 * by {@code openssl} for each test.
 */
@Timeout(120)
final class TlsIT {
    /** Two certificates: {@code a.example} (RSA, also {@code www.a.example}) and {@code *.b.example} (EC). */
    private static void twoCertificates(Path directory) throws IOException, InterruptedException {
        TestCertificates.pem(directory, "a", "rsa:2048", "a.example", "www.a.example");
        TestCertificates.pem(directory, "b", "ec", "b.example", "*.b.example");
    }

    private static String config(int port, String mode, String bindOptions, TestOrigin origin) {
        return String.join("\n",
                "defaults",
                "    mode " + mode,
                "    timeout connect 5s",
                "    timeout client 30s",
                "    timeout server 30s",
                "frontend fe",
                "    bind 127.0.0.1:" + port + " " + bindOptions,
                "    default_backend be",
                "backend be",
                "    server s1 127.0.0.1:" + origin.port(),
                "");
    }

    record Result(int exit, String out) {
    }

    private static Result run(List<String> command, String input) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), out);
    }

    /** {@code curl https://<host>:<port><path>} trusting {@code ca}, with {@code host} resolved to 127.0.0.1. */
    private static Result curl(String host, int port, String path, Path ca) throws IOException, InterruptedException {
        return run(List.of("curl", "-sS", "-i", "--max-time", "30", "--cacert", ca.toString(),
                "--resolve", host + ":" + port + ":127.0.0.1", "https://" + host + ":" + port + path), "");
    }

    /** {@code openssl s_client}, closing right after the handshake; spaces removed from its output. */
    private static String sClient(int port, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
        command.addAll(List.of(options));
        Result result = run(command, "");
        assertThat(result.exit()).as(result.out()).isZero();
        return result.out().replace(" ", "");
    }

    @Test
    void curlGetsTheOriginsAnswerWithTheCertificateChosenBySni(@TempDir Path directory) throws Exception {
        twoCertificates(directory);
        int port = Embedded.freePort();
        try (TestOrigin origin = new TestOrigin("o1");
             Embedded proxy = Embedded.start(config(port, "http", "ssl crt " + directory.resolve("a.pem") + " crt "
                     + directory.resolve("b.pem") + " alpn http/1.1", origin))) {
            Result a = curl("a.example", port, "/first", directory.resolve("a.crt"));
            assertThat(a.exit()).as(a.out()).isZero();
            assertThat(a.out()).startsWith("HTTP/1.1 200").contains("x-origin: o1").contains("x-seen-uri: /first");
            Result www = curl("www.a.example", port, "/www", directory.resolve("a.crt"));
            assertThat(www.exit()).as(www.out()).isZero();
            assertThat(www.out()).contains("x-seen-uri: /www");
            // only b's certificate is trusted: the handshake succeeds only if SNI chose it by its wildcard
            Result b = curl("api.b.example", port, "/second", directory.resolve("b.crt"));
            assertThat(b.exit()).as(b.out()).isZero();
            assertThat(b.out()).contains("x-seen-uri: /second").contains("x-seen-host: api.b.example:" + port);
            // an unknown name gets the default (first) certificate, which curl then refuses
            Result unknown = curl("other.example", port, "/", directory.resolve("b.crt"));
            assertThat(unknown.exit()).isNotZero();
        }
    }

    @Test
    void sClientSeesTheSubjectAlpnAndBothTlsVersions(@TempDir Path directory) throws Exception {
        twoCertificates(directory);
        int port = Embedded.freePort();
        try (TestOrigin origin = new TestOrigin("o1");
             Embedded proxy = Embedded.start(config(port, "http", "ssl crt " + directory.resolve("a.pem") + " crt "
                     + directory.resolve("b.pem") + " alpn http/1.1", origin))) {
            assertThat(sClient(port, "-servername", "x.b.example", "-alpn", "http/1.1"))
                    .contains("subject=CN=b.example").contains("ALPNprotocol:http/1.1");
            assertThat(sClient(port, "-servername", "a.example", "-alpn", "h2,http/1.1"))
                    .contains("subject=CN=a.example").contains("ALPNprotocol:http/1.1");
            assertThat(sClient(port, "-noservername")).contains("subject=CN=a.example").contains("NoALPNnegotiated");
            // a client offering only protocols Bascule does not speak goes on without ALPN, as with HAProxy
            assertThat(sClient(port, "-servername", "a.example", "-alpn", "h2")).contains("NoALPNnegotiated");
            assertThat(sClient(port, "-servername", "a.example", "-tls1_2")).contains("New,TLSv1.2,");
            assertThat(sClient(port, "-servername", "a.example", "-tls1_3")).contains("New,TLSv1.3,");
        }
    }

    @Test
    void aDirectoryOfCertificatesServesEachByName(@TempDir Path directory) throws Exception {
        Path certs = Files.createDirectory(directory.resolve("certs"));
        twoCertificates(certs);
        for (String name : List.of("a.crt", "a.key", "b.crt", "b.key")) {
            Files.move(certs.resolve(name), directory.resolve(name));
        }
        int port = Embedded.freePort();
        try (TestOrigin origin = new TestOrigin("o1");
             Embedded proxy = Embedded.start(config(port, "http", "ssl crt " + certs, origin))) {
            assertThat(sClient(port, "-servername", "b.example")).contains("subject=CN=b.example");
            assertThat(sClient(port, "-servername", "www.a.example")).contains("subject=CN=a.example");
            assertThat(sClient(port, "-noservername")).contains("subject=CN=a.example");
            Result b = curl("b.example", port, "/dir", directory.resolve("b.crt"));
            assertThat(b.exit()).as(b.out()).isZero();
            assertThat(b.out()).contains("x-seen-uri: /dir");
        }
    }

    @Test
    void aTcpModeListenerTerminatesTls(@TempDir Path directory) throws Exception {
        twoCertificates(directory);
        int port = Embedded.freePort();
        try (TestOrigin origin = new TestOrigin("o1");
             Embedded proxy = Embedded.start(config(port, "tcp", "ssl crt " + directory.resolve("b.pem"), origin))) {
            Result result = curl("b.example", port, "/tcp", directory.resolve("b.crt"));
            assertThat(result.exit()).as(result.out()).isZero();
            assertThat(result.out()).startsWith("HTTP/1.1 200").contains("x-seen-uri: /tcp");
        }
    }

    @Test
    void aPlaintextClientIsClosedAndTheProxyGoesOn(@TempDir Path directory) throws Exception {
        twoCertificates(directory);
        for (String mode : List.of("http", "tcp")) {
            int port = Embedded.freePort();
            try (TestOrigin origin = new TestOrigin("o1");
                 Embedded proxy = Embedded.start(config(port, mode, "ssl crt " + directory.resolve("a.pem"), origin))) {
                for (int i = 0; i < 3; i++) {
                    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        socket.setSoTimeout(30_000);
                        socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: a.example\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        String answer = readUntilClosed(socket.getInputStream());
                        assertThat(answer).as(mode).doesNotContain("HTTP/1.1");
                    }
                }
                assertThat(origin.connections()).as(mode).isZero();
                Result result = curl("a.example", port, "/after", directory.resolve("a.crt"));
                assertThat(result.exit()).as(mode + ": " + result.out()).isZero();
                assertThat(result.out()).as(mode).contains("x-seen-uri: /after");
            }
        }
    }

    @Test
    void theJdkProviderServesTheSameWay(@TempDir Path directory) throws Exception {
        twoCertificates(directory);
        int port = Embedded.freePort();
        System.setProperty(TlsProvider.PROPERTY, "jdk");
        try (TestOrigin origin = new TestOrigin("o1");
             Embedded proxy = Embedded.start(config(port, "http", "ssl crt " + directory.resolve("a.pem") + " crt "
                     + directory.resolve("b.pem") + " alpn http/1.1", origin))) {
            Result b = curl("api.b.example", port, "/jdk", directory.resolve("b.crt"));
            assertThat(b.exit()).as(b.out()).isZero();
            assertThat(b.out()).contains("x-seen-uri: /jdk");
            assertThat(sClient(port, "-servername", "a.example", "-alpn", "http/1.1", "-tls1_2"))
                    .contains("subject=CN=a.example").contains("ALPNprotocol:http/1.1").contains("New,TLSv1.2,");
            assertThat(sClient(port, "-servername", "a.example", "-tls1_3")).contains("New,TLSv1.3,");
        } finally {
            System.clearProperty(TlsProvider.PROPERTY);
        }
    }

    /**
     * HAProxy and Bascule on the same configuration (two certificates, a directory, ALPN):
     * for each client hello, the same certificate and the same ALPN answer.
     */
    @Test
    void theSameCertificateAndAlpnAnswersAsHaproxy(@TempDir Path directory) throws Exception {
        Path haproxyBinary = Path.of("/usr/sbin/haproxy");
        assumeTrue(Files.isExecutable(haproxyBinary), "HAProxy is not installed (.ci/run installs it)");
        Path certs = Files.createDirectory(directory.resolve("certs"));
        twoCertificates(certs);
        for (String name : List.of("a.crt", "a.key", "b.crt", "b.key")) {
            Files.move(certs.resolve(name), directory.resolve(name));
        }
        List<List<String>> hellos = List.of(
                List.of("-servername", "a.example", "-alpn", "http/1.1"),
                List.of("-servername", "WWW.A.Example", "-alpn", "h2,http/1.1"),
                List.of("-servername", "x.b.example", "-alpn", "h2"),
                List.of("-servername", "x.y.b.example"),
                List.of("-servername", "b.example", "-tls1_2"),
                List.of("-servername", "unknown.example", "-tls1_3"),
                List.of("-noservername"));
        try (TestOrigin origin = new TestOrigin("o1")) {
            int haproxyFirst = Embedded.freePort();
            int haproxySecond = Embedded.freePort();
            Path config = directory.resolve("haproxy.cfg");
            Files.writeString(config, twoBinds(haproxyFirst, haproxySecond, directory, origin));
            Process haproxy = new ProcessBuilder(haproxyBinary.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(directory.resolve("haproxy.log").toFile()).start();
            List<String> expected;
            try {
                CommandLineIT.awaitListening(haproxyFirst);
                CommandLineIT.awaitListening(haproxySecond);
                expected = answers(hellos, haproxyFirst, haproxySecond);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            int first = Embedded.freePort();
            int second = Embedded.freePort();
            List<String> actual;
            try (Embedded bascule = Embedded.start(twoBinds(first, second, directory, origin))) {
                actual = answers(hellos, first, second);
            }
            assertThat(expected).anyMatch(answer -> answer.contains("CN=b.example"))
                    .anyMatch(answer -> answer.contains("ALPNprotocol:http/1.1"));
            assertThat(actual).isEqualTo(expected);
        }
    }

    private static String twoBinds(int first, int second, Path directory, TestOrigin origin) {
        return String.join("\n",
                "defaults",
                "    mode http",
                "    timeout connect 5s",
                "    timeout client 30s",
                "    timeout server 30s",
                "frontend fe",
                "    bind 127.0.0.1:" + first + " ssl crt " + directory.resolve("certs/b.pem") + " crt "
                        + directory.resolve("certs/a.pem") + " alpn http/1.1",
                "    bind 127.0.0.1:" + second + " ssl crt " + directory.resolve("certs"),
                "    default_backend be",
                "backend be",
                "    server s1 127.0.0.1:" + origin.port(),
                "");
    }

    /** For each hello and each port: the certificate's subject, the ALPN outcome and the TLS version. */
    private static List<String> answers(List<List<String>> hellos, int... ports) throws Exception {
        List<String> answers = new ArrayList<>();
        for (int port : ports) {
            for (List<String> hello : hellos) {
                String out = sClient(port, hello.toArray(new String[0]));
                StringBuilder answer = new StringBuilder(String.join(" ", hello)).append(" ->");
                out.lines().filter(line -> line.startsWith("subject=") || line.startsWith("ALPNprotocol:")
                        || line.startsWith("NoALPN") || line.startsWith("New,TLS"))
                        .forEach(line -> answer.append(' ').append(line.replaceFirst(",Cipheris.*", "")));
                answers.add(answer.toString());
            }
        }
        return answers;
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        StringBuilder all = new StringBuilder();
        byte[] buffer = new byte[4096];
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                all.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            }
        } catch (java.net.SocketException reset) {
            // a reset is a close too
        }
        return all.toString();
    }
}
