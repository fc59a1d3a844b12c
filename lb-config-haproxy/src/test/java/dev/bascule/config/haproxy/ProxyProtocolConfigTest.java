package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.BindConfig;
import dev.bascule.api.config.ProxyProtocol;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.loader.LoadResult;

import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * {@code bind ... accept-proxy} and {@code send-proxy}, {@code send-proxy-v2}, {@code no-send-proxy},
 * {@code no-send-proxy-v2} on {@code server} and {@code default-server}: what the model holds
 * (haproxy 2.6.12 -c accepts the same files) and HAProxy's alerts for what is refused.
 */
final class ProxyProtocolConfigTest {
    private static final String DEFAULTS = """
            defaults
                timeout client 5s
                timeout server 5s
                timeout connect 5s
            """;

    @Test
    void acceptProxyReachesTheListener() {
        LoadResult result = load(DEFAULTS + """
                frontend fe
                    bind 127.0.0.1:8080 accept-proxy
                    bind 127.0.0.1:8081 accept-proxy name pp
                    bind 127.0.0.1:8082
                    default_backend be
                backend be
                    server s 127.0.0.1:80
                """);
        assertThat(result.diagnostics()).as(render(result)).isEmpty();
        assertThat(result.config().orElseThrow().frontends().get(0).binds())
                .extracting(bind -> bind.listener().acceptProxy()).containsExactly(true, true, false);
        BindConfig named = result.config().orElseThrow().frontends().get(0).binds().get(1);
        assertThat(named.listener().name()).hasValue("pp");
    }

    @Test
    void sendProxyVersionsFlagsAndTheirNoForms() {
        LoadResult result = load(DEFAULTS + """
                backend be
                    server s0 127.0.0.1:80
                    server s1 127.0.0.1:80 send-proxy
                    server s2 127.0.0.1:80 send-proxy-v2
                    server s3 127.0.0.1:80 send-proxy send-proxy-v2
                    server s4 127.0.0.1:80 send-proxy send-proxy-v2 no-send-proxy-v2
                    default-server send-proxy-v2
                    server s5 127.0.0.1:80
                    server s6 127.0.0.1:80 no-send-proxy-v2
                    server s7 127.0.0.1:80 no-send-proxy
                    default-server send-proxy no-send-proxy-v2
                    server s8 127.0.0.1:80
                    server s9 127.0.0.1:80 no-send-proxy
                """);
        assertThat(result.diagnostics()).as(render(result)).isEmpty();
        assertThat(result.config().orElseThrow().backends().get(0).servers()).extracting(ServerConfig::sendProxy)
                .containsExactly(ProxyProtocol.NONE, ProxyProtocol.V1, ProxyProtocol.V2, ProxyProtocol.V2,
                        ProxyProtocol.V1, ProxyProtocol.V2, ProxyProtocol.NONE, ProxyProtocol.V2, ProxyProtocol.V1,
                        ProxyProtocol.NONE);
    }

    @Test
    void aMisspeltOptionIsRefusedAsHaproxyDoes() {
        LoadResult result = load(DEFAULTS + """
                frontend fe
                    bind :8080 accept-proxyy
                    default_backend be
                backend be
                    server s 127.0.0.1:80
                """);
        // haproxy 2.6.12 -c, word for word
        assertThat(render(result)).isEqualTo("test.cfg:6: ALERT: 'bind :8080' in section 'frontend':"
                + " unknown keyword 'accept-proxyy'; did you mean 'accept-proxy' maybe ?");
    }

    @Test
    void checkSendProxyIsACheckSetting() {
        LoadResult result = load(DEFAULTS + """
                backend be
                    server s 127.0.0.1:80 check check-send-proxy
                    server t 127.0.0.1:81 check check-send-proxy no-check-send-proxy
                """);
        assertThat(render(result)).isEmpty();
        List<ServerConfig> servers = result.config().orElseThrow().backends().get(0).servers();
        assertThat(servers.get(0).check().sendProxy()).isTrue();
        assertThat(servers.get(1).check().sendProxy()).isFalse();
    }
}
