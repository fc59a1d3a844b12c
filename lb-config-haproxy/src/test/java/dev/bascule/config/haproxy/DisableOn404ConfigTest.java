package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.BackendConfig;
import dev.bascule.api.loader.LoadResult;

import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * {@code http-check disable-on-404}, as HAProxy 2.6's {@code proxy_parse_httpcheck()} and
 * {@code check_config_validity()} read it.
 */
final class DisableOn404ConfigTest {
    private static final String DEFAULTS = """
            defaults
                mode http
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            """;

    @Test
    void setOnHttpChecksInheritedFromDefaultsAndDroppedWithAWarningUnderTcpCheck() {
        LoadResult result = load(DEFAULTS + """
                    http-check disable-on-404
                backend inherited
                    option httpchk GET /health
                    server s1 127.0.0.1:80 check
                backend own
                    option httpchk
                    server s1 127.0.0.1:80 check
                backend tcp
                    option tcp-check
                    server s1 127.0.0.1:80 check
                backend connect
                    server s1 127.0.0.1:80 check
                """);
        assertThat(result.hasErrors()).as(render(result)).isFalse();
        assertThat(render(result)).isEqualTo(
                "WARNING: 'disable-on-404' will be ignored for backend 'tcp' (requires 'option httpchk').");
        List<BackendConfig> backends = result.config().orElseThrow().backends();
        assertThat(backends).extracting(backend -> backend.healthCheck().disableOn404())
                .containsExactly(true, true, false, false);
    }

    @Test
    void offUnlessWrittenAndRefusesAnArgument() {
        LoadResult plain = load(DEFAULTS + """
                backend b
                    option httpchk
                    server s1 127.0.0.1:80 check
                """);
        assertThat(plain.config().orElseThrow().backends().get(0).healthCheck().disableOn404()).isFalse();
        LoadResult extra = load(DEFAULTS + """
                backend b
                    option httpchk
                    http-check disable-on-404 now
                """);
        assertThat(render(extra)).isEqualTo(
                "test.cfg:8: ALERT: 'http-check' cannot handle unexpected argument 'now'.");
    }
}
