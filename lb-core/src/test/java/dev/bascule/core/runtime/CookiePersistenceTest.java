package dev.bascule.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.CookieConfig;
import dev.bascule.api.config.SourceLocation;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/** HAProxy's cookie persistence, one request and one response at a time. */
final class CookiePersistenceTest {
    private static final SourceLocation HERE = new SourceLocation("test.cfg", 1);
    private final ServerRuntime one = new ServerRuntime("s1", "be", new InetSocketAddress("127.0.0.1", 1), 1, HERE);
    private final ServerRuntime two = new ServerRuntime("s2", "be", new InetSocketAddress("127.0.0.1", 2), 1, HERE);
    private final CookiePersistence.Outcome outcome = new CookiePersistence.Outcome();

    private CookiePersistence cookie(CookieConfig.Mode mode, boolean indirect, boolean preserve) {
        CookieConfig config = new CookieConfig("SRV", mode, indirect, false, preserve, true, false,
                List.of(".example.com"), HERE);
        return new CookiePersistence(config, Map.of(one, "one", two, "two"), List.of(one, two));
    }

    @Test
    void insertIndirectChoosesTheServerAndHidesTheCookieFromIt() {
        CookiePersistence insert = cookie(CookieConfig.Mode.INSERT, true, false);
        assertThat(insert.onRequestCookie("a=1; SRV=two; b=2", outcome)).isEqualTo("a=1; b=2");
        assertThat(outcome.server()).isSameAs(two);
        assertThat(outcome.clientFlag()).isEqualTo('V');
        // the client has the cookie of the server that answered: nothing to insert
        assertThat(insert.insertion(two, outcome)).isNull();
        assertThat(outcome.serverFlag()).isEqualTo('N');

        outcome.reset();
        assertThat(insert.onRequestCookie("SRV=two", outcome)).isNull();
        outcome.reset();
        assertThat(insert.onRequestCookie("SRV=two; last=x", outcome)).isEqualTo("last=x");
    }

    @Test
    void anInvalidCookieIsBalancedAndReplaced() {
        CookiePersistence insert = cookie(CookieConfig.Mode.INSERT, true, false);
        assertThat(insert.onRequestCookie("SRV=s2", outcome)).isNull();
        assertThat(outcome.server()).isNull();
        assertThat(outcome.clientFlag()).isEqualTo('I');
        assertThat(insert.insertion(one, outcome)).isEqualTo("SRV=one; path=/; domain=.example.com; HttpOnly");
        assertThat(outcome.serverFlag()).isEqualTo('I');
    }

    @Test
    void aDownServersCookieFallsBackToBalancing() {
        CookiePersistence insert = cookie(CookieConfig.Mode.INSERT, false, false);
        two.setUp(false);
        assertThat(insert.onRequestCookie("SRV=two", outcome)).isEqualTo("SRV=two");
        assertThat(outcome.server()).isNull();
        assertThat(outcome.clientFlag()).isEqualTo('D');
        assertThat(insert.insertion(one, outcome)).startsWith("SRV=one; path=/");
    }

    @Test
    void theServersOwnCookieIsDeletedUnlessPreserved() {
        assertThat(cookie(CookieConfig.Mode.INSERT, false, false).onResponseSetCookie("SRV=x; path=/", one, outcome))
                .isNull();
        assertThat(outcome.serverFlag()).isEqualTo('D');
        outcome.reset();
        CookiePersistence preserving = cookie(CookieConfig.Mode.INSERT, false, true);
        assertThat(preserving.onResponseSetCookie("SRV=x; path=/", one, outcome)).isEqualTo("SRV=x; path=/");
        assertThat(preserving.insertion(one, outcome)).isNull();
        assertThat(preserving.onResponseSetCookie("OTHER=y", one, outcome)).isEqualTo("OTHER=y");
    }

    @Test
    void rewriteAndPrefixModes() {
        CookiePersistence rewrite = cookie(CookieConfig.Mode.REWRITE, false, false);
        assertThat(rewrite.onResponseSetCookie("SRV=anything; path=/", two, outcome)).isEqualTo("SRV=two; path=/");
        assertThat(outcome.serverFlag()).isEqualTo('R');

        CookiePersistence prefix = cookie(CookieConfig.Mode.PREFIX, false, false);
        outcome.reset();
        assertThat(prefix.onResponseSetCookie("SRV=abc; path=/", one, outcome)).isEqualTo("SRV=one~abc; path=/");
        outcome.reset();
        assertThat(prefix.onRequestCookie("x=1; SRV=two~abc", outcome)).isEqualTo("x=1; SRV=abc");
        assertThat(outcome.server()).isSameAs(two);
    }
}
