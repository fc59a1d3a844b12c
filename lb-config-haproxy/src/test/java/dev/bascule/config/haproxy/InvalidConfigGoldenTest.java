package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.loader.ConfigSource;
import dev.bascule.api.loader.LoadResult;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Every {@code haproxy/invalid/NAME.cfg} loads into the diagnostics listed in {@code NAME.expected},
 * one {@code file:line: SEVERITY: message} each (a message may span several lines), and into no
 * configuration. The HAProxy messages there were compared with {@code haproxy -c} 2.6.12.
 */
final class InvalidConfigGoldenTest {
    /** The environment every golden file is loaded with. */
    static final Map<String, String> ENVIRONMENT = Map.of("PORT", "8080", "WORDS", "a b");

    private static Path directory() throws URISyntaxException {
        return Path.of(InvalidConfigGoldenTest.class.getResource("/haproxy/invalid").toURI());
    }

    static String expectedFor(Path config) throws IOException {
        String name = config.getFileName().toString().replaceFirst("\\.cfg$", ".expected");
        return Files.readString(config.resolveSibling(name), StandardCharsets.UTF_8).stripTrailing();
    }

    static LoadResult loadGolden(Path config) throws IOException {
        return load(TestingLoaderContext.withEnvironment(ENVIRONMENT),
                new ConfigSource(config.getFileName().toString(), Files.readString(config, StandardCharsets.UTF_8)));
    }

    private static List<Path> configs() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(file -> file.toString().endsWith(".cfg")).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void everyInvalidFileHasItsExpectedDiagnostics() throws IOException, URISyntaxException {
        List<Path> configs = configs();
        assertThat(configs).hasSizeGreaterThanOrEqualTo(10);
        SoftAssertions softly = new SoftAssertions();
        for (Path config : configs) {
            LoadResult result = loadGolden(config);
            if (Boolean.getBoolean("golden.update")) {
                // mvn test -Dgolden.update=true rewrites the expectations; review them with git diff
                Path source = Path.of("src/test/resources/haproxy/invalid").resolve(config.getFileName().toString()
                        .replaceFirst("\\.cfg$", ".expected"));
                Files.writeString(source, render(result) + "\n", StandardCharsets.UTF_8);
                continue;
            }
            softly.assertThat(render(result)).as(config.getFileName().toString()).isEqualTo(expectedFor(config));
            softly.assertThat(result.config()).as(config.getFileName() + " configuration").isEmpty();
        }
        softly.assertAll();
    }

    @Test
    void allThreeMistakesAreReported() throws IOException, URISyntaxException {
        LoadResult result = loadGolden(directory().resolve("three-errors.cfg"));
        assertThat(render(result)).isEqualTo("""
                three-errors.cfg:10: ALERT: unknown keyword 'defualt_backend' in 'frontend' section; did you mean 'default_backend' maybe ?
                three-errors.cfg:13: ALERT: unknown balance algorithm 'roundrobn' (expected one of: roundrobin); did you mean 'roundrobin'?
                three-errors.cfg:14: ALERT: 'server app/s1' : weight of server s1 is not within 0 and 256 (300)..""");
    }
}
