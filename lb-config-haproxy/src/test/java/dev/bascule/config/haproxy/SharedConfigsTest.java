package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bascule.api.loader.ConfigSource;
import dev.bascule.api.loader.Diagnostic;
import dev.bascule.api.loader.LoadResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

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
    void seedExample() throws IOException {
        LoadResult result = loadShared("seed-example.cfg", Map.of());
        assertThat(result.config()).isEmpty();
        assertThat(alertLines(result)).as(render(result))
                .containsExactly(9, 10, 11, 23, 24, 26, 27, 28, 31, 32, 35, 38, 42, 48);
        assertThat(render(result)).contains(
                "seed-example.cfg:9: ALERT: 'maxconn' is not implemented yet by Bascule",
                "seed-example.cfg:10: ALERT: 'log' is not implemented yet by Bascule",
                "seed-example.cfg:23: ALERT: 'option httplog' is not implemented yet by Bascule",
                "seed-example.cfg:26: ALERT: 'bind *:443' in section 'frontend' : 'ssl' is not implemented yet by"
                        + " Bascule",
                "seed-example.cfg:27: ALERT: The 'reqadd' directive is not supported anymore since HAProxy 2.1."
                        + " Use 'http-request add-header' instead.",
                "seed-example.cfg:31: ALERT: 'acl' is not implemented yet by Bascule",
                "seed-example.cfg:35: ALERT: ACL conditions are not implemented yet by Bascule",
                "seed-example.cfg:38: ALERT: 'http-request deny' is not implemented yet by Bascule");
        // 'check' (health checks) is implemented: lines 44 and 49 load
    }

    @Test
    void seedExampleLocal() throws IOException {
        LoadResult result = loadShared("seed-example-local.cfg", Map.of(
                "SEED_HTTP_PORT", "8080",
                "SEED_HTTPS_PORT", "8443",
                "SEED_PEM", "/tmp/seed.pem",
                "SEED_BACK1", "127.0.0.1:5656",
                "SEED_BACK2", "127.0.0.1:5655"));
        assertThat(result.config()).isEmpty();
        assertThat(alertLines(result)).as(render(result))
                .containsExactly(8, 9, 20, 22, 23, 24, 27, 28, 30, 32, 36, 41);
        assertThat(render(result)).contains(
                "seed-example-local.cfg:22: ALERT: 'bind 127.0.0.1:8443' in section 'frontend' : 'ssl' is not"
                        + " implemented yet by Bascule",
                "seed-example-local.cfg:23: ALERT: 'http-request add-header' is not implemented yet by Bascule");
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
