package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.BackendConfig;
import dev.bascule.api.config.FrontendConfig;
import dev.bascule.api.config.HttpConnectionMode;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.loader.LoadResult;

import org.junit.jupiter.api.Test;

/**
 * {@code option http-keep-alive|http-server-close|httpclose|http-pretend-keepalive} and their
 * {@code no} forms, as cfg_parse_listen() sets them; messages compared with haproxy 2.6.12 -c.
 */
final class ConnectionModeConfigTest {
    private static final String DEFAULTS = """
            defaults
                mode http
                timeout client 1s
                timeout server 1s
                timeout connect 1s
            """;

    private static LbConfig loaded(String text) {
        LoadResult result = load(text);
        assertThat(result.config()).as(render(result)).isPresent();
        return result.config().orElseThrow();
    }

    private static FrontendConfig frontend(LbConfig config, String name) {
        return config.frontends().stream().filter(frontend -> frontend.name().equals(name)).findFirst().orElseThrow();
    }

    private static BackendConfig backend(LbConfig config, String name) {
        return config.backends().stream().filter(backend -> backend.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void keepAliveUnlessAnOptionSaysOtherwise() {
        LbConfig config = loaded(DEFAULTS + """
                frontend f
                    bind :8080
                    default_backend b
                backend b
                    server s 127.0.0.1:8081
                """);
        assertThat(frontend(config, "f").httpMode()).isEqualTo(HttpConnectionMode.KEEP_ALIVE);
        assertThat(backend(config, "b").httpMode()).isEqualTo(HttpConnectionMode.KEEP_ALIVE);
        assertThat(backend(config, "b").pretendKeepAlive()).isFalse();
    }

    @Test
    void theModesReplaceEachOtherAndNoOnlyUndoesItsOwn() {
        LbConfig config = loaded(DEFAULTS + """
                    option http-server-close
                    option http-pretend-keepalive
                frontend inherits
                    bind :8080
                    default_backend inherits
                frontend replaced
                    bind :8081
                    option httpclose
                    option http-keep-alive
                    option httpclose
                    default_backend undone
                frontend other-no
                    bind :8082
                    no option httpclose
                    default_backend undone
                backend inherits
                    server s 127.0.0.1:8081
                backend undone
                    no option http-server-close
                    no option http-pretend-keepalive
                    server s 127.0.0.1:8081
                listen l
                    bind :8083
                    option httpclose
                    no option http-keep-alive
                    server s 127.0.0.1:8081
                """);
        assertThat(frontend(config, "inherits").httpMode()).isEqualTo(HttpConnectionMode.SERVER_CLOSE);
        assertThat(backend(config, "inherits").httpMode()).isEqualTo(HttpConnectionMode.SERVER_CLOSE);
        assertThat(backend(config, "inherits").pretendKeepAlive()).isTrue();
        assertThat(frontend(config, "replaced").httpMode()).isEqualTo(HttpConnectionMode.CLOSE);
        // "no option httpclose" leaves another mode as it is
        assertThat(frontend(config, "other-no").httpMode()).isEqualTo(HttpConnectionMode.SERVER_CLOSE);
        assertThat(backend(config, "undone").httpMode()).isEqualTo(HttpConnectionMode.KEEP_ALIVE);
        assertThat(backend(config, "undone").pretendKeepAlive()).isFalse();
        // a listen section's two halves share its mode
        assertThat(frontend(config, "l").httpMode()).isEqualTo(HttpConnectionMode.CLOSE);
        assertThat(backend(config, "l").httpMode()).isEqualTo(HttpConnectionMode.CLOSE);
    }

    @Test
    void pretendKeepAliveOutsideHttpModeIsIgnoredWithHaproxysWarning() {
        LoadResult result = load(DEFAULTS + """
                    option http-pretend-keepalive
                listen l
                    mode tcp
                    bind :8080
                    server s 127.0.0.1:8081
                """);
        assertThat(render(result)).contains(
                "WARNING: 'option http-pretend-keepalive' ignored for proxy 'l' as it requires HTTP mode.");
        assertThat(result.config().orElseThrow().backends().get(0).pretendKeepAlive()).isFalse();
    }
}
