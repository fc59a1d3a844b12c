package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.AclMatcher;
import dev.bascule.api.sample.Sample;
import org.junit.jupiter.api.Test;

import static dev.bascule.builtin.sample.Samples.matcher;
import static dev.bascule.builtin.sample.Samples.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class IntMatchersTest {
    private static boolean matches(AclMatcher matcher, long value) {
        return matcher.matches(new Sample().setInteger(value));
    }

    @Test
    void singleValuesAndRanges() throws InvalidArgumentException {
        AclMatcher matcher = matcher("int", "80", "8000:8080");
        assertThat(matches(matcher, 80)).isTrue();
        assertThat(matches(matcher, 81)).isFalse();
        assertThat(matches(matcher, 8000)).isTrue();
        assertThat(matches(matcher, 8080)).isTrue();
        assertThat(matches(matcher, 8081)).isFalse();
        assertThat(matches(matcher("int", "10-20"), 15)).isTrue();
    }

    @Test
    void openRanges() throws InvalidArgumentException {
        assertThat(matches(matcher("int", ":5"), Long.MIN_VALUE)).isTrue();
        assertThat(matches(matcher("int", ":5"), 6)).isFalse();
        assertThat(matches(matcher("int", "5:"), Long.MAX_VALUE)).isTrue();
        assertThat(matches(matcher("int", "5:"), 4)).isFalse();
        // as in HAProxy, '-' separates a range: "-5" is ":5", not minus five
        assertThat(matches(matcher("int", "-5"), 3)).isTrue();
        assertThat(matches(matcher("int", "-5"), -5)).isTrue();
    }

    @Test
    void operatorsApplyToTheFollowingPatterns() throws InvalidArgumentException {
        assertThat(matches(matcher("int", "gt", "10"), 10)).isFalse();
        assertThat(matches(matcher("int", "gt", "10"), 11)).isTrue();
        assertThat(matches(matcher("int", "ge", "10"), 10)).isTrue();
        assertThat(matches(matcher("int", "lt", "10"), 10)).isFalse();
        assertThat(matches(matcher("int", "lt", "10"), 9)).isTrue();
        assertThat(matches(matcher("int", "le", "10"), 10)).isTrue();
        assertThat(matches(matcher("int", "le", "10"), 11)).isFalse();
        assertThat(matches(matcher("int", "eq", "10"), 10)).isTrue();
        AclMatcher both = matcher("int", "lt", "2", "gt", "8");
        assertThat(matches(both, 1)).isTrue();
        assertThat(matches(both, 5)).isFalse();
        assertThat(matches(both, 9)).isTrue();
        // an operator keeps applying until the next one
        AclMatcher sticky = matcher("int", "gt", "100", "50");
        assertThat(matches(sticky, 60)).isTrue();
        assertThat(matches(sticky, 50)).isFalse();
        // a pattern holding a range ignores the operator
        assertThat(matches(matcher("int", "gt", "1:3"), 2)).isTrue();
        // HAProxy parses "ne" but then keeps the value as written: it acts as "eq"
        assertThat(matches(matcher("int", "ne", "5"), 5)).isTrue();
        assertThat(matches(matcher("int", "ne", "5"), 4)).isFalse();
    }

    @Test
    void booleansAndStringsAreIntegers() throws InvalidArgumentException {
        assertThat(matcher("int", "1").matches(new Sample().setBoolean(true))).isTrue();
        assertThat(matcher("int", "0").matches(new Sample().setBoolean(false))).isTrue();
        assertThat(matcher("int", "gt", "10").matches(text("42"))).isTrue();
        assertThat(matcher("int", "42").matches(text("42abc"))).isTrue();
        assertThat(matcher("int", "0").matches(text(""))).isFalse();
    }

    @Test
    void invalidPatternsAreRejectedWithHaproxysWords() {
        assertThatThrownBy(() -> matcher("int", "abc"))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("'abc' is not a number");
        assertThatThrownBy(() -> matcher("int", "5:x")).hasMessage("'5:x' is not a valid number range");
        assertThatThrownBy(() -> matcher("int", "10:5")).hasMessage("'10:5' is not a valid number range");
        assertThatThrownBy(() -> matcher("int", ":")).hasMessage("':' is not a valid number range");
        assertThatThrownBy(() -> matcher("len", "gt", "x")).hasMessage("'x' is neither a number nor a supported operator");
        assertThatThrownBy(() -> matcher("int", "99999999999999999999")).hasMessage("'99999999999999999999' is not a number");
    }

    @Test
    void boolMatchesNonZeroValuesWithoutPatterns() throws InvalidArgumentException {
        AclMatcher bool = matcher("bool");
        assertThat(bool.matches(new Sample().setBoolean(true))).isTrue();
        assertThat(bool.matches(new Sample().setBoolean(false))).isFalse();
        assertThat(bool.matches(new Sample().setInteger(-3))).isTrue();
        assertThat(bool.matches(new Sample().setInteger(0))).isFalse();
        assertThat(matcher("bool", "ignored").matches(new Sample().setBoolean(true))).isTrue();
    }

    @Test
    void foundMatchesAnyValueAndIgnoresPatterns() throws InvalidArgumentException {
        assertThat(matcher("found").matches(text(""))).isTrue();
        assertThat(matcher("found").matches(new Sample().setBoolean(false))).isTrue();
        assertThat(matcher("found", "ignored").matches(new Sample().setInteger(0))).isTrue();
    }
}
