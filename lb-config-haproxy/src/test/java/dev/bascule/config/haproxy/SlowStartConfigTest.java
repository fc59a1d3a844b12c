package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.loader.LoadResult;

import org.junit.jupiter.api.Test;

import java.time.Duration;

/** Server {@code slowstart <time>}; the messages are haproxy 2.6.12 -c's on the same lines. */
final class SlowStartConfigTest {
    private static final String DEFAULTS = """
            defaults
                mode http
                timeout client 5s
                timeout server 5s
                timeout connect 5s
            """;

    @Test
    void wholeSecondsRoundedUpAndInheritedFromDefaultServer() {
        LoadResult result = load(DEFAULTS + """
                backend be
                    default-server slowstart 10s
                    server s0 127.0.0.1:8081
                    server s1 127.0.0.1:8081 slowstart 1500ms weight 3
                    server s2 127.0.0.1:8081 slowstart 1m
                    server s3 127.0.0.1:8081 slowstart 0
                    server s4 127.0.0.1:8081 slowstart 1
                """);
        assertThat(result.diagnostics()).as(render(result)).isEmpty();
        LbConfig config = result.config().orElseThrow();
        assertThat(config.backends().get(0).servers()).extracting(ServerConfig::slowStart).containsExactly(
                Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ZERO,
                Duration.ofSeconds(1));
    }

    @Test
    void haproxysMessages() {
        LoadResult result = load(DEFAULTS + """
                backend be
                    default-server slowstart 10s
                    server s1 127.0.0.1:18081 slowstart
                    server s2 127.0.0.1:18081 slowstart 10x
                    server s3 127.0.0.1:18081 slowstart 100000000000
                    server s4 127.0.0.1:18081 slowstart -1
                    server s5 127.0.0.1:18081 slowstart 1500ms weight 3
                    server s6 127.0.0.1:18081 slowstart 10s[
                    default-server slowstart abc
                """);
        assertThat(render(result)).isEqualTo("""
                test.cfg:8: ALERT: 'server be/s1' : unexpected character '.
                test.cfg:9: ALERT: 'server be/s2' : unexpected character 'x' in 'slowstart' argument of server s2..
                test.cfg:10: ALERT: 'server be/s3' : overflow in argument <100000000000> to <slowstart> of server s3,\
                 maximum value is 2147483647 ms (~24.8 days)..
                test.cfg:11: ALERT: 'server be/s4' : unexpected character '-' in 'slowstart' argument of server s4..
                WARNING: [test.cfg:13] : 'server be/s6' : unexpected character '[' after the timer value '10s[', only\
                 (us=microseconds,ms=milliseconds,s=seconds,m=minutes,h=hours,d=days) are supported. This will be\
                 reported as an error in next versions.
                test.cfg:14: ALERT: unexpected character 'a' in 'slowstart' argument of server default-server..""");
    }
}
