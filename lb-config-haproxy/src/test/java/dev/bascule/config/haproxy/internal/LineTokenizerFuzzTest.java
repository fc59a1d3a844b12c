package dev.bascule.config.haproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Fuzzes {@link LineTokenizer} with Jazzer (docs/fuzzing.md): any line gives words or HAProxy's
 * message, never an exception, and a line without anything to interpret splits on its blanks.
 *
 * <p>An input is the line's bytes followed by one byte, its lowest bit telling how the bytes
 * become text: as ISO-8859-1, as the loader's files are read (0), or decoded as UTF-8 (1).
 */
final class LineTokenizerFuzzTest {
    private static final LineTokenizer.Expansion EXPANSION = new LineTokenizer.Expansion(Map.of(
            "FD", "7",
            "EMPTY", "",
            "WORDS", "w1  w2 w3",
            "SPACED", "a b"), "fuzz.cfg", 12, Optional.of("www"));
    /** Printable ASCII but the bytes the tokenizer interprets, and blanks that are spaces only. */
    private static final Pattern PLAIN = Pattern.compile("[ !%&()*+,\\-./0-9:;<=>?@A-Z\\[\\]^_`a-z{|}~$]*");
    private static final Pattern MESSAGE = Pattern.compile("(?s).+ at position [0-9]+:\n  .*\n *\\^"
            + "|too many words, truncating after word 64, position [0-9]+: <.*>\\.");

    @FuzzTest(maxDuration = "10s")
    void tokenize(FuzzedDataProvider data) {
        boolean utf8 = data.consumeBoolean();
        byte[] bytes = data.consumeRemainingAsBytes();
        String line = new String(bytes, utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

        TokenizedLine tokens = LineTokenizer.tokenize(line, EXPANSION);

        if (tokens.error().isPresent()) {
            assertThat(tokens.words()).isEmpty();
            assertThat(tokens.error().get()).matches(MESSAGE);
            return;
        }
        List<String> words = tokens.words();
        assertThat(words).hasSizeLessThanOrEqualTo(LineTokenizer.MAX_LINE_ARGS);
        for (int i = 0; i < words.size(); i++) {
            assertThat(tokens.bytes(i)).doesNotContain((byte) 0);
        }
        if (PLAIN.matcher(line).matches()) {
            String trimmed = line.strip();
            List<String> expected = trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split(" +"));
            assertThat(words).as("the words of a plain line").isEqualTo(expected);
        }
    }
}
