package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.BackendConfig;
import dev.bascule.api.config.HealthCheckConfig;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.loader.ConfigSource;
import dev.bascule.api.loader.LoadResult;

import org.junit.jupiter.api.Test;

import java.util.List;

/** {@code option tcp-check} and {@code tcp-check}; the alert texts are haproxy 2.6.12's on the same lines. */
final class TcpCheckConfigTest {
    private static final String TIMEOUTS = """
            defaults
                mode tcp
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            """;

    private static LoadResult loadText(String text) {
        return load(TestingLoaderContext.plain(), new ConfigSource("lb.cfg", TIMEOUTS + text));
    }

    private static String alertOf(String rule) {
        return render(loadText("backend b\n    option tcp-check\n    " + rule + "\n    server s 127.0.0.1:1 check\n"));
    }

    @Test
    void theRedisRulesBecomeTheTcpCheckPluginsArguments() {
        LoadResult result = loadText("""
                backend redis
                    option tcp-check
                    tcp-check connect
                    tcp-check send PING\\r\\n
                    tcp-check expect string +PONG
                    tcp-check send info\\ replication\\r\\n
                    tcp-check expect !rstring role:slave comment notslave
                    tcp-check send-binary 0a0B
                    tcp-check expect min-recv 2 error-status L7STS binary 0a
                    server r1 127.0.0.1:6379 check inter 1s
                """);
        assertThat(result.hasErrors()).as(render(result)).isFalse();
        HealthCheckConfig check = result.config().orElseThrow().backends().get(0).healthCheck();
        assertThat(check.type()).isEqualTo("tcp-check");
        assertThat(check.location()).isEqualTo(new SourceLocation("lb.cfg", 7));
        assertThat(check.arguments()).containsExactly(
                "connect", "0",
                "send", "1", "data", "PING\r\n",
                "expect", "2", "match", "string", "pattern", "+PONG",
                "send", "1", "data", "info replication\r\n",
                "expect", "4", "match", "rstring", "pattern", "role:slave", "comment", "notslave", "inverse", "true",
                "send", "1", "hex", "0a0B",
                "expect", "4", "min-recv", "2", "error-status", "L7STS", "match", "binary", "pattern", "0a");
    }

    @Test
    void aBareOptionIsAConnectAndTheLastCheckOptionWins() {
        LoadResult result = loadText("""
                backend bare
                    option tcp-check
                    server s 127.0.0.1:1 check
                backend http
                    option tcp-check
                    option httpchk
                    server s 127.0.0.1:1 check
                backend tcp
                    option httpchk
                    option tcp-check
                    server s 127.0.0.1:1 check
                """);
        assertThat(result.hasErrors()).as(render(result)).isFalse();
        List<BackendConfig> backends = result.config().orElseThrow().backends();
        assertThat(backends.get(0).healthCheck()).isEqualTo(new HealthCheckConfig("tcp-check", List.of(),
                new SourceLocation("lb.cfg", 7)));
        assertThat(backends.get(1).healthCheck().type()).isEqualTo("httpchk");
        assertThat(backends.get(2).healthCheck().type()).isEqualTo("tcp-check");
    }

    /** As haproxy 2.6.12: a section's own rules replace the ones of its defaults. */
    @Test
    void rulesOfADefaultsSectionApplyUntilABackendWritesItsOwn() {
        LoadResult result = loadText("""
                    option tcp-check
                    tcp-check send PING\\r\\n
                    tcp-check expect string +PONG
                backend inherited
                    server s 127.0.0.1:1 check
                backend own
                    tcp-check send QUIT\\r\\n
                    server s 127.0.0.1:1 check
                """);
        assertThat(result.hasErrors()).as(render(result)).isFalse();
        List<BackendConfig> backends = result.config().orElseThrow().backends();
        assertThat(backends.get(0).healthCheck().arguments()).containsExactly("send", "1", "data", "PING\r\n",
                "expect", "2", "match", "string", "pattern", "+PONG");
        assertThat(backends.get(1).healthCheck().arguments()).containsExactly("send", "1", "data", "QUIT\r\n");
    }

    @Test
    void rulesWithoutTheOptionAreAWarningAndTheCheckStaysATcpConnect() {
        LoadResult result = loadText("""
                backend b
                    tcp-check connect
                    tcp-check expect string x
                    server s 127.0.0.1:1 check
                """);
        assertThat(render(result)).isEqualTo(
                "WARNING: backend 'b' uses tcp-check rules without 'option tcp-check', so the rules are ignored.");
        assertThat(result.config().orElseThrow().backends().get(0).healthCheck().type())
                .isEqualTo(HealthCheckConfig.TCP_CONNECT);
    }

