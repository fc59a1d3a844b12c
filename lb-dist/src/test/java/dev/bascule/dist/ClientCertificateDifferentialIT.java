package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bascule.config.haproxy.testing.TestCertificates;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify optional|required} with a {@code ca-file} on HAProxy 2.6 and on Bascule, with a CA
 * and a client certificate made by {@code openssl} for the test: the {@code ssl_c_*} and
 * {@code ssl_f_*} fetches as the origin receives them in headers, and what a client without a
 * certificate sees.
 */
@Timeout(300)
final class ClientCertificateDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final List<String> HEADERS = List.of(
            "X-SSL-Client-DN %{+Q}[ssl_c_s_dn]",
            "X-SSL-Issuer %{+Q}[ssl_c_i_dn]",
            "X-SSL-CN %[ssl_c_s_dn(CN)]",
            "X-SSL-OU %[ssl_c_s_dn(OU,1)]",
            "X-SSL-Serial %[ssl_c_serial,hex]",
            "X-SSL-NotBefore %[ssl_c_notbefore]",
            "X-SSL-NotAfter %[ssl_c_notafter]",
            "X-SSL-SHA1 %[ssl_c_sha1,hex]",
            "X-SSL-DER %[ssl_c_der,base64]",
            "X-SSL-Version %[ssl_c_version]",
            "X-SSL-Used %[ssl_c_used]",
            "X-SSL-Has-Crt %[ssl_fc_has_crt]",
            "X-SSL-Verify %[ssl_c_verify]",
            "X-SSL-Err %[ssl_c_err]",
            "X-SSL-CA-Err %[ssl_c_ca_err]",
            "X-SSL-F-DN %{+Q}[ssl_f_s_dn]",
            "X-SSL-F-Serial %[ssl_f_serial,hex]",
            "X-SSL-F-Version %[ssl_f_version]");

    private static String config(int port, String verify, Path directory, TestOrigin origin) {
        return withOptions(port, verify + " ca-file ca.crt", directory, origin);
    }

    /** The frontend with {@code bind ... ssl crt server.pem verify <options>}. */
    private static String withOptions(int port, String verify, Path directory, TestOrigin origin) {
        StringBuilder config = new StringBuilder(String.join("\n",
                "global",
                "    ca-base " + directory,
                "    crt-base " + directory,
                "defaults",
                "    mode http",
                "    timeout connect 5s",
                "    timeout client 10s",
                "    timeout server 10s",
                "frontend fe",
                "    bind 127.0.0.1:" + port + " ssl crt server.pem verify " + verify,
                ""));
        for (String header : HEADERS) {
            config.append("    http-request set-header ").append(header).append('\n');
        }
        config.append("    default_backend be\nbackend be\n    server s1 127.0.0.1:").append(origin.port()).append('\n');
        return config.toString();
    }

    private static void certificates(Path directory) throws IOException, InterruptedException {
        TestCertificates.pem(directory, "server", "ec", "www.example.com");
        TestCertificates.create(directory, "rogue", "ec", "client one");
        String ca = directory.resolve("ca").toString();
        TestCertificates.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/C=FR/ST=Ile de France/O=Example CA/CN=Test CA", "-keyout", ca + ".key", "-out", ca + ".crt"));
        String client = directory.resolve("client").toString();
        TestCertificates.run(List.of("openssl", "req", "-newkey", "rsa:2048", "-nodes",
                "-subj", "/C=FR/O=Example/OU=Ops/OU=Web/CN=client one/emailAddress=one@example.com",
                "-keyout", client + ".key", "-out", client + ".csr"));
        TestCertificates.run(List.of("openssl", "x509", "-req", "-in", client + ".csr", "-CA", ca + ".crt",
                "-CAkey", ca + ".key", "-set_serial", "0xC0FFEE01", "-days", "2", "-out", client + ".crt"));
    }

    /** The {@code x-ssl-*} headers the origin received for one request by curl. */
    private static List<String> request(int port, TestOrigin origin, Path directory, String certificate)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-k", "--max-time", "20", "-o", "/dev/null",
                "-w", "%{http_code}"));
        if (certificate != null) {
            command.addAll(List.of("--cert", directory.resolve(certificate + ".crt").toString(),
                    "--key", directory.resolve(certificate + ".key").toString()));
        }
        command.add("https://127.0.0.1:" + port + "/");
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (!out.equals("200")) {
            return List.of("curl: " + out.replaceAll("\\(\\d+\\)", "").strip());
        }
        List<List<String>> heads = origin.requestHeads();
        return heads.get(heads.size() - 1).stream().filter(line -> line.startsWith("x-ssl-"))
                .collect(Collectors.toList());
    }

    /** What {@code openssl s_client} without a certificate gets: the alert, or "accepted". */
    private static String withoutCertificate(int port, String version) throws IOException, InterruptedException {
        Process client = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, version)
                .redirectErrorStream(true).start();
        client.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        client.getOutputStream().flush();
        String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(client.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Matcher alert = Pattern.compile("alert ([a-z ]+):.*SSL alert number (\\d+)").matcher(out);
        return alert.find() ? "alert " + alert.group(2) + " " + alert.group(1) : "accepted";
    }

    private record Seen(List<String> with, List<String> without, List<String> rogue, String tls12, String tls13) {
    }

    private static Seen run(Path directory, String verify, int port, TestOrigin origin, boolean haproxy)
            throws Exception {
        if (haproxy) {
            Path file = directory.resolve("haproxy-" + verify + ".cfg");
            Files.writeString(file, config(port, verify, directory, origin));
            Process process = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", file.toString())
                    .redirectErrorStream(true).redirectOutput(directory.resolve("haproxy.log").toFile()).start();
            try {
                CommandLineIT.awaitListening(port);
                return probe(directory, port, origin);
            } finally {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        try (Embedded bascule = Embedded.start(config(port, verify, directory, origin))) {
            return probe(directory, port, origin);
        }
    }

    private static Seen probe(Path directory, int port, TestOrigin origin) throws Exception {
        return new Seen(request(port, origin, directory, "client"), request(port, origin, directory, null),
                request(port, origin, directory, "rogue"),
                withoutCertificate(port, "-tls1_2"), withoutCertificate(port, "-tls1_3"));
    }

    @Test
    void theFetchesAndTheHandshakesAreHaproxys(@TempDir Path directory) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        certificates(directory);
        try (TestOrigin origin = new TestOrigin("o1")) {
            for (String verify : List.of("optional", "required")) {
                Seen haproxy = run(directory, verify, Embedded.freePort(), origin, true);
                Seen bascule = run(directory, verify, Embedded.freePort(), origin, false);
                assertThat(haproxy.with()).contains(
                        "x-ssl-client-dn: /C=FR/O=Example/OU=Ops/OU=Web/CN=client one/emailAddress=one@example.com",
                        "x-ssl-issuer: /C=FR/ST=Ile de France/O=Example CA/CN=Test CA", "x-ssl-cn: client one",
                        "x-ssl-ou: Ops", "x-ssl-serial: C0FFEE01", "x-ssl-used: 1", "x-ssl-verify: 0",
                        "x-ssl-f-dn: /CN=www.example.com");
                // a certificate from another authority fails the handshake, also with verify optional
                assertThat(haproxy.rogue()).singleElement().asString().contains("alert unknown ca");
                if (verify.equals("optional")) {
                    assertThat(haproxy.without()).contains("x-ssl-used: 0", "x-ssl-client-dn: ");
                    assertThat(haproxy.tls13()).isEqualTo("accepted");
                } else {
                    assertThat(haproxy.tls13()).isEqualTo("alert 116 certificate required");
                    assertThat(haproxy.tls12()).startsWith("alert ");
                }
                assertThat(bascule).as("verify " + verify).isEqualTo(haproxy);
            }
        }
    }

    @Test
    void aRevokedCertificateIsRefusedWithCrlFile(@TempDir Path directory) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        certificates(directory);
        String ca = directory.resolve("ca").toString();
        String revoked = directory.resolve("revoked").toString();
        TestCertificates.run(List.of("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=revoked",
                "-keyout", revoked + ".key", "-out", revoked + ".csr"));
        TestCertificates.run(List.of("openssl", "x509", "-req", "-in", revoked + ".csr", "-CA", ca + ".crt",
                "-CAkey", ca + ".key", "-set_serial", "0x0BAD", "-days", "2", "-out", revoked + ".crt"));
        Files.writeString(directory.resolve("index.txt"), "");
        Files.writeString(directory.resolve("crlnumber"), "1000\n");
        Path cnf = directory.resolve("ca.cnf");
        Files.writeString(cnf, String.join("\n", "[ ca ]", "default_ca = own", "[ own ]",
                "database = " + directory.resolve("index.txt"), "crlnumber = " + directory.resolve("crlnumber"),
                "default_md = sha256", "default_crl_days = 2", ""));
        List<String> caArgs = List.of("-config", cnf.toString(), "-keyfile", ca + ".key", "-cert", ca + ".crt");
        List<String> revoke = new ArrayList<>(List.of("openssl", "ca"));
        revoke.addAll(caArgs);
        revoke.addAll(List.of("-revoke", revoked + ".crt"));
        TestCertificates.run(revoke);
        List<String> crl = new ArrayList<>(List.of("openssl", "ca"));
        crl.addAll(caArgs);
        crl.addAll(List.of("-gencrl", "-out", directory.resolve("crl.pem").toString()));
        TestCertificates.run(crl);
        String verify = "required ca-file ca.crt crl-file crl.pem";
        try (TestOrigin origin = new TestOrigin("o1")) {
            List<List<String>> answers = new ArrayList<>();
            for (boolean haproxy : new boolean[] {true, false}) {
                int port = Embedded.freePort();
                String text = withOptions(port, verify, directory, origin);
                List<String> seen = new ArrayList<>();
                if (haproxy) {
                    Path file = directory.resolve("haproxy-crl.cfg");
                    Files.writeString(file, text);
                    Process process = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", file.toString())
                            .redirectErrorStream(true).redirectOutput(directory.resolve("haproxy.log").toFile()).start();
                    try {
                        CommandLineIT.awaitListening(port);
                        seen.addAll(request(port, origin, directory, "client").subList(0, 1));
                        seen.addAll(request(port, origin, directory, "revoked"));
                    } finally {
                        process.destroy();
                        process.waitFor(10, TimeUnit.SECONDS);
                    }
                } else {
                    try (Embedded bascule = Embedded.start(text)) {
                        seen.addAll(request(port, origin, directory, "client").subList(0, 1));
                        seen.addAll(request(port, origin, directory, "revoked"));
                    }
                }
                answers.add(seen);
            }
            assertThat(answers.get(0)).first().asString().startsWith("x-ssl-client-dn: /C=FR/O=Example");
            assertThat(answers.get(0)).last().asString().contains("alert certificate revoked");
            assertThat(answers.get(1)).isEqualTo(answers.get(0));
        }
    }
}
