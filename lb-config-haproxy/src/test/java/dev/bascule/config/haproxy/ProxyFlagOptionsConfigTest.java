package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.BackendConfig;
import dev.bascule.api.config.BackendOption;
import dev.bascule.api.config.FrontendOption;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.loader.LoadResult;

import org.junit.jupiter.api.Test;

import java.util.Set;

/**
 * {@code option allbackups} and {@code option splice-auto|splice-request|splice-response}; the
 * alerts and HAProxy's own warnings are haproxy 2.6.12 -c's on the same lines, the splice
 * warnings Bascule's.
 */
final class ProxyFlagOptionsConfigTest {
    @Test
    void messagesAndSettings() {
        LoadResult result = load("""
                defaults
                    mode http
                    timeout client 5s
                    timeout server 5s
                    timeout connect 5s
                    option splice-auto
                frontend fe
                    bind 127.0.0.1:18080
                    option allbackups
                    option splice-request
                    no option splice-response
                    option splice-response x
                    default_backend be
                backend be
                    option allbackups
                    no option allbackups
                    option allbackups
                    server s1 127.0.0.1:18081 backup
                backend other
                    server s1 127.0.0.1:18081 backup
                """);
        assertThat(render(result)).isEqualTo("""
                test.cfg:6: WARNING: 'option splice-auto' : Bascule does not splice (no kernel pipe between the\
                 sockets); data is copied through the JVM instead.
                test.cfg:9: WARNING: 'allbackups' ignored because frontend 'fe' has no backend capability.
                test.cfg:10: WARNING: 'option splice-request' : Bascule does not splice (no kernel pipe between the\
                 sockets); data is copied through the JVM instead.
                test.cfg:12: ALERT: 'option splice-response' cannot handle unexpected argument 'x'.""");
    }

    @Test
    void allbackupsIsInheritedAndUndone() {
        LoadResult result = load("""
                defaults
                    mode http
                    timeout client 5s
                    timeout server 5s
                    timeout connect 5s
                    option allbackups
                backend inherits
                    server s1 127.0.0.1:18081 backup
                backend undone
                    no option allbackups
                    server s1 127.0.0.1:18081 backup
                """);
        LbConfig config = result.config().orElseThrow(() -> new AssertionError(render(result)));
        assertThat(config.backends()).extracting(BackendConfig::allBackups).containsExactly(true, false);
    }

    /** haproxy 2.6.12 -c on the same lines gives the same three messages. */
    @Test
    void persistPreferLastServerAndDontlogNormal() {
        LoadResult result = load("""
                defaults
                    mode http
                    timeout client 5s
                    timeout server 5s
                    timeout connect 5s
                    option persist
                frontend fe
                    bind 127.0.0.1:18080
                    option prefer-last-server
                    option persist x
                    option dontlog-normal
                    default_backend be
                backend be
                    option dontlog-normal
                    no option persist
                    option prefer-last-server
                    server s1 127.0.0.1:18081
                backend inherits
                    server s1 127.0.0.1:18081
                """);
        assertThat(render(result)).isEqualTo("""
                test.cfg:9: WARNING: 'prefer-last-server' ignored because frontend 'fe' has no backend capability.
                test.cfg:10: ALERT: 'option persist' cannot handle unexpected argument 'x'.
                test.cfg:14: WARNING: 'dontlog-normal' ignored because backend 'be' has no frontend capability.""");
    }

    @Test
    void persistAndPreferLastServerAreInheritedAndUndone() {
        LoadResult result = load("""
                defaults
                    mode http
                    timeout client 5s
                    timeout server 5s
                    timeout connect 5s
                    option persist
                    option prefer-last-server
                backend inherits
                    server s1 127.0.0.1:18081
                backend undone
                    no option persist
                    server s1 127.0.0.1:18081
                frontend fe
                    bind 127.0.0.1:18080
                    option dontlog-normal
                    default_backend inherits
                """);
        LbConfig config = result.config().orElseThrow(() -> new AssertionError(render(result)));
        assertThat(config.backends()).extracting(BackendConfig::options).containsExactly(
                Set.of(BackendOption.PERSIST, BackendOption.PREFER_LAST_SERVER), Set.of(BackendOption.PREFER_LAST_SERVER));
        assertThat(config.frontends().get(0).log().dontLogNormal()).isTrue();
    }

    /** haproxy 2.6.12 -c gives the same two warnings (the second one without a line). */
    @Test
    void httpUseProxyHeaderNeedsAFrontendInHttpMode() {
        LoadResult result = load("""
                defaults
                    timeout client 5s
                    timeout server 5s
                    timeout connect 5s
                frontend fe
                    mode tcp
                    bind 127.0.0.1:18080
                    option http-use-proxy-header
                    default_backend be
                frontend fe2
                    mode http
                    bind 127.0.0.1:18082
                    option http-use-proxy-header
                    default_backend be2
                backend be
                    mode tcp
                    option http-use-proxy-header
                    server s1 127.0.0.1:18081
                backend be2
                    mode http
                    server s1 127.0.0.1:18081
                """);
        assertThat(render(result)).isEqualTo("""
                test.cfg:17: WARNING: 'http-use-proxy-header' ignored because backend 'be' has no frontend capability.
                WARNING: 'option http-use-proxy-header' ignored for frontend 'fe' as it requires HTTP mode.""");
        LbConfig config = result.config().orElseThrow(() -> new AssertionError(render(result)));
        assertThat(config.frontends()).extracting(f -> f.options().contains(FrontendOption.HTTP_USE_PROXY_HEADER))
                .containsExactly(false, true);
    }
}
