package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.config.ServerReactions;
import dev.bascule.api.config.ServerReactions.Observe;
import dev.bascule.api.config.ServerReactions.OnError;
import dev.bascule.api.loader.LoadResult;

import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * Server {@code on-marked-down}, {@code on-marked-up}, {@code observe}, {@code error-limit} and
 * {@code on-error}; the messages are haproxy 2.6.12 -c's on the same lines.
 */
final class ServerReactionsConfigTest {
    private static final String DEFAULTS = """
            defaults
                mode http
                timeout client 5s
                timeout server 5s
                timeout connect 5s
            """;

    @Test
    void patronisDefaultServerIsInherited() {
        LoadResult result = load(DEFAULTS + """
                backend be
                    default-server inter 3s fall 3 rise 2 on-marked-down shutdown-sessions
                    server s1 127.0.0.1:8081 check
                    server s2 127.0.0.1:8082 check on-marked-up shutdown-backup-sessions
                    server s3 127.0.0.1:8083 check observe layer7 error-limit 3x on-error mark-down
                    server s4 127.0.0.1:8084 observe layer4 on-error sudden-death observe none
                    server s5 127.0.0.1:8085 on-error fastinter
                """);
        assertThat(result.diagnostics()).as(render(result)).isEmpty();
        LbConfig config = result.config().orElseThrow();
        List<ServerReactions> reactions = config.backends().get(0).servers().stream().map(ServerConfig::reactions)
                .toList();
        assertThat(reactions).containsExactly(
                new ServerReactions(true, false, Observe.NONE, 10, OnError.FAIL_CHECK),
                new ServerReactions(true, true, Observe.NONE, 10, OnError.FAIL_CHECK),
                // atoi(): '3x' is 3
                new ServerReactions(true, false, Observe.LAYER7, 3, OnError.MARK_DOWN),
                new ServerReactions(true, false, Observe.NONE, 10, OnError.SUDDEN_DEATH),
                new ServerReactions(true, false, Observe.NONE, 10, OnError.FASTINTER));
    }

    @Test
    void noReactionByDefault() {
        LoadResult result = load(DEFAULTS + """
                backend be
                    server s1 127.0.0.1:8081 check
                """);
        assertThat(result.config().orElseThrow().backends().get(0).servers().get(0).reactions())
                .isEqualTo(ServerReactions.DEFAULT);
    }

    @Test
    void haproxysMessages() {
        LoadResult result = load(DEFAULTS + """
                backend be
                    server s1 127.0.0.1:18081 observe
                    server s2 127.0.0.1:18081 observe layer5
                    server s3 127.0.0.1:18081 error-limit
                    server s4 127.0.0.1:18081 error-limit x
                    server s5 127.0.0.1:18081 on-error
                    server s6 127.0.0.1:18081 on-error bogus
                    server s7 127.0.0.1:18081 on-marked-down
                    server s8 127.0.0.1:18081 on-marked-up shutdown-sessions
                    default-server on-marked-down shutdown-backup-sessions
                    default-server observe layer8
                """);
        assertThat(render(result)).isEqualTo("""
                test.cfg:7: ALERT: 'server be/s1' : 'observe' expects <mode> as argument..
                test.cfg:8: ALERT: 'server be/s2' : 'observe' expects one of 'none', 'layer4', 'layer7' but got\
                 'layer5'.
                test.cfg:9: ALERT: 'server be/s3' : 'error-limit' expects an integer argument..
                test.cfg:10: ALERT: 'server be/s4' : error-limit has to be > 0..
                test.cfg:11: ALERT: 'server be/s5' : 'on-error' expects one of 'fastinter', 'fail-check',\
                 'sudden-death' or 'mark-down' but got ''.
                test.cfg:12: ALERT: 'server be/s6' : 'on-error' expects one of 'fastinter', 'fail-check',\
                 'sudden-death' or 'mark-down' but got 'bogus'.
                test.cfg:13: ALERT: 'server be/s7' : 'on-marked-down' expects 'shutdown-sessions' but got ''.
                test.cfg:14: ALERT: 'server be/s8' : 'on-marked-up' expects 'shutdown-backup-sessions' but got\
                 'shutdown-sessions'.
                test.cfg:15: ALERT: 'on-marked-down' expects 'shutdown-sessions' but got 'shutdown-backup-sessions'.
                test.cfg:16: ALERT: 'observe' expects one of 'none', 'layer4', 'layer7' but got 'layer8'.""");
    }

    /**
     * HAProxy's alert for {@code observe layer7} outside {@code mode http} is not fatal: the option
     * is left out and the configuration loads. Bascule says the same words as a warning.
     */
    @Test
    void layer7OnlyInHttpProxies() {
        LoadResult result = load(DEFAULTS + """
                backend tcpbe
                    mode tcp
                    server t1 127.0.0.1:18081 check observe layer7 on-error mark-down
                    default-server observe layer7
                    server t2 127.0.0.1:18081 check
                """);
        assertThat(render(result)).isEqualTo("""
                WARNING: [test.cfg:8] : 'server tcpbe/t1' : 'layer7' can only be used in http proxies..
                WARNING: [test.cfg:9] : 'layer7' can only be used in http proxies..""");
        assertThat(result.config().orElseThrow().backends().get(0).servers()).extracting(ServerConfig::reactions)
                .containsExactly(new ServerReactions(false, false, Observe.NONE, 10, OnError.MARK_DOWN),
                        ServerReactions.DEFAULT);
    }
}
