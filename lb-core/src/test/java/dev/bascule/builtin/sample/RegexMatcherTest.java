package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.AclMatcher;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.bascule.builtin.sample.Samples.matcher;
import static dev.bascule.builtin.sample.Samples.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class RegexMatcherTest {
    @Test
    void searchesAnywhereUnlessAnchored() throws InvalidArgumentException {
        assertThat(matcher("reg", "api").matches(text("/v1/api/x"))).isTrue();
        assertThat(matcher("reg", "^/api").matches(text("/v1/api/x"))).isFalse();
        assertThat(matcher("reg", "^/v1", "nothing").matches(text("/v1/api/x"))).isTrue();
        assertThat(matcher("reg", "x$").matches(text("/v1/api/x"))).isTrue();
    }

    @Test
    void anchorsAndSearchStayInsideTheSampleRange() throws InvalidArgumentException {
        // the sample is "abc" inside "#~abc~#"
        assertThat(matcher("reg", "^abc$").matches(text("abc"))).isTrue();
        assertThat(matcher("reg", "#").matches(text("abc"))).isFalse();
        assertThat(matcher("reg", "c~").matches(text("abc"))).isFalse();
    }

    @Test
    void ignoreCase() throws InvalidArgumentException {
        assertThat(matcher("reg", "^/API").matches(text("/api"))).isFalse();
        assertThat(matcher("reg", true, "^/API").matches(text("/api"))).isTrue();
    }

    @Test
    void theMatcherIsReusableAndSafeAcrossThreads() throws Exception {
        AclMatcher matcher = matcher("reg", "^[a-z]+[0-9]$");
        assertThat(matcher.matches(text("abc1"))).isTrue();
        assertThat(matcher.matches(text("abc"))).isFalse();
        assertThat(matcher.matches(text("x9"))).isTrue();
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            Future<Boolean> other = executor.submit(() -> {
                boolean all = true;
                for (int i = 0; i < 10_000; i++) {
                    all &= matcher.matches(text("abc" + (i % 10)));
                    all &= !matcher.matches(text("ABC" + (i % 10)));
                }
                return all;
            });
            for (int i = 0; i < 10_000; i++) {
                assertThat(matcher.matches(text("zz" + (i % 10)))).isTrue();
            }
            assertThat(other.get()).isTrue();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void invalidExpressionsAreRejected() {
        assertThatThrownBy(() -> matcher("reg", "valid", "(unclosed"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("regex '(unclosed' is invalid (error=");
    }
}
