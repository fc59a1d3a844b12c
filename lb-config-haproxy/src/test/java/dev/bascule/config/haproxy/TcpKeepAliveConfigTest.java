package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.BackendConfig;
import dev.bascule.api.config.FrontendConfig;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.TcpKeepAlive;
import dev.bascule.api.loader.LoadResult;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code option tcpka|clitcpka|srvtcpka} and {@code clitcpka-*}/{@code srvtcpka-*}; the messages
 * are haproxy 2.6.12 -c's on the same lines.
 */
final class TcpKeepAliveConfigTest {
    private static final String DEFAULTS = """
            defaults
                mode http
                timeout client 5s
                timeout server 5s
                timeout connect 5s
            """;

    private static LbConfig loaded(String text) {
        LoadResult result = load(text);
        assertThat(result.config()).as(render(result)).isPresent();
        assertThat(result.diagnostics()).as(render(result)).isEmpty();
        return result.config().orElseThrow();
    }

    private static FrontendConfig frontend(LbConfig config, String name) {
        return config.frontends().stream().filter(frontend -> frontend.name().equals(name)).findFirst().orElseThrow();
    }

    private static BackendConfig backend(LbConfig config, String name) {
        return config.backends().stream().filter(backend -> backend.name().equals(name)).findFirst().orElseThrow();
    }

    private static TcpKeepAlive keepAlive(int count, long idle, long interval) {
        return new TcpKeepAlive(count == 0 ? OptionalInt.empty() : OptionalInt.of(count),
                idle == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(idle)),
                interval == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(interval)));
    }

    @Test
    void offUnlessAnOptionTurnsItOn() {
        LbConfig config = loaded(DEFAULTS + """
                frontend f
                    bind :8080
                    clitcpka-idle 30
                    default_backend b
                backend b
                    srvtcpka-cnt 3
                    server s 127.0.0.1:8081
                """);
        assertThat(frontend(config, "f").clientKeepAlive()).isEmpty();
        assertThat(backend(config, "b").serverKeepAlive()).isEmpty();
    }

    @Test
    void tcpkaSetsTheSidesTheSectionHasAndTheProbeSettingsFollow() {
        LbConfig config = loaded(DEFAULTS + """
                frontend f
                    bind :8080
                    option tcpka
                    clitcpka-cnt 0x10
                    clitcpka-idle 1500ms
                    clitcpka-intvl 2m
                    default_backend b
                backend b
                    option tcpka
                    srvtcpka-cnt 010
                    srvtcpka-idle 1h
                    server s 127.0.0.1:8081
                listen l
                    bind :8082
                    option tcpka
                    no option srvtcpka
                    server s 127.0.0.1:8081
                """);
        // base 0 as strtol(), seconds rounded up as parse_time_err(TIME_UNIT_S)
        assertThat(frontend(config, "f").clientKeepAlive()).contains(keepAlive(16, 2, 120));
        assertThat(backend(config, "b").serverKeepAlive()).contains(keepAlive(8, 3600, 0));
        assertThat(frontend(config, "l").clientKeepAlive()).contains(TcpKeepAlive.SYSTEM);
        assertThat(backend(config, "l").serverKeepAlive()).isEmpty();
    }

    @Test
    void defaultsGiveTheOptionsToEverySectionAndTheProbeSettingsByCapability() {
        LbConfig config = loaded("""
                defaults
                    mode tcp
                    timeout client 5s
                    timeout server 5s
                    timeout connect 5s
                    option clitcpka
                    option srvtcpka
                    clitcpka-idle 10
                    srvtcpka-intvl 20
                frontend f
                    bind :8080
                    default_backend b
                backend b
                    server s 127.0.0.1:8081
                frontend g
                    bind :8081
                    no option clitcpka
                    default_backend b
                """);
        assertThat(frontend(config, "f").clientKeepAlive()).contains(keepAlive(0, 10, 0));
        assertThat(backend(config, "b").serverKeepAlive()).contains(keepAlive(0, 0, 20));
        assertThat(frontend(config, "g").clientKeepAlive()).isEmpty();
    }

    @Test
    void haproxysMessages() {
        LoadResult result = load("""
                defaults
                    mode http
                    timeout client 5s
                    timeout server 5s
                    timeout connect 5s
                    option clitcpka
                    no option srvtcpka
                frontend fe
                    bind 127.0.0.1:18080
                    option tcpka
                    option srvtcpka
                    option clitcpka extra
                    no option tcpka
                    default option clitcpka
                    clitcpka-cnt 5
                    clitcpka-idle 30s
                    clitcpka-intvl 10
                    srvtcpka-cnt 3
                    default_backend be
                backend be
                    option clitcpka
                    option tcpka
                    srvtcpka-idle 1m
                    srvtcpka-intvl 0
                    clitcpka-cnt 4
                    srvtcpka-cnt
                    srvtcpka-cnt abc
                    srvtcpka-idle -1
                    srvtcpka-idle 10x
                    srvtcpka-cnt 08
                    srvtcpka-intvl 100000000000
                    server s1 127.0.0.1:18081
                """);
        assertThat(render(result)).isEqualTo("""
                test.cfg:11: WARNING: 'srvtcpka' ignored because frontend 'fe' has no backend capability.
                test.cfg:12: ALERT: 'option clitcpka' cannot handle unexpected argument 'extra'.
                test.cfg:13: ALERT: negation/default is not supported for option 'tcpka'.
                test.cfg:14: ALERT: 'option clitcpka' cannot handle unexpected argument 'clitcpka'.
                test.cfg:18: WARNING: srvtcpka-cnt will be ignored because frontend 'fe' has no backend capability
                test.cfg:21: WARNING: 'clitcpka' ignored because backend 'be' has no frontend capability.
                test.cfg:25: WARNING: clitcpka-cnt will be ignored because backend 'be' has no frontend capability
                test.cfg:26: ALERT: 'srvtcpka-cnt' expects an integer value
                test.cfg:27: ALERT: 'srvtcpka-cnt' : unexpected character 'a' in integer value 'abc'
                test.cfg:28: ALERT: unexpected character '-' in argument to <srvtcpka-idle>.
                test.cfg:29: ALERT: unexpected character 'x' in argument to <srvtcpka-idle>.
                test.cfg:30: ALERT: 'srvtcpka-cnt' : unexpected character '8' in integer value '08'
                test.cfg:31: ALERT: timer overflow in argument '100000000000' to 'srvtcpka-intvl' (maximum value\
                 is 2147483647 ms or ~24.8 days)""");
    }
}
