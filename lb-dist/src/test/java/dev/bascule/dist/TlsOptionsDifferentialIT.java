package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bascule.config.haproxy.testing.TestCertificates;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The global TLS defaults of Debian's haproxy.cfg ({@code ssl-default-bind-ciphers},
 * {@code -ciphersuites}, {@code -options ssl-min-ver TLSv1.2 no-tls-tickets}) on HAProxy 2.6
 * (OpenSSL 3.0) and on Bascule (BoringSSL), probed by {@code openssl s_client}: which handshakes
 * are accepted, with which version and cipher, and whether sessions resume by ticket or by id.
 */
@Timeout(300)
final class TlsOptionsDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final Pattern OUTCOME = Pattern.compile("(New|Reused), (\\S+), Cipher is (\\S+)");
    private static final Pattern PROTOCOL = Pattern.compile("Protocol *: (\\S+)");
    private static final String DEBIAN = String.join("\n",
            "global",
            "    ssl-default-bind-ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                    + "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
                    + "ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384",
            "    ssl-default-bind-ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:"
                    + "TLS_CHACHA20_POLY1305_SHA256",
            "    ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets",
            "");

    private static String config(String global, int port, String bindOptions) {
        return global + String.join("\n",
                "defaults",
                "    mode http",
                "    timeout connect 5s",
                "    timeout client 10s",
                "    timeout server 10s",
                "frontend fe",
                "    bind 127.0.0.1:" + port + " " + bindOptions,
                "    http-request return status 200 content-type text/plain string ok",
                "");
    }

    /**
     * What a client sees: {@code New TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 [ticket]}, or
     * {@code refused} (an alert from the server, or the client's own refusal of what it got).
     */
    private static String handshake(int port, Path directory, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
        for (String option : options) {
            command.add(option.replace("SESSION", directory.resolve("session-" + port).toString()));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(new byte[0]);
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Matcher outcome = OUTCOME.matcher(out);
        Matcher protocol = PROTOCOL.matcher(out);
        if (outcome.find() && !outcome.group(3).equals("(NONE)")) {
            // the session's protocol; s_client prints it only with a session, TLS 1.3's comes with a ticket
            String version = protocol.find() ? protocol.group(1) : outcome.group(2);
            // a TLS 1.3 ticket comes after the handshake: whether s_client, its input closed, reads it
            // before it leaves is a race, so only TLS 1.2 tickets (inside the handshake) are told
            boolean ticket = !version.equals("TLSv1.3") && out.contains("TLS session ticket lifetime hint");
            return outcome.group(1) + " " + version + " " + outcome.group(3) + (ticket ? " ticket" : "");
        }
        return "refused";
    }

    private static Map<String, String> probe(int port, Path directory, List<String[]> probes)
            throws IOException, InterruptedException {
        Map<String, String> seen = new LinkedHashMap<>();
        for (String[] options : probes) {
            seen.put(String.join(" ", options), handshake(port, directory, options));
        }
        return seen;
    }

    /** The probes' answers from HAProxy, then from Bascule, on the same configuration. */
    private static Map<String, Map<String, String>> both(Path directory, String global, String bindOptions,
                                                         List<String[]> probes) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        int haproxyPort = Embedded.freePort();
        Path file = directory.resolve("haproxy.cfg");
        Files.writeString(file, config(global, haproxyPort, bindOptions));
        Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", file.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("haproxy.log").toFile()).start();
        Map<String, Map<String, String>> answers = new LinkedHashMap<>();
        try {
            CommandLineIT.awaitListening(haproxyPort);
            answers.put("haproxy", probe(haproxyPort, directory, probes));
        } finally {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
        }
        int basculePort = Embedded.freePort();
        try (Embedded bascule = Embedded.start(config(global, basculePort, bindOptions))) {
            answers.put("bascule", probe(basculePort, directory, probes));
        }
        return answers;
    }

    @Test
    void debiansDefaultsAcceptAndRefuseTheSameHandshakes(@TempDir Path directory) throws Exception {
        Path pem = TestCertificates.pem(directory, "site", "rsa:2048", "www.example.com");
        List<String[]> probes = List.of(
                new String[] {"-tls1_1"},
                new String[] {"-tls1_2"},
                new String[] {"-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256"},
                new String[] {"-tls1_2", "-cipher", "ECDHE-RSA-AES256-SHA"},
                new String[] {"-tls1_2", "-cipher", "AES128-GCM-SHA256"},
                new String[] {"-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256"},
                new String[] {"-tls1_3", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256"},
                new String[] {"-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256"},
                new String[] {"-tls1_3", "-ciphersuites", "TLS_AES_128_CCM_SHA256"},
                new String[] {"-tls1_2", "-sess_out", "SESSION"},
                new String[] {"-tls1_2", "-sess_in", "SESSION"});
        Map<String, Map<String, String>> answers = both(directory, DEBIAN, "ssl crt " + pem, probes);
        Map<String, String> haproxy = answers.get("haproxy");
        assertThat(haproxy.get("-tls1_1")).isEqualTo("refused");
        assertThat(haproxy.get("-tls1_2")).isEqualTo("New TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256");
        // the server's order wins; no ticket, yet the session resumes by its id (session cache)
        assertThat(haproxy.get("-tls1_2 -sess_in SESSION")).isEqualTo("Reused TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256");
        // DHE: without tune.ssl.default-dh-param HAProxy's 1024-bit group is too weak for OpenSSL 3.0;
        // BoringSSL has no DHE at all
        assertThat(haproxy.get("-tls1_2 -cipher DHE-RSA-AES128-GCM-SHA256")).isEqualTo("refused");
        assertThat(haproxy.get("-tls1_2 -cipher AES128-GCM-SHA256")).isEqualTo("refused");
        // with TLS 1.3 BoringSSL follows the client's order: both answers pinned, the rest compared
        assertThat(haproxy.get("-tls1_3 -ciphersuites TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256"))
                .isEqualTo("New TLSv1.3 TLS_AES_128_GCM_SHA256");
        assertThat(answers.get("bascule").get("-tls1_3 -ciphersuites TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256"))
                .isEqualTo("New TLSv1.3 TLS_AES_256_GCM_SHA384");
        Map<String, String> expected = new LinkedHashMap<>(haproxy);
        expected.put("-tls1_3 -ciphersuites TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256",
                "New TLSv1.3 TLS_AES_256_GCM_SHA384");
        assertThat(answers.get("bascule")).isEqualTo(expected);
    }

    @Test
    void withTicketsAndABindsOwnVersionsAndCiphers(@TempDir Path directory) throws Exception {
        Path pem = TestCertificates.pem(directory, "site", "ec", "www.example.com");
        List<String[]> probes = List.of(
                new String[] {"-tls1_2"},
                new String[] {"-tls1_3"},
                new String[] {"-tls1_1", "-cipher", "ECDHE-ECDSA-AES128-SHA@SECLEVEL=0"},
                new String[] {"-tls1_2", "-cipher", "ECDHE-ECDSA-CHACHA20-POLY1305"},
                new String[] {"-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-SHA"},
                new String[] {"-tls1_2", "-sess_out", "SESSION"},
                new String[] {"-tls1_2", "-sess_in", "SESSION"});
        String bind = "ssl crt " + pem + " ssl-min-ver TLSv1.1 ssl-max-ver TLSv1.2"
                + " ciphers ECDHE+AESGCM:ECDHE+AES:!SHA384:!SHA256";
        Map<String, Map<String, String>> answers = both(directory, "", bind, probes);
        Map<String, String> haproxy = answers.get("haproxy");
        assertThat(haproxy.get("-tls1_2")).isEqualTo("New TLSv1.2 ECDHE-ECDSA-AES256-GCM-SHA384 ticket");
        assertThat(haproxy.get("-tls1_3")).isEqualTo("refused");
        assertThat(haproxy.get("-tls1_2 -cipher ECDHE-ECDSA-CHACHA20-POLY1305")).isEqualTo("refused");
        assertThat(haproxy.get("-tls1_2 -cipher ECDHE-ECDSA-AES256-SHA")).isEqualTo("New TLSv1.2 ECDHE-ECDSA-AES256-SHA ticket");
        assertThat(haproxy.get("-tls1_2 -sess_in SESSION")).startsWith("Reused TLSv1.2");
        // OpenSSL 3.0 refuses TLS 1.1 at its default security level whatever ssl-min-ver says;
        // BoringSSL serves it: the documented difference
        Map<String, String> expected = new LinkedHashMap<>(haproxy);
        expected.put("-tls1_1 -cipher ECDHE-ECDSA-AES128-SHA@SECLEVEL=0", "New TLSv1.1 ECDHE-ECDSA-AES128-SHA ticket");
        assertThat(answers.get("bascule")).isEqualTo(expected);
    }

    @Test
    void aTls13SuiteListBoringSslCannotRestrictIsStillEnforced(@TempDir Path directory) throws Exception {
        Path pem = TestCertificates.pem(directory, "site", "ec", "www.example.com");
        List<String[]> probes = List.of(
                new String[] {"-tls1_3"},
                new String[] {"-tls1_3", "-ciphersuites", "TLS_AES_128_GCM_SHA256"},
                new String[] {"-tls1_3", "-ciphersuites", "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256"},
                new String[] {"-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"},
                new String[] {"-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-GCM-SHA384"});
        Map<String, Map<String, String>> answers = both(directory, "", "ssl crt " + pem
                + " ciphersuites TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
                + " ciphers ECDHE-ECDSA-AES128-GCM-SHA256", probes);
        Map<String, String> haproxy = answers.get("haproxy");
        assertThat(haproxy.get("-tls1_3 -ciphersuites TLS_AES_128_GCM_SHA256")).isEqualTo("refused");
        assertThat(haproxy.get("-tls1_3 -ciphersuites TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256"))
                .startsWith("New TLSv1.3 TLS_CHACHA20_POLY1305_SHA256");
        assertThat(haproxy.get("-tls1_2 -cipher ECDHE-ECDSA-AES256-GCM-SHA384")).isEqualTo("refused");
        assertThat(answers.get("bascule")).isEqualTo(haproxy);
    }

    /** The subject of the certificate {@code openssl s_client} gets for a server name, or {@code refused}. */
    private static String subject(int port, String serverName) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-servername", serverName).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Matcher subject = Pattern.compile("(?m)^subject=(.*)$").matcher(out);
        return subject.find() ? subject.group(1) : "refused";
    }

    @Test
    void aCrtListChoosesByItsSniFiltersAndStrictSniRefusesTheRest(@TempDir Path directory) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        for (String name : List.of("default", "wild", "secure")) {
            TestCertificates.pem(directory, name, "ec", name + ".cert");
        }
        Files.writeString(directory.resolve("list.txt"), String.join("\n",
                "default.pem !*",
                "# a comment, then a blank line",
                "",
                "wild.pem *.domain.tld !secure.domain.tld",
                "secure.pem secure.domain.tld other.tld",
                ""));
        List<String> names = List.of("a.domain.tld", "secure.domain.tld", "other.tld", "default.cert", "wild.cert",
                "nothing.example");
        String global = "global\n    crt-base " + directory + "\n";
        for (String strict : List.of("", " strict-sni")) {
            String bind = "ssl crt-list " + directory.resolve("list.txt") + strict;
            List<String> expected = new ArrayList<>();
            int haproxyPort = Embedded.freePort();
            Path file = directory.resolve("haproxy.cfg");
            Files.writeString(file, config(global, haproxyPort, bind));
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", file.toString())
                    .redirectErrorStream(true).redirectOutput(directory.resolve("haproxy.log").toFile()).start();
            try {
                CommandLineIT.awaitListening(haproxyPort);
                for (String name : names) {
                    expected.add(name + " " + subject(haproxyPort, name));
                }
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            List<String> actual = new ArrayList<>();
            int basculePort = Embedded.freePort();
            try (Embedded bascule = Embedded.start(config(global, basculePort, bind))) {
                for (String name : names) {
                    actual.add(name + " " + subject(basculePort, name));
                }
            }
            assertThat(expected).contains("a.domain.tld CN = wild.cert", "secure.domain.tld CN = secure.cert",
                    "other.tld CN = secure.cert");
            assertThat(expected).contains(strict.isEmpty() ? "nothing.example CN = default.cert"
                    : "nothing.example refused");
            assertThat(actual).as("bind ... " + bind).isEqualTo(expected);
        }
    }
}
