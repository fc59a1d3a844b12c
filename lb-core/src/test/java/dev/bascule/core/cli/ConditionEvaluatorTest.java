package dev.bascule.core.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bascule.api.loader.InvalidConditionException;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

/**
 * HAProxy's configuration conditions. Every expected value and message was read from
 * {@code haproxy -cc} and {@code haproxy -c} (.if lines) of HAProxy 2.6.12 on the same expressions;
 * a position is the 0-based index HAProxy's caret points at.
 */
final class ConditionEvaluatorTest {
    private static boolean eval(String expression) {
        return ConditionEvaluator.evaluate(expression, "2.6.12", Set.of("OPENSSL", "PCRE2"), Map.of("HOME", "/root"));
    }

    private static void fails(String expression, String message, int position) {
        assertThatThrownBy(() -> eval(expression)).as(expression).isInstanceOfSatisfying(InvalidConditionException.class,
                e -> {
                    assertThat(e.getMessage()).isEqualTo(message);
                    assertThat(e.position()).isEqualTo(position);
                });
    }

    @Test
    void theTlsLibraryIsBoringSslWithOpenSsl111Compatibility() {
        // what the reg-tests that need OpenSSL itself ask, so that they are skipped, not failed
        assertThat(eval("feature(OPENSSL) && ssllib_name_startswith(OpenSSL)")).isFalse();
        assertThat(eval("feature(OPENSSL) && !ssllib_name_startswith(BoringSSL)")).isFalse();
        assertThat(eval("ssllib_name_startswith(Boring)")).isTrue();
        assertThat(eval("openssl_version_atleast(1.1.1)")).isTrue();
        assertThat(eval("openssl_version_atleast(3.0.0)")).isFalse();
        assertThat(eval("openssl_version_before(3.0.0)")).isTrue();
    }

    @Test
    void termsAndOperators() {
        assertThat(eval("")).isFalse();
        assertThat(eval("1")).isTrue();
        assertThat(eval("0")).isFalse();
        assertThat(eval("-3 && 0x10")).isTrue();
        assertThat(eval("0x0")).isFalse();
        assertThat(eval("!(0 || 0) && 0x10 && -3")).isTrue();
        assertThat(eval("!!1 && feature(OPENSSL)")).isTrue();
        // && binds first
        assertThat(eval("1 || 0 && 0")).isTrue();
        assertThat(eval("0 && 1 || 1")).isTrue();
        assertThat(eval("defined(HOME) && !defined(NOPE)")).isTrue();
        assertThat(eval("streq(\"a b\",a b) && strneq(x,y)")).isTrue();
        assertThat(eval("streq(, )")).isFalse();
    }

    @Test
    void predicatesAsHaproxyReadsThem() {
        assertThat(eval("version_atleast(2.6)")).isTrue();
        assertThat(eval("version_atleast(2.6.13)")).isFalse();
        assertThat(eval("version_before(2.6.13)")).isTrue();
        // a version HAProxy cannot read compares as older than its own
        assertThat(eval("version_atleast(abc)")).isTrue();
        assertThat(eval("version_before(abc)")).isFalse();
        assertThat(eval("feature(LUA)")).isFalse();
        // an empty name is found in HAProxy's "+A +B" feature string
        assertThat(eval("feature()")).isTrue();
        assertThat(eval("feature")).isTrue();
        assertThat(eval("defined")).isFalse();
    }

    @Test
    void parseErrorsNameTheSpotAsHaproxy() {
        fails("foo(1)", "unparsable conditional expression 'foo(1)'", 0);
        fails("feature(PCRE2) &&", "unparsable conditional expression '&&'", 15);
        // after '||', HAProxy's parser gives up on the whole expression, pointing at the '||'
        fails("feature(PCRE2) ||", "unparsable conditional expression 'feature(PCRE2) ||'", 15);
        fails("||", "unparsable conditional expression '||'", 0);
        fails("(1", "expected ')' after conditional expression '(1'", 0);
        fails("0 || (1 && (0", "expected ')' after conditional expression '(0'", 11);
        fails("1 2", "unexpected character '2' at the end of conditional expression '1 2'", 2);
        fails("defined(HOME) 1", "unexpected character '1' at the end of conditional expression 'defined(HOME) 1'", 14);
        fails("streq(a)", "missing arguments (got 1/2), type 'string' expected in argument 1 of predicate 'streq'"
                + " used in conditional expression", 7);
        fails("streq()", "missing arguments (got 1/2), type 'string' expected in argument 1 of predicate 'streq'"
                + " used in conditional expression", 6);
        fails("streq", "missing arguments (got 1/2), type 'string' expected in argument 1 of predicate 'streq'"
                + " used in conditional expression", 5);
        fails("streq(a,b,c)", "expected ')' before ',c)' in argument 1 of predicate 'streq' used in conditional"
                + " expression", 9);
        fails("feature(a,b)", "expected ')' before ',b)' in argument 1 of predicate 'feature' used in conditional"
                + " expression", 9);
        fails("streq(a,b", "expected ')' in argument 1 of predicate 'streq' used in conditional expression", 9);
    }
}
