package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.BindConfig;
import dev.bascule.api.loader.LoadResult;

import org.junit.jupiter.api.Test;

/** {@code bind} port ranges: one listener per port; the alerts are haproxy 2.6.12 -c's on the same lines. */
final class BindPortRangeConfigTest {
    private static final String DEFAULTS = """
            defaults
                mode http
                timeout client 5s
                timeout server 5s
                timeout connect 5s
            """;

    @Test
    void onePerPort() {
        LoadResult result = load(DEFAULTS + """
                frontend fe
                    bind 127.0.0.1:28000-28002,127.0.0.1:28100
                    bind :28005-28005
                    default_backend be
                backend be
                    server s1 127.0.0.1:18081
                """);
        assertThat(result.diagnostics()).as(render(result)).isEmpty();
        assertThat(result.config().orElseThrow().frontends().get(0).binds()).extracting(BindConfig::address)
                .extracting(Object::toString)
                .containsExactly("127.0.0.1:28000", "127.0.0.1:28001", "127.0.0.1:28002", "127.0.0.1:28100",
                        ":28005");
    }

    @Test
    void haproxysMessages() {
        LoadResult result = load(DEFAULTS + """
                frontend fe
                    bind 127.0.0.1:28000-28002,127.0.0.1:28100
                    bind :28010-28008
                    bind :0-10
                    bind :65535-65536
                    default_backend be
                backend be
                    server s1 127.0.0.1:18081
                """);
        assertThat(render(result)).isEqualTo("""
                test.cfg:8: ALERT: 'bind' : invalid port range '28010-28008'
                test.cfg:9: ALERT: 'bind' : invalid port '0'
                test.cfg:10: ALERT: 'bind' : invalid port '65536'""");
    }
}
