package dev.bascule.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HAProxy's exp_replace(), as the rules expand it and as plugins append it. */
final class RegexReplaceTest {
    private static Matcher found(String regex, String input) {
        Matcher matcher = Pattern.compile(regex).matcher(input);
        assertThat(matcher.find()).isTrue();
        return matcher;
    }

    @Test
    void groupsBackslashesAndTheRestAsWritten() {
        // \3 is past the groups, \2 took no part: both nothing; a lone trailing backslash stays
        Matcher matcher = found("(a+)(x)?b", "--aab--");
        assertThat(RegexReplace.expand("<\\1|\\2|\\3|\\0|\\\\|\\q|\\", matcher)).isEqualTo("<aa|||aab|\\|\\q|\\");
    }

    @Test
    void appendingFromTheInputGivesTheSameText() {
        String input = "key=value; other=x";
        String[] templates = {"\\2:\\1", "\\0\\0", "none", "\\9\\", "a\\\\1"};
        for (String template : templates) {
            Matcher matcher = found("(\\w+)=(\\w+)", input);
            StringBuilder out = new StringBuilder("prefix ");
            RegexReplace.appendTo(out, template, input, matcher);
            String expanded = RegexReplace.expand(template, found("(\\w+)=(\\w+)", input));
            assertThat(out.toString()).isEqualTo("prefix " + expanded);
        }
    }
}
