package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.BackendConfig;
import dev.bascule.api.config.HealthCheckConfig;
import dev.bascule.api.config.ServerCheck;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.loader.ConfigSource;
import dev.bascule.api.loader.LoadResult;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

final class HealthCheckConfigTest {
    private static List<BackendConfig> backends(String text) {
        LoadResult result = load(TestingLoaderContext.plain(), new ConfigSource("lb.cfg", text));
        assertThat(result.hasErrors()).as(render(result)).isFalse();
        return result.config().orElseThrow().backends();
    }

    private static final String TIMEOUTS = """
            defaults
                mode http
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            """;

    @Test
    void serverCheckSettingsHaveHaproxyDefaults() {
        ServerConfig server = backends(TIMEOUTS + """
                backend b
                    server s1 127.0.0.1:80
                    server s2 127.0.0.1:81 check
                """).get(0).servers().get(1);
        assertThat(server.check()).isEqualTo(new ServerCheck(true, Duration.ofSeconds(2), Optional.empty(),
                Optional.empty(), 2, 3, OptionalInt.empty(), Optional.empty()));
        assertThat(server.check().effectiveFastInter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(server.check().effectiveDownInter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(server.backup()).isFalse();
    }

    @Test
    void everyKeywordMapsAndDefaultServerLinesAreInheritedThenOverridden() {
        BackendConfig backend = backends(TIMEOUTS + """
                    default-server inter 3s fall 5
                    timeout check 500ms
                backend b
                    default-server rise 4 fastinter 1s
                    server s1 127.0.0.1:80 check downinter 10s port 8081 addr 127.0.0.2
                    server s2 127.0.0.1:81 check backup inter 100 weight 7
                """).get(0);
        assertThat(backend.servers().get(0).check()).isEqualTo(new ServerCheck(true, Duration.ofSeconds(3),
                Optional.of(Duration.ofSeconds(1)), Optional.of(Duration.ofSeconds(10)), 4, 5, OptionalInt.of(8081),
                Optional.of("127.0.0.2")));
        ServerConfig backup = backend.servers().get(1);
        assertThat(backup.backup()).isTrue();
        assertThat(backup.weight()).isEqualTo(7);
        assertThat(backup.check().inter()).isEqualTo(Duration.ofMillis(100));
        assertThat(backend.checkTimeout()).hasValue(Duration.ofMillis(500));
        assertThat(backend.healthCheck().type()).isEqualTo(HealthCheckConfig.TCP_CONNECT);
        assertThat(backend.redispatch()).isEmpty();
    }

    @Test
    void httpchkWithItsRequestAndExpectBecomesTheHttpCheckPluginsArguments() {
        List<BackendConfig> backends = backends(TIMEOUTS + """
                    option httpchk
                backend defaulted
                    server s1 127.0.0.1:80 check
                backend uri
                    option httpchk /health
                    server s1 127.0.0.1:80 check
                backend full
                    option httpchk GET /health HTTP/1.1
                    http-check send hdr host example.com
                    http-check expect ! rstatus ^5
                    server s1 127.0.0.1:80 check
                """);
        List<String> implicitExpect = List.of("expect", "2", "match", "status", "pattern", "200-399");
        List<String> defaulted = new java.util.ArrayList<>(List.of("send", "0"));
        defaulted.addAll(implicitExpect);
        assertThat(backends.get(0).healthCheck()).isEqualTo(new HealthCheckConfig("httpchk", defaulted,
                new SourceLocation("lb.cfg", 6)));
        assertThat(backends.get(1).healthCheck().arguments()).containsExactly("send", "1", "uri", "/health",
                "expect", "2", "match", "status", "pattern", "200-399");
        // the first http-check send merges into the option's request: its headers replace the option's
        assertThat(backends.get(2).healthCheck().arguments()).containsExactly("send", "5", "meth", "GET", "uri",
                "/health", "ver", "HTTP/1.1", "hdr", "host", "hdr-value", "example.com",
                "expect", "3", "match", "rstatus", "pattern", "^5", "inverse", "true");
    }

    /**
     * As haproxy 2.6.12: http-check rules written in a backend without {@code option httpchk} are a
     * warning without file:line, the rules are dropped and the checks stay layer-4 connects; rules
     * inherited from {@code defaults} are dropped without a word.
     */
    @Test
    void httpCheckRulesWithoutHttpchkAreAWarningAndTheCheckStaysATcpConnect() {
        LoadResult result = load(TestingLoaderContext.plain(), new ConfigSource("lb.cfg", TIMEOUTS + """
                backend b
                    http-check send meth GET uri /health
                    http-check expect status 200
                    server s1 127.0.0.1:80 check
                defaults
                    mode http
                    timeout connect 1s
                    timeout server 5s
                    http-check expect status 200
                backend inherited
                    server s1 127.0.0.1:80 check
                backend httpchk
                    option httpchk
                    server s1 127.0.0.1:80 check
                """));
        assertThat(render(result)).isEqualTo(
                "WARNING: backend 'b' uses http-check rules without 'option httpchk', so the rules are ignored.");
        List<BackendConfig> backends = result.config().orElseThrow().backends();
        assertThat(backends.get(0).healthCheck()).isEqualTo(HealthCheckConfig.tcpConnect(new SourceLocation("lb.cfg",
                6)));
        assertThat(backends.get(1).healthCheck()).isEqualTo(HealthCheckConfig.tcpConnect(new SourceLocation("lb.cfg",
                15)));
        // haproxy 2.6.12 (checked: a 302 passes): the option starts the backend's own ruleset, the rules
        // written in a defaults section without 'option httpchk' are not inherited
        assertThat(backends.get(2).healthCheck().arguments()).containsExactly("send", "0", "expect", "2", "match",
                "status", "pattern", "200-399");
    }

    /**
     * As haproxy 2.6.12: a character after a valid unit ({@code 1s[}) is a warning and the value
     * is kept; the first of a line carries HAProxy's message context, the later ones nothing.
     * Without a unit before it ({@code 100[}) it stays the alert that names 'agent-inter'.
     */
    @Test
    void aCharacterAfterATimerUnitIsAWarningAndTheValueIsKept() {
        LoadResult result = load(TestingLoaderContext.plain(), new ConfigSource("lb.cfg", TIMEOUTS + """
                backend b
                    default-server inter 3s] fastinter 1s[
                    server s1 127.0.0.1:80 check weight 10 inter 5s[ downinter 4s]
                """));
        String warning = "' after the timer value '%s', only (us=microseconds,ms=milliseconds,s=seconds,m=minutes,"
                + "h=hours,d=days) are supported. This will be reported as an error in next versions.";
        assertThat(render(result)).isEqualTo(String.join("\n",
                "WARNING: [lb.cfg:7] : unexpected character ']" + warning.formatted("3s]"),
                "WARNING: unexpected character '[" + warning.formatted("1s["),
                "WARNING: [lb.cfg:8] : 'server b/s1' : unexpected character '[" + warning.formatted("5s["),
                "WARNING: unexpected character ']" + warning.formatted("4s]")));
        ServerCheck check = result.config().orElseThrow().backends().get(0).servers().get(0).check();
        assertThat(check.inter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(check.effectiveFastInter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(check.effectiveDownInter()).isEqualTo(Duration.ofSeconds(4));

        LoadResult refused = load(TestingLoaderContext.plain(), new ConfigSource("lb.cfg", TIMEOUTS + """
                backend b
                    server s1 127.0.0.1:80 check inter 100[
                """));
        assertThat(render(refused)).isEqualTo(
                "lb.cfg:7: ALERT: 'server b/s1' : unexpected character '[' in 'agent-inter' argument of server s1..");
    }

    @Test
    void redispatchDefaultsToTheLastRetryAndTakesAnInterval() {
        List<BackendConfig> backends = backends(TIMEOUTS + """
                    option redispatch
                backend inherited
                    server s1 127.0.0.1:80
                backend every
                    option redispatch 1
                    server s1 127.0.0.1:80
                backend off
                    no option redispatch
                    server s1 127.0.0.1:80
                """);
        assertThat(backends.get(0).redispatch()).hasValue(-1);
        assertThat(backends.get(1).redispatch()).hasValue(1);
        assertThat(backends.get(2).redispatch()).isEmpty();
    }
}
