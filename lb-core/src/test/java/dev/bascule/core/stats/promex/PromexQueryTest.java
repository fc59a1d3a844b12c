package dev.bascule.core.stats.promex;

import static dev.bascule.core.stats.promex.PromexQuery.SCOPE_ALL;
import static dev.bascule.core.stats.promex.PromexQuery.SCOPE_BACKEND;
import static dev.bascule.core.stats.promex.PromexQuery.SCOPE_FRONTEND;
import static dev.bascule.core.stats.promex.PromexQuery.SCOPE_GLOBAL;
import static dev.bascule.core.stats.promex.PromexQuery.SCOPE_SERVER;
import static dev.bascule.core.stats.promex.PromexQuery.SCOPE_STICK_TABLE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The query string as HAProxy 2.6's {@code promex_parse_uri()} reads it (each case checked on haproxy 2.6.12). */
final class PromexQueryTest {
    @Test
    void everyScopeWithoutQueryOrScope() {
        assertThat(PromexQuery.parse("/metrics")).isEqualTo(new PromexQuery(SCOPE_ALL, false));
        assertThat(PromexQuery.parse("/metrics?")).isEqualTo(new PromexQuery(SCOPE_ALL, false));
        assertThat(PromexQuery.parse("/metrics?other=1&x")).isEqualTo(new PromexQuery(SCOPE_ALL, false));
        assertThat(PromexQuery.parse("/metrics?no-maint")).isEqualTo(new PromexQuery(SCOPE_ALL, true));
    }

    @Test
    void scopesAddUpAndEmptyClearsThem() {
        assertThat(PromexQuery.parse("/m?scope=global&scope=frontend"))
                .isEqualTo(new PromexQuery(SCOPE_GLOBAL | SCOPE_FRONTEND, false));
        assertThat(PromexQuery.parse("/m?scope=server&no-maint")).isEqualTo(new PromexQuery(SCOPE_SERVER, true));
        assertThat(PromexQuery.parse("/m?scope=sticktable")).isEqualTo(new PromexQuery(SCOPE_STICK_TABLE, false));
        assertThat(PromexQuery.parse("/m?scope=")).isEqualTo(new PromexQuery(0, false));
        assertThat(PromexQuery.parse("/m?scope=backend&scope=")).isEqualTo(new PromexQuery(0, false));
        assertThat(PromexQuery.parse("/m?scope=*")).isEqualTo(new PromexQuery(SCOPE_ALL, false));
        assertThat(PromexQuery.parse("/m?scope=*x")).isEqualTo(new PromexQuery(SCOPE_ALL, false));
        // decoded as a form: %73 is 's'
        assertThat(PromexQuery.parse("/m?scope=%73erver")).isEqualTo(new PromexQuery(SCOPE_SERVER, false));
        // a fragment ends the query
        assertThat(PromexQuery.parse("/m?scope=backend#scope=server"))
                .isEqualTo(new PromexQuery(SCOPE_BACKEND, false));
    }

    @Test
    void refusedAsHaproxyAnswersWith400() {
        assertThat(PromexQuery.parse("/m?scope=foo")).isNull();
        assertThat(PromexQuery.parse("/m?scope")).isNull();
        assertThat(PromexQuery.parse("/m?scope=backend=x")).isNull();
        assertThat(PromexQuery.parse("/m?x=%zz")).isNull();
        assertThat(PromexQuery.parse("/m?%4")).isNull();
    }
}
