package dev.bascule.config.haproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bascule.api.config.ConverterCall;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

/**
 * Fetch and converter arguments read from real configuration lines: {@link LineTokenizer}
 * (HAProxy's parse_line()) first, then {@link AclParser#split} (make_arg_list()). Each case's
 * outcome was checked with haproxy 2.6.12 on the same line (lf-string output in brackets, or
 * its error message).
 */
final class SampleExpressionArgumentsTest {
    /** The word at {@code index} of a configuration line. */
    private static String word(String line, int index) {
        return LineTokenizer.tokenize(line, LineTokenizer.Expansion.of(Map.of())).words().get(index);
    }

    /** The sample expressions of an lf-string word: the text of each %[...], as LogFormatParser cuts them. */
    private static AclParser.Parts expression(String text) throws AclParser.AclException {
        return AclParser.split(text, "fetch");
    }

    @Test
    void regsubBackReferencesSurviveTheLineAndTheArgumentParser() throws Exception {
        // acl dotted req.hdr(x),regsub(\.,_) -m str a_b.c  matched "a.b.c" on haproxy 2.6.12
        AclParser.Parts acl = expression(word("  acl dotted req.hdr(x),regsub(\\.,_) -m str a_b.c", 2));
        assertThat(acl.converters()).containsExactly(new ConverterCall("regsub", List.of("\\.", "_")));
        // lf-string "%[req.hdr(x),regsub(\"o(.)\",\"<\\1>\",g)]" gave [hell< >w<r>ld] for "hello world"
        String lf = word("  http-request return lf-string \"%[req.hdr(x),regsub(\\\"o(.)\\\",\\\"<\\\\1>\\\",g)]\"", 3);
        assertThat(lf).isEqualTo("%[req.hdr(x),regsub(\"o(.)\",\"<\\1>\",g)]");
        assertThat(expression(lf.substring(2, lf.length() - 1)).converters())
                .containsExactly(new ConverterCall("regsub", List.of("o(.)", "<\\1>", "g")));
        // set-var(txn.b) 'req.hdr(x),regsub("o(.)","<\1>",g)': the same
        String quoted = word("  http-request set-var(txn.b) 'req.hdr(x),regsub(\"o(.)\",\"<\\1>\",g)'", 2);
        assertThat(expression(quoted).converters())
                .containsExactly(new ConverterCall("regsub", List.of("o(.)", "<\\1>", "g")));
    }

    @Test
    void parenthesesDoNotNestOutsideQuotes() throws Exception {
        // set-var(txn.a) req.hdr(x),regsub('o(.)','<\1>',g): parse_line drops the single quotes, and
        // haproxy 2.6.12 says "invalid arg 2 in converter 'regsub' : missing arguments (got 1/2)"; here
        // regsub's list ends at "o(." too, and what follows is no converter
        String line = word("  http-request set-var(txn.a) req.hdr(x),regsub('o(.)','<\\1>',g)", 2);
        assertThat(line).isEqualTo("req.hdr(x),regsub(o(.),<\\1>,g)");
        assertThatThrownBy(() -> expression(line)).isInstanceOf(AclParser.AclException.class);
    }

    @Test
    void quotesAndEscapesInArguments() throws Exception {
        // lf-string "[%[str('a,b')]] [%[str(\"c,d\")]] [%[str(a\\ b)]] [%[str( a ),length]] [%[str(a\\tb),hex]]
        // [%[str(a'b,c'd)]]" gave [a,b] [c,d] [a b] [3] [610962] [ab,cd]
        assertThat(expression("str('a,b')").arguments()).containsExactly("a,b");
        assertThat(expression("str(\"c,d\")").arguments()).containsExactly("c,d");
        assertThat(expression("str(a\\ b)").arguments()).containsExactly("a b");
        assertThat(expression("str( a ),length").arguments()).containsExactly(" a ");
        assertThat(expression("str(a\\tb)").arguments()).containsExactly("a\tb");
        assertThat(expression("str(a'b,c'd)").arguments()).containsExactly("ab,cd");
        assertThat(expression("str('a\\\\b')").arguments()).containsExactly("a\\\\b");
        assertThat(expression("str(\"a\\\\b\")").arguments()).containsExactly("a\\b");
        assertThat(expression("str()").arguments()).isEmpty();
        assertThat(expression("str").arguments()).isEmpty();
        assertThat(expression("field(1,,2)").arguments()).containsExactly("1", "", "2");
        // a comma escaped with a backslash is no escape: haproxy 2.6.12 refuses str(x\,y)
        assertThat(expression("str(x\\,y)").arguments()).containsExactly("x\\", "y");
    }

    @Test
    void fetchArgumentsAreNotTrimmed() throws Exception {
        // lf-string "[%[req.hdr( host)]]" gave [] for a request with a Host header
        assertThat(expression("req.hdr( host)").arguments()).containsExactly(" host");
    }

    @Test
    void unterminatedListsAreRefused() {
        assertThatThrownBy(() -> expression("str(abc")).hasMessageContaining("fetch method 'str' : expected ')'");
        assertThatThrownBy(() -> expression("str('abc)")).hasMessageContaining("expected ')'");
        assertThatThrownBy(() -> expression("path,regsub(a,b")).hasMessageContaining("in converter 'regsub'")
                .hasMessageContaining("expected ')'");
        assertThatThrownBy(() -> expression("path,lower(x)y")).hasMessageContaining("missing comma after converter"
                + " 'lower'");
    }

    @Test
    void repeatedCommasBetweenConvertersAreTolerated() throws Exception {
        assertThat(expression("path,,lower,").converters()).containsExactly(new ConverterCall("lower", List.of()));
    }

    @Test
    void argumentsHoldBytes() throws Exception {
        // lf-string "%[str(é),hex] %[str(é),length]" (UTF-8 file) gave C3A9 and 2 on haproxy 2.6.12
        String lf = word("  http-request return lf-string \"%[str(\u00e9),hex]\"", 3);
        assertThat(expression(lf.substring(2, lf.length() - 1)).arguments()).containsExactly("\u00c3\u00a9");
    }

    @Test
    void escapedBytesThatAreNotUtf8ReachTheArgumentAsThemselves() throws Exception {
        // reg-tests/converter/json.vtc: str(\xE0),json(utf8) is empty and str(-\xE0-),json(utf8s) is "--" on
        // haproxy 2.6.12, so the argument holds the single byte E0 (mixed with UTF-8: C3 A9 then E0)
        String lf = word("  http-request return lf-string \"%[str(\\xE0\u00e9\\xE0),hex]\"", 3);
        assertThat(expression(lf.substring(2, lf.length() - 1)).arguments())
                .containsExactly("\u00e0\u00c3\u00a9\u00e0");
    }
}
