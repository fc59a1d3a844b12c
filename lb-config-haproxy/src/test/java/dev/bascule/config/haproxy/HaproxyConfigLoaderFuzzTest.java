package dev.bascule.config.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.loader.ConfigSource;
import dev.bascule.api.loader.Diagnostic;
import dev.bascule.api.loader.LoadResult;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Fuzzes the whole loader with Jazzer (docs/fuzzing.md), through the path the tests use: any text
 * gives a {@link LoadResult}, never an exception ("the loader never throws for user mistakes"),
 * with its diagnostics on the text's lines, and the same result when loaded again.
 *
 * <p>An input is a configuration file, read as the host reads one (ISO-8859-1): the seeds are
 * real ones.
 */
final class HaproxyConfigLoaderFuzzTest {
    private static final String NAME = "fuzz.cfg";
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "FD", "7",
            "PORT", "8080",
            "EMPTY", "",
            "WORDS", "w1  w2 w3");

    @FuzzTest(maxDuration = "20s")
    void load(byte[] input) {
        String text = new String(input, StandardCharsets.ISO_8859_1);

        LoadResult result = load(text);

        assertThat(result).isNotNull();
        assertThat(result.config().isPresent()).as("a configuration exactly when nothing is an alert")
                .isEqualTo(!result.hasErrors());
        long lines = text.chars().filter(c -> c == '\n').count() + 1;
        for (Diagnostic diagnostic : result.diagnostics()) {
            assertThat(diagnostic.message()).as("message of %s", diagnostic).isNotBlank();
            if (diagnostic.location().isPresent()) {
                SourceLocation location = diagnostic.location().get();
                assertThat(location.file()).as("file of %s", diagnostic).isEqualTo(NAME);
                assertThat((long) location.line()).as("line of %s", diagnostic).isBetween(0L, lines);
            }
        }
        assertThat(Loading.render(load(text))).as("loaded again").isEqualTo(Loading.render(result));
    }

    private static LoadResult load(String text) {
        return Loading.load(TestingLoaderContext.withEnvironment(ENVIRONMENT), new ConfigSource(NAME, text));
    }
}
