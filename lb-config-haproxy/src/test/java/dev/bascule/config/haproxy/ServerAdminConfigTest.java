package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.loader.LoadResult;

import org.junit.jupiter.api.Test;

/** Server {@code disabled} and {@code enabled}, also on {@code default-server} (haproxy 2.6.12 -c accepts the same file). */
final class ServerAdminConfigTest {
    @Test
    void disabledAndEnabled() {
        LoadResult result = load("""
                defaults
                    mode http
                    timeout client 5s
                    timeout server 5s
                    timeout connect 5s
                backend be
                    server s0 127.0.0.1:18091
                    server s1 127.0.0.1:18091 disabled
                    default-server disabled
                    server s2 127.0.0.1:18091
                    server s3 127.0.0.1:18091 enabled
                    server s4 127.0.0.1:18091 disabled check enabled
                """);
        assertThat(result.diagnostics()).as(render(result)).isEmpty();
        assertThat(result.config().orElseThrow().backends().get(0).servers()).extracting(ServerConfig::disabled)
                .containsExactly(false, true, true, false, false);
    }
}
