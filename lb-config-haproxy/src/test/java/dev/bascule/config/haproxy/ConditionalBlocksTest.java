package dev.bascule.config.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.FrontendConfig;
import dev.bascule.api.loader.ConfigSource;
import dev.bascule.api.loader.InvalidConditionException;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.loader.LoadResult;
import dev.bascule.api.loader.LoaderContext;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code .if}/{@code .elif}/{@code .else}/{@code .endif} as HAProxy's readcfgfile() walks them,
 * with a host that knows two conditions, {@code 1} and {@code 0}, and records what it was asked:
 * a block after a taken one, or inside a dropped one, is skipped without its condition evaluated.
 * (The expressions themselves are the host's: ConditionEvaluatorTest in lb-core; the messages against
 * haproxy -c: CommandLineIT in lb-dist.)
 */
final class ConditionalBlocksTest {
    private final List<String> asked = new ArrayList<>();

    private final LoaderContext context = new LoaderContext() {
        @Override
        public KeywordRegistry registry() {
            return TestingLoaderContext.ROUND_ROBIN;
        }

        @Override
        public Map<String, String> environment() {
            return Map.of();
        }

        @Override
        public boolean condition(String expression) {
            asked.add(expression);
            return switch (expression) {
                case "1" -> true;
                case "0" -> false;
                default -> throw new InvalidConditionException("unparsable conditional expression '" + expression
                        + "'", 0);
            };
        }
    };

    private LoadResult load(String text) {
        return Loading.load(context, new ConfigSource("test.cfg", text));
    }

    private static List<String> frontends(LoadResult result) {
        return result.config().orElseThrow().frontends().stream().map(FrontendConfig::name).toList();
    }

    private static String frontend(String name) {
        return "frontend " + name + "\n    mode http\n    bind 127.0.0.1:" + (9000 + name.length()) + "\n"
                + "    timeout client 1s\n    http-request return status 200\n";
    }

    @Test
    void takesTheFirstBlockWhoseConditionHolds() {
        LoadResult result = load(".if 0\n" + frontend("a") + ".elif 1\n" + frontend("bb") + ".elif 1\n"
                + frontend("ccc") + ".else\n" + frontend("dddd") + ".endif\n" + frontend("eeeee"));
        assertThat(result.hasErrors()).as(Loading.render(result)).isFalse();
        assertThat(frontends(result)).containsExactly("bb", "eeeee");
        // the second .elif comes after a taken block: not evaluated
        assertThat(asked).containsExactly("0", "1");
    }

    @Test
    void nestedBlocksOfADroppedOneAreSkippedUnevaluated() {
        LoadResult result = load(".if 0\n.if 1\n" + frontend("a") + ".else\n" + frontend("bb") + ".endif\n"
                + ".else\n.if 0\n" + frontend("ccc") + ".else\n" + frontend("dddd") + ".endif\n.endif\n");
        assertThat(result.hasErrors()).as(Loading.render(result)).isFalse();
        assertThat(frontends(result)).containsExactly("dddd");
        assertThat(asked).containsExactly("0", "0");
    }

    @Test
    void directivesOfADroppedBlockAreNotRun() {
        LoadResult result = load(".if 0\n.alert \"no\"\n.endif\n.if 1\n.warning \"yes\"\n.endif\n" + frontend("a"));
        assertThat(Loading.render(result)).isEqualTo("test.cfg:5: WARNING: 'yes'.");
    }

    @Test
    void aConditionThatDoesNotParseStopsTheFile() {
        LoadResult result = load(".if what\n.endif\n" + frontend("a") + "bogus\n");
        assertThat(result.hasErrors()).isTrue();
        // HAProxy's caret under the spot, and nothing read after the line
        assertThat(Loading.render(result)).isEqualTo("test.cfg:1: ALERT: unparsable conditional expression 'what'"
                + " in '.if' at position 1:\n  .if what\n      ^");
    }

    @Test
    void mismatchedDirectives() {
        assertThat(Loading.render(load(".if 1\n" + frontend("a")))).isEqualTo("test.cfg:6: ALERT: non-terminated '.if' block.");
        assertThat(Loading.render(load(".elif 1\n"))).isEqualTo("test.cfg:1: ALERT: lone '.elif' with no matching '.if'.");
        assertThat(Loading.render(load(".if 1\n.else\n.elif 0\n.endif\n")))
                .isEqualTo("test.cfg:3: ALERT: '.elif' after '.else' is not permitted.");
        assertThat(Loading.render(load(".if 1\n.else\n.else\n.endif\n")))
                .isEqualTo("test.cfg:3: ALERT: '.else' after '.else' is not permitted.");
        // an argument after .endif stops the file, which then lacks its .endif
        assertThat(Loading.render(load(".if 1\n.endif x\n.endif\n"))).isEqualTo(
                "test.cfg:2: ALERT: Unexpected argument 'x' for '.endif'.\ntest.cfg:2: ALERT: non-terminated '.if' block.");
    }
}
