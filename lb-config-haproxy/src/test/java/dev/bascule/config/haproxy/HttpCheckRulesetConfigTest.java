package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.BackendConfig;
import dev.bascule.api.loader.ConfigSource;
import dev.bascule.api.loader.LoadResult;

import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The HTTP check ruleset as HAProxy 2.6 builds it from {@code option httpchk} and {@code http-check} lines
 * ({@code tcpcheck_add_http_rule()}, {@code check_proxy_tcpcheck()}), each case checked against haproxy
 * 2.6.12 (the requests its servers received: HttpCheckDifferentialIT, http-check-send.vtc).
 */
final class HttpCheckRulesetConfigTest {
    private static final String DEFAULTS = """
            defaults
                mode http
                timeout connect 1s
                timeout client 1s
                timeout server 1s
            """;
    private static final List<String> IMPLICIT_EXPECT = List.of("expect", "2", "match", "status", "pattern",
            "200-399");

    private static List<BackendConfig> backends(String text) {
        LoadResult result = load(TestingLoaderContext.plain(), new ConfigSource("lb.cfg", text));
        assertThat(result.hasErrors()).as(render(result)).isFalse();
        return result.config().orElseThrow().backends();
    }

    private static List<String> withImplicitExpect(String... send) {
        List<String> arguments = new java.util.ArrayList<>(List.of(send));
        arguments.addAll(IMPLICIT_EXPECT);
        return arguments;
    }

    @Test
    void aBackendInheritsTheDefaultsRulesetUntilItWritesRulesOfItsOwn() {
        List<BackendConfig> backends = backends(DEFAULTS + """
                    option httpchk GET /status HTTP/1.1\\r\\nHdr:\\ must-be-removed
                    http-check send hdr Host my-www-host hdr X-test true body test
                backend inherits
                    server s 127.0.0.1:80 check
                backend own_option
                    option httpchk
                    server s 127.0.0.1:80 check
                backend own_send
                    http-check send hdr Host other-www-host
                    server s 127.0.0.1:80 check
                """);
        // the option's headers hidden in its version are replaced by the first send's
        assertThat(backends.get(0).healthCheck().arguments()).isEqualTo(withImplicitExpect("send", "8", "meth", "GET",
                "uri", "/status", "ver", "HTTP/1.1", "hdr", "Host", "hdr-value", "my-www-host", "hdr", "X-test",
                "hdr-value", "true", "body", "test"));
        assertThat(backends.get(1).healthCheck().arguments()).isEqualTo(withImplicitExpect("send", "0"));
        assertThat(backends.get(2).healthCheck().arguments()).isEqualTo(withImplicitExpect("send", "2", "hdr", "Host",
                "hdr-value", "other-www-host"));
    }

    @Test
    void aSendBeforeTheOptionKeepsWhatTheOptionDoesNotSetButLosesItsHeaders() {
        List<BackendConfig> backends = backends(DEFAULTS + """
                backend b
                    http-check send meth GET uri /before hdr X-A b
                    option httpchk
                    server s 127.0.0.1:80 check
                """);
        assertThat(backends.get(0).healthCheck().arguments()).isEqualTo(withImplicitExpect("send", "2", "meth", "GET",
                "uri", "/before"));
    }

    @Test
    void theOptionsSendMovesAfterAFirstConnectAndAnExpectNeedsASendBeforeIt() {
        List<BackendConfig> backends = backends(DEFAULTS + """
                backend b
                    option httpchk /health
                    http-check comment first
                    http-check connect port 8080 comment c
                    server s 127.0.0.1:80 check
                """);
        assertThat(backends.get(0).healthCheck().arguments()).containsExactly("comment", "1", "comment", "first",
                "connect", "2", "port", "8080", "comment", "c", "send", "1", "uri", "/health",
                "expect", "2", "match", "status", "pattern", "200-399");
        // haproxy 2.6.12 says the same: the option's send is still first when the expect comes
        LoadResult result = load(TestingLoaderContext.plain(), new ConfigSource("lb.cfg", DEFAULTS + """
                backend b
                    option httpchk /health
                    http-check connect port 8080
                    http-check expect status 200
                    server s 127.0.0.1:80 check
                """));
        assertThat(render(result)).isEqualTo("lb.cfg:9: ALERT: 'http-check expect' : unable to add http-check expect"
                + " rule at step 2 (missing send rule)..");
    }

    @Test
    void rulesOutOfOrderAreRefusedAndARefusedRuleDropsTheRulesBeforeIt() {
        LoadResult result = load(TestingLoaderContext.plain(), new ConfigSource("lb.cfg", DEFAULTS + """
                backend b
                    option httpchk
                    http-check expect status 200
                    http-check send
                    http-check send
                    server s 127.0.0.1:80 check
                """));
        // the second send follows an empty ruleset: HAProxy freed the first after its error
        assertThat(render(result)).isEqualTo("lb.cfg:9: ALERT: 'http-check send' : unable to add http-check send rule"
                + " at step 2 (missing connect rule)..");
    }

    @Test
    void addrTakesAPortThatAnExplicitPortOverrides() {
        List<BackendConfig> backends = backends(DEFAULTS + """
                backend b
                    option httpchk
                    http-check connect addr 127.0.0.2:81
                    http-check send
                    http-check expect status 200
                    http-check connect addr 127.0.0.3:82 port 83
                    server s 127.0.0.1:80 check
                """);
        assertThat(backends.get(0).healthCheck().arguments()).containsExactly(
                "connect", "2", "addr", "127.0.0.2", "port", "81", "send", "0",
                "expect", "2", "match", "status", "pattern", "200",
                "connect", "2", "addr", "127.0.0.3", "port", "83");
    }
}