    @Test
    void malformedRulesFailWithHaproxysAlerts() {
        String at = "lb.cfg:8: ALERT: ";
        assertThat(alertOf("tcp-check bogus")).isEqualTo(at + "'tcp-check' only supports 'comment', 'connect', 'send',"
                + " 'send-binary', 'expect', 'set-var-fmt(*)', 'set-var(*)', 'unset-var(*)'. but got 'bogus'");
        assertThat(alertOf("tcp-check connect port 99999")).isEqualTo(at + "'tcp-check connect' : expects a valid"
                + " TCP port (from range 1 to 65535) or a sample expression, got 99999..");
        assertThat(alertOf("tcp-check connect foo")).isEqualTo(at + "'tcp-check connect' : expects 'comment', 'port',"
                + " 'addr', 'send-proxy', 'ssl', 'sni', 'alpn' or 'via-socks4', 'linger', 'default' but got 'foo' as"
                + " argument..");
        assertThat(alertOf("tcp-check send")).isEqualTo(at + "'tcp-check send' : 'string' expects a send as"
                + " argument.");
        assertThat(alertOf("tcp-check send a b")).isEqualTo(at + "'tcp-check send' : expects 'comment' but got 'b'"
                + " as argument..");
        assertThat(alertOf("tcp-check send-binary zz")).isEqualTo(at + "'tcp-check send-binary' : 'zz' invalid"
                + " binary string (an hex digit is expected (found 'z')).");
        assertThat(alertOf("tcp-check expect")).isEqualTo(at + "'tcp-check expect' : expects at least a matching"
                + " pattern as arguments.");
        assertThat(alertOf("tcp-check expect string")).isEqualTo(at + "'tcp-check expect' : 'string' expects a"
                + " <pattern> as argument.");
        assertThat(alertOf("tcp-check expect foo x")).isEqualTo(at + "'tcp-check expect' : 'only supports min-recv,"
                + " '[!]binary', '[!]string', '[!]rstring', '[!]string-lf''[!]rbinary', '[!]binary-lf' or comment but"
                + " got 'foo' as argument..");
        assertThat(alertOf("tcp-check expect rstring (")).isEqualTo(at + "'tcp-check expect' : regex '(' is invalid"
                + " (error=Unclosed group, erroffset=1).");
        assertThat(alertOf("tcp-check expect binary 0a0")).isEqualTo(at + "'tcp-check expect' : invalid binary"
                + " string (an even number of hex digit is expected).");
        assertThat(alertOf("tcp-check expect string a string b")).isEqualTo(at + "'tcp-check expect' : only on"
                + " pattern expected.");
        assertThat(alertOf("tcp-check expect ok-status FOO string a")).isEqualTo(at + "'tcp-check expect' :"
                + " 'ok-status' only supports 'L4OK', 'L6OK', 'L7OK' or 'L7OKC' status (got 'FOO')..");
        assertThat(alertOf("tcp-check expect min-recv -5 string a")).isEqualTo(at + "'tcp-check expect' : 'min-recv'"
                + " expects -1 or an integer from 0 to INT_MAX.");
        assertThat(alertOf("tcp-check comment")).isEqualTo(at + "'tcp-check comment' : expects a string as"
                + " argument.");
        assertThat(render(loadText("""
                backend b
                    option tcp-check
                    tcp-check expect string x
                    tcp-check connect
                    server s 127.0.0.1:1 check
                """))).isEqualTo("lb.cfg:9: ALERT: 'tcp-check connect' : first step MUST also be a 'connect',"
                + " optionally preceded by a 'set-var', an 'unset-var' or a 'comment', when there is a 'connect'"
                + " step in the tcp-check ruleset.");
        assertThat(render(loadText("backend b\n    no option tcp-check\n"))).isEqualTo(
                "lb.cfg:7: ALERT: negation/default is not supported for option 'tcp-check'.");
    }

    /** What a check cannot do is refused by name, never accepted and ignored. */
    @Test
    void whatBasculeCannotDoIsRefusedByName() {
        String at = "lb.cfg:8: ALERT: '";
        for (String option : List.of("via-socks4")) {
            assertThat(alertOf("tcp-check connect " + option)).isEqualTo(at + "tcp-check connect "
                    + option.split(" ")[0] + "' is not implemented yet by Bascule");
        }
        assertThat(alertOf("tcp-check set-var(check.x) int(1)")).isEqualTo(at
                + "tcp-check set-var' is not implemented yet by Bascule");
        assertThat(alertOf("tcp-check send-lf %[src]")).isEqualTo(at
                + "tcp-check send-lf with a log-format expression' is not implemented yet by Bascule");
        assertThat(alertOf("tcp-check expect status-code int(1) string a")).isEqualTo(at
                + "tcp-check expect status-code' is not implemented yet by Bascule");
        assertThat(alertOf("tcp-check connect port src_port")).isEqualTo(at
                + "tcp-check connect port <sample expression>' is not implemented yet by Bascule");
    }
}
