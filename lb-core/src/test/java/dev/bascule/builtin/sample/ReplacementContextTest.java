package dev.bascule.builtin.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.sample.ConverterContext;
import dev.bascule.api.sample.RegexReplacement;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleConverter;
import dev.bascule.core.sample.SampleHost;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** regsub and map_regm read their replacement templates as the host compiles them. */
final class ReplacementContextTest {
    /** A host whose replacements say which template they stand for. */
    private static final class Marking implements ConverterContext {
        final List<String> templates = new ArrayList<>();

        @Override
        public RegexReplacement regexReplacement(String template) {
            templates.add(template);
            return (out, input, match) -> out.append('<').append(template).append('>');
        }
    }

    private static String convert(SampleConverter converter, String input) {
        Sample sample = new Sample().setString(input);
        return converter.convert(TestingTraffic.connection(), sample) ? sample.toString() : null;
    }

    @Test
    void regsubUsesTheHostsReplacement() throws Exception {
        Marking host = new Marking();
        SampleConverter regsub = Samples.REGISTRY.sampleConverter("regsub").orElseThrow()
                .create(List.of("b(.)", "[\\1]", "g"), host);
        assertThat(host.templates).containsExactly("[\\1]");
        assertThat(convert(regsub, "abcdbe")).isEqualTo("a<[\\1]>d<[\\1]>");
        assertThatThrownBy(() -> Samples.REGISTRY.sampleConverter("regsub").orElseThrow()
                .create(List.of("b", "x")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("regex replacements are not available here");
    }

    @Test
    void mapRegmCompilesEachValueWithTheHost(@TempDir Path temp) throws Exception {
        Path rules = temp.resolve("rules.map");
        Files.writeString(rules, "^(\\w+)\\.(\\w+)$ \\1_AND_\\2\n");
        SampleConverter regm = Samples.REGISTRY.sampleConverter("map_regm").orElseThrow()
                .create(List.of(rules.toString()), new SampleHost().context(new SourceLocation("t.cfg", 4), false));
        assertThat(convert(regm, "example.org")).isEqualTo("example_AND_org");
        assertThat(convert(regm, "example")).isNull();
    }
}
