package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.ActionCall;
import dev.bascule.api.config.HttpRequestRule;
import dev.bascule.api.loader.LoadResult;

import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * {@code http-request use-service <name>} with the host's services (the test registry serves
 * {@code prometheus-exporter}); the messages are haproxy 2.6.12 -c's on the same lines.
 */
final class UseServiceConfigTest {
    private static final String DEFAULTS = """
            defaults
                mode http
                timeout client 5s
                timeout server 5s
                timeout connect 5s
            """;

    @Test
    void aServiceWithOrWithoutCondition() {
        LoadResult result = load(DEFAULTS + """
                frontend stats
                    bind :8405
                    http-request use-service prometheus-exporter if { path /metrics }
                    http-request use-service prometheus-exporter
                    http-request deny
                    stats enable
                    stats uri /stats
                """);
        // not a final action: HAProxy does not warn about the rule after the unconditional one
        assertThat(result.diagnostics()).as(render(result)).isEmpty();
        assertThat(result.config().orElseThrow().frontends().get(0).http().requestRules())
                .extracting(HttpRequestRule::action).containsExactly(
                        new ActionCall("use-service", List.of("prometheus-exporter")),
                        new ActionCall("use-service", List.of("prometheus-exporter")),
                        new ActionCall("deny", List.of()));
    }

    @Test
    void haproxysMessages() {
        LoadResult result = load(DEFAULTS + """
                frontend f
                    bind :8405
                    http-request use-service foo
                    http-request use-service
                    http-request use-service prometheus-exporter extra
                    http-response use-service prometheus-exporter
                """);
        // HAProxy lists http-response's actions there ("'http-response' expects ... but got
        // 'use-service'"); Bascule's http-response parser has no such list yet for any unknown action
        assertThat(render(result)).isEqualTo("""
                test.cfg:8: ALERT: error detected in frontend 'f' while parsing 'http-request use-service' rule :\
                 'foo' unknown service name..
                test.cfg:9: ALERT: error detected in frontend 'f' while parsing 'http-request use-service' rule :\
                 'use-service' expects a service name..
                test.cfg:10: ALERT: 'http-request use-service' expects either 'if' or 'unless' followed by a\
                 condition but found 'extra'.
                test.cfg:11: ALERT: 'http-response use-service' is not implemented yet by Bascule""");
    }
}
