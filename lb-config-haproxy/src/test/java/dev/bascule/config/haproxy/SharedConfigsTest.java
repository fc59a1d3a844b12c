package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bascule.api.loader.ConfigSource;
import dev.bascule.api.loader.Diagnostic;
import dev.bascule.api.loader.LoadResult;
import dev.bascule.config.haproxy.testing.TestCertificates;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's two reference configurations (outside this repository, in
 * {@code ../../shared/configs}) use keywords Bascule does not implement yet: loading them must
 * give alerts on the right lines, not exceptions. Skipped when the files are absent.
 */
final class SharedConfigsTest {
    private static final Path DIRECTORY = Path.of("..", "..", "shared", "configs");

    private static LoadResult loadShared(String name, Map<String, String> environment) throws IOException {
        Path file = DIRECTORY.resolve(name);
        assumeTrue(Files.isRegularFile(file), file + " is not available");
        return load(TestingLoaderContext.withEnvironment(environment),
                new ConfigSource(name, Files.readString(file)));
    }

    private static List<Integer> alertLines(LoadResult result) {
        return result.diagnostics().stream()
                .filter(diagnostic -> diagnostic.severity() == Diagnostic.Severity.ALERT)
                .map(diagnostic -> diagnostic.location().orElseThrow().line())
                .collect(Collectors.toList());
    }

    @Test
    void seedExampleLoadsWithTheReqaddWarning(@TempDir Path directory) throws IOException, InterruptedException {
        Path file = DIRECTORY.resolve("seed-example.cfg");
        assumeTrue(Files.isRegularFile(file), file + " is not available");
        // the file as written, its certificate where this machine has one
        Path pem = TestCertificates.pem(directory, "seed", "ec", "www.backend2.co.kr");
        String text = Files.readString(file).replace("/usr/local/etc/haproxy/ssl.pem", pem.toString());
        LoadResult result = load(TestingLoaderContext.plain(), new ConfigSource("seed-example.cfg", text));
        assertThat(result.config()).as(render(result)).isPresent();
        assertThat(render(result)).isEqualTo(String.join("\n",
                "seed-example.cfg:11: WARNING: 'tune.ssl.default-dh-param' : Bascule's TLS library (BoringSSL) has no"
                        + " DHE ciphers, only ECDHE and RSA key exchange: the value is checked and has no effect.",
                "seed-example.cfg:27: WARNING: The 'reqadd' directive is not supported anymore since HAProxy 2.1;"
                        + " Bascule runs it as 'http-request add-header X-Forwarded-Proto https'. Use 'http-request"
                        + " add-header' instead.",
                "seed-example.cfg:38: WARNING: a 'http-request' rule placed after a 'redirect' rule will still be"
                        + " processed before."));
    }

    @Test
    void seedExampleWithoutItsCertificateNamesTheBindLine() throws IOException {
        assumeTrue(!Files.exists(Path.of("/usr/local/etc/haproxy/ssl.pem")), "this machine has the seed's certificate");
        LoadResult result = loadShared("seed-example.cfg", Map.of());
        assertThat(result.config()).isEmpty();
        assertThat(alertLines(result)).as(render(result)).containsExactly(26);
        assertThat(render(result)).contains(
                "seed-example.cfg:26: ALERT: 'bind *:443' in section 'frontend' : unable to stat SSL certificate"
                        + " from file '/usr/local/etc/haproxy/ssl.pem' : No such file or directory.");
    }

    @Test
    void seedExampleLocal(@TempDir Path directory) throws IOException, InterruptedException {
        Path pem = TestCertificates.pem(directory, "seed", "ec", "localhost");
        LoadResult result = loadShared("seed-example-local.cfg", Map.of(
                "SEED_HTTP_PORT", "8080",
                "SEED_HTTPS_PORT", "8443",
                "SEED_PEM", pem.toString(),
                "SEED_BACK1", "127.0.0.1:5656",
                "SEED_BACK2", "127.0.0.1:5655"));
        assertThat(result.config()).as(render(result)).isPresent();
        assertThat(render(result)).isEqualTo("seed-example-local.cfg:9: WARNING: 'tune.ssl.default-dh-param' :"
                + " Bascule's TLS library (BoringSSL) has no DHE ciphers, only ECDHE and RSA key exchange: the value is"
                + " checked and has no effect.\nseed-example-local.cfg:32: WARNING: a 'http-request' rule placed after"
                + " a 'redirect' rule will still be processed before.");
    }

    @Test
    void seedExampleLocalWithoutItsEnvironment() throws IOException {
        LoadResult result = loadShared("seed-example-local.cfg", Map.of());
        assertThat(result.config()).isEmpty();
        assertThat(render(result)).contains(
                "seed-example-local.cfg:21: ALERT: 'bind' : missing port specification in '127.0.0.1:'",
                "seed-example-local.cfg:37: ALERT: 'server' expects <name> and <addr>[:<port>] as arguments.");
    }
}
