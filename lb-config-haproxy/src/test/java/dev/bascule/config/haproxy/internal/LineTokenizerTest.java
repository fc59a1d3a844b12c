package dev.bascule.config.haproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The expectations below were checked against HAProxy 2.6.12 ({@code haproxy -c} on
 * {@code .warning WORD} lines, which echo the word HAProxy parsed).
 */
final class LineTokenizerTest {
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "FD", "7",
            "EMPTY", "",
            "WORDS", "w1  w2 w3",
            "SPACED", "a b");

    private static TokenizedLine tokenize(String line) {
        return LineTokenizer.tokenize(line, LineTokenizer.Expansion.of(ENVIRONMENT));
    }

    private static Object words(String line) {
        TokenizedLine tokens = tokenize(line);
        return tokens.error().isPresent() ? tokens.error().get() : tokens.words();
    }

    @Test
    void splitsOnBlanksAfterSkippingLeadingOnes() {
        assertThat(words("  \t bind  :80\t\tname x  ")).isEqualTo(List.of("bind", ":80", "name", "x"));
    }

    @Test
    void blankAndCommentOnlyLinesHaveNoWord() {
        assertThat(tokenize("").isBlank()).isTrue();
        assertThat(tokenize("    \t ").isBlank()).isTrue();
        assertThat(tokenize("   # a comment").isBlank()).isTrue();
        assertThat(tokenize("#").isBlank()).isTrue();
    }

    @Test
    void sharpStartsACommentOutsideQuotesOnly() {
        assertThat(words("mode http# no space needed")).isEqualTo(List.of("mode", "http"));
        assertThat(words("x \"a#b\" 'c#d' e")).isEqualTo(List.of("x", "a#b", "c#d", "e"));
    }

    @Test
    void carriageReturnEndsTheLine() {
        assertThat(words("mode http\r")).isEqualTo(List.of("mode", "http"));
        assertThat(words("a\rb")).isEqualTo(List.of("a"));
    }

    @Test
    void singleQuotesAreLiteral() {
        assertThat(words("x 'a \"b\" \\c ${FD} $FD # d'")).isEqualTo(List.of("x", "a \"b\" \\c ${FD} $FD # d"));
        assertThat(words("x 'a\\'b")).isEqualTo(List.of("x", "a\\b"));
    }

    @Test
    void doubleQuotesKeepBlanksAndHonourEscapes() {
        assertThat(words("x \"a  b\"")).isEqualTo(List.of("x", "a  b"));
        assertThat(words("x \"a\\\\b\" \"c\\'d\" \"e\\\"f\"")).isEqualTo(List.of("x", "a\\b", "c'd", "e\"f"));
        assertThat(words("x \"\\x41\\t\\x4a\"")).isEqualTo(List.of("x", "A\tJ"));
    }

    @Test
    void backslashEscapesOutsideQuotes() {
        assertThat(words("x a\\ b")).isEqualTo(List.of("x", "a b"));
        assertThat(words("x a\\#b#c")).isEqualTo(List.of("x", "a#b"));
        assertThat(words("x a\\\\b")).isEqualTo(List.of("x", "a\\b"));
        assertThat(words("x a\\'b a\\\"b")).isEqualTo(List.of("x", "a'b", "a\"b"));
        assertThat(words("x \\r\\n\\t")).isEqualTo(List.of("x", "\r\n\t"));
        assertThat(words("x \\x41\\x4a")).isEqualTo(List.of("x", "AJ"));
    }

    @Test
    void otherBackslashesStay() {
        assertThat(words("x \\q a\\")).isEqualTo(List.of("x", "\\q", "a\\"));
        assertThat(words("x \"\\q\"")).isEqualTo(List.of("x", "\\q"));
        assertThat(words("x \\$FD")).isEqualTo(List.of("x", "\\$FD"));
    }

    @Test
    void hexEscapesProduceBytes() {
        TokenizedLine tokens = tokenize("x \\xe9\\x00z");
        assertThat(tokens.bytes(1)).containsExactly((byte) 0xe9);
        assertThat(tokens.words()).hasSize(2);
    }

    @Test
    void quotesMayBeGluedToText() {
        assertThat(words("bind fd@\"${FD}\"abc")).isEqualTo(List.of("bind", "fd@7abc"));
        assertThat(words("x 'multi'\"glued\"plain")).isEqualTo(List.of("x", "multigluedplain"));
    }

    @Test
    void variablesExpandInsideDoubleQuotesOnly() {
        assertThat(words("x \"${FD}\" \"$FD.x\" '${FD}' ${FD} $FD"))
                .isEqualTo(List.of("x", "7", "7.x", "${FD}", "${FD}", "$FD"));
        assertThat(words("x \"\\$FD\"")).isEqualTo(List.of("x", "$FD"));
    }

    @Test
    void defaultValueAppliesWhenTheVariableIsUnset() {
        assertThat(words("x \"${UNSET-def}\" \"${FD-def}\" \"${EMPTY-def}\" \"${UNSET-a b}\""))
                .isEqualTo(List.of("x", "def", "7", "", "a b"));
    }

    @Test
    void unsetVariableWithoutDefaultExpandsToNothing() {
        assertThat(words("x \"a${UNSET}b\" \"${UNSET}\" y")).isEqualTo(List.of("x", "ab", "", "y"));
    }

    @Test
    void emptyLastWordIsDropped() {
        assertThat(words("x \"${UNSET}\"")).isEqualTo(List.of("x"));
        assertThat(words("x \"\"")).isEqualTo(List.of("x"));
        assertThat(tokenize("\"\" x").isBlank()).isTrue();
    }

    @Test
    void wordExpansionSplitsTheValue() {
        assertThat(words("x \"${WORDS[*]}\"")).isEqualTo(List.of("x", "w1", "w2", "w3"));
        assertThat(words("x \"a${WORDS[*]}b\"")).isEqualTo(List.of("x", "aw1", "w2", "w3b"));
        assertThat(words("x \"${SPACED}\"")).isEqualTo(List.of("x", "a b"));
    }

    @Test
    void pseudoVariables() {
        LineTokenizer.Expansion expansion = new LineTokenizer.Expansion(Map.of(), "conf/lb.cfg", 12,
                Optional.of("www"));
        assertThat(LineTokenizer.tokenize("x \"${.FILE}:${.LINE} ${.SECTION}\"", expansion).words())
                .containsExactly("x", "conf/lb.cfg:12 www");
        assertThat(LineTokenizer.tokenize("x \"[${.SECTION}]\"", LineTokenizer.Expansion.of(Map.of())).words())
                .containsExactly("x", "[]");
    }

    @Test
    void unmatchedQuoteIsReportedWithItsPosition() {
        assertThat(words("    bind \"foo :80")).isEqualTo("unmatched quote at position 10:\n"
                + "  bind \"foo :80\n"
                + "       ^");
        assertThat(words("  bind \"x\" 'y")).isEqualTo("unmatched quote at position 12:\n"
                + "  bind \"x\" 'y\n"
                + "           ^");
    }

    @Test
    void unmatchedBrace() {
        assertThat(words("  bind \"${X\"")).isEqualTo("unmatched brace in environment variable name at position 10:\n"
                + "  bind \"${X\"\n"
                + "         ^");
        assertThat(words("x \"${X-abc\"")).isEqualTo("unmatched brace in environment variable name at position 5:\n"
                + "  x \"${X-abc\"\n"
                + "      ^");
    }

    @Test
    void forbiddenFirstCharacterInVariableName() {
        assertThat(words("  bind \"${1X}\"")).isEqualTo("forbidden first char in environment variable name at position"
                + " 11:\n"
                + "  bind \"${1X}\"\n"
                + "          ^");
        assertThat(words("  bind \"${.FOO}\"")).isEqualTo("forbidden first char in environment variable name at"
                + " position 11:\n"
                + "  bind \"${.FOO\n"
                + "          ^");
    }

    @Test
    void invalidHexadecimalSequence() {
        assertThat(words("  bind \"\\x4\"")).isEqualTo("truncated or invalid hexadecimal sequence at position 9:\n"
                + "  bind \"\\x4\"\n"
                + "        ^");
    }

    @Test
    void invalidWordExpansion() {
        assertThat(words("  bind \"${X[*}\"")).isEqualTo("truncated or invalid word expansion sequence at position 12:\n"
                + "  bind \"${X[*}\"\n"
                + "           ^");
    }

    @Test
    void longLinesAreShortenedAroundTheError() {
        String line = "\t  bind \"" + "0123456789".repeat(9) + " ${X";
        assertThat(words(line)).isEqualTo("unmatched brace in environment variable name at position 102:\n"
                + "  ...56789012345678901234567890123456789 ${X...\n"
                + "  " + " ".repeat(40) + "^");
    }

    @Test
    void atMostSixtyFourWords() {
        assertThat(tokenize("w".repeat(1) + " w".repeat(63)).words()).hasSize(64);
        StringBuilder line = new StringBuilder();
        for (int index = 1; index <= 65; index++) {
            line.append("w").append(index).append(' ');
        }
        assertThat(words(line.toString())).isEqualTo("too many words, truncating after word 64, position 244: <w64>.");
    }
}
