package dev.bascule.api.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HAProxy's exp_replace(), as the rules expand it and as plugins append it. */
final class RegexReplacementTest {
    private static Matcher found(String regex, String input) {
        Matcher matcher = Pattern.compile(regex).matcher(input);
        assertThat(matcher.find()).isTrue();
        return matcher;
    }

    private static String expand(String template, String regex, String input) {
        StringBuilder out = new StringBuilder();
        RegexReplacement.expand(out, template, input, found(regex, input));
        return out.toString();
    }

    @Test
    void groupsBackslashesAndTheRestAsWritten() {
        // \3 is past the groups, \2 took no part: both nothing; a lone trailing backslash stays
        assertThat(expand("<\\1|\\2|\\3|\\0|\\\\|\\q|\\", "(a+)(x)?b", "--aab--")).isEqualTo("<aa|||aab|\\|\\q|\\");
    }

    @Test
    void theGroupsComeFromTheInputAndAppendAfterWhatIsThere() {
        String input = "key=value; other=x";
        StringBuilder out = new StringBuilder("prefix ");
        RegexReplacement.expand(out, "\\2:\\1 \\0\\0 \\9\\ a\\\\1", input, found("(\\w+)=(\\w+)", input));
        assertThat(out).hasToString("prefix value:key key=valuekey=value \\ a\\1");
    }
}
