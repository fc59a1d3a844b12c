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

/**
 * {@code option redis-check}, {@code ssl-hello-chk}, {@code ldap-check}, {@code smtpchk}, {@code pgsql-check}
 * and {@code mysql-check}: each becomes the health-check plugin of its name; the alert texts are haproxy
 * 2.6.12's on the same lines.
 */
final class ProtocolCheckConfigTest {
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

    private static HealthCheckConfig checkOf(String option) {
        LoadResult result = loadText("backend b\n    option " + option + "\n    server s 127.0.0.1:1 check\n");
        assertThat(result.hasErrors()).as(render(result)).isFalse();
        return result.config().orElseThrow().backends().get(0).healthCheck();
    }

    private static String alertOf(String line) {
        return render(loadText("backend b\n    " + line + "\n    server s 127.0.0.1:1 check\n"));
    }

    @Test
    void eachOptionIsThePluginOfItsNameWithItsWords() {
        SourceLocation at = new SourceLocation("lb.cfg", 7);
        assertThat(checkOf("redis-check")).isEqualTo(new HealthCheckConfig("redis-check", List.of(), at));
        assertThat(checkOf("ssl-hello-chk")).isEqualTo(new HealthCheckConfig("ssl-hello-chk", List.of(), at));
        assertThat(checkOf("ldap-check")).isEqualTo(new HealthCheckConfig("ldap-check", List.of(), at));
        assertThat(checkOf("smtpchk")).isEqualTo(new HealthCheckConfig("smtpchk", List.of(), at));
        assertThat(checkOf("smtpchk EHLO example.org"))
                .isEqualTo(new HealthCheckConfig("smtpchk", List.of("EHLO", "example.org"), at));
        // HAProxy accepts any command and then sends "HELO localhost": so does the plugin
        assertThat(checkOf("smtpchk FOO example.org"))
                .isEqualTo(new HealthCheckConfig("smtpchk", List.of("FOO", "example.org"), at));
        assertThat(checkOf("pgsql-check user postgres"))
                .isEqualTo(new HealthCheckConfig("pgsql-check", List.of("postgres"), at));
        assertThat(checkOf("mysql-check")).isEqualTo(new HealthCheckConfig("mysql-check", List.of(), at));
        assertThat(checkOf("mysql-check user haproxy"))
                .isEqualTo(new HealthCheckConfig("mysql-check", List.of("haproxy", "post-41"), at));
        assertThat(checkOf("mysql-check user haproxy pre-41"))
                .isEqualTo(new HealthCheckConfig("mysql-check", List.of("haproxy", "pre-41"), at));
    }

    @Test
    void theLastCheckOptionWinsAndDefaultsAreInherited() {
        LoadResult result = loadText("""
                backend http
                    option redis-check
                    option httpchk
                    server s 127.0.0.1:1 check
                backend tcp
                    option mysql-check
                    option tcp-check
                    server s 127.0.0.1:1 check
                backend redis
                    option httpchk
                    option tcp-check
                    option redis-check
                    server s 127.0.0.1:1 check
                defaults
                    mode tcp
                    option smtpchk HELO example.org
                backend inherited
                    server s 127.0.0.1:1 check
                """);
        assertThat(result.hasErrors()).as(render(result)).isFalse();
        List<BackendConfig> backends = result.config().orElseThrow().backends();
        assertThat(backends.get(0).healthCheck().type()).isEqualTo("httpchk");
        assertThat(backends.get(1).healthCheck().type()).isEqualTo("tcp-check");
        assertThat(backends.get(2).healthCheck()).isEqualTo(new HealthCheckConfig("redis-check", List.of(),
                new SourceLocation("lb.cfg", 17)));
        assertThat(backends.get(3).healthCheck()).isEqualTo(new HealthCheckConfig("smtpchk",
                List.of("HELO", "example.org"), new SourceLocation("lb.cfg", 21)));
    }

    @Test
    void badFormsGetHaproxysAlerts() {
        String at = "lb.cfg:7: ALERT: ";
        assertThat(alertOf("option redis-check x")).isEqualTo(at + "'option redis-check' cannot handle unexpected"
                + " argument 'x'.");
        assertThat(alertOf("option ssl-hello-chk x")).isEqualTo(at + "'option ssl-hello-chk' cannot handle"
                + " unexpected argument 'x'.");
        assertThat(alertOf("option ldap-check x")).isEqualTo(at + "'option ldap-check' cannot handle unexpected"
                + " argument 'x'.");
        assertThat(alertOf("option smtpchk a b c")).isEqualTo(at + "'option smtpchk' cannot handle unexpected"
                + " argument 'c'.");
        assertThat(alertOf("option pgsql-check")).isEqualTo(at + "'option pgsql-check' expects 'user <username>' as"
                + " argument.");
        assertThat(alertOf("option pgsql-check user")).isEqualTo(at + "'option pgsql-check' expects 'user"
                + " <username>' as argument.");
        assertThat(alertOf("option pgsql-check usr x")).isEqualTo(at + "'option pgsql-check' only supports optional"
                + " values: 'user'.");
        assertThat(alertOf("option pgsql-check user x y")).isEqualTo(at + "'option pgsql-check' cannot handle"
                + " unexpected argument 'y'.");
        assertThat(alertOf("option mysql-check usr")).isEqualTo(at + "'option mysql-check' only supports optional"
                + " values: 'user' (got 'usr').");
        assertThat(alertOf("option mysql-check user")).isEqualTo(at + "'option mysql-check user' expects <username>"
                + " as argument.");
        assertThat(alertOf("option mysql-check user u post-42")).isEqualTo(at + "keyword 'user' only supports"
                + " 'post-41' and 'pre-41' (got 'post-42').");
        assertThat(alertOf("option mysql-check user u pre-41 x")).isEqualTo(at + "'option mysql-check' cannot handle"
                + " unexpected argument 'x'.");
        assertThat(alertOf("no option smtpchk")).isEqualTo(at + "negation/default is not supported for option"
                + " 'smtpchk'.");
        assertThat(alertOf("default option ldap-check")).isEqualTo(at + "negation/default is not supported for"
                + " option 'ldap-check'.");
    }

    @Test
    void aFrontendGetsHaproxysWarning() {
        LoadResult result = loadText("""
                frontend fe
                    bind 127.0.0.1:8080
                    option redis-check
                    default_backend b
                backend b
                    server s 127.0.0.1:1
                """);
        assertThat(render(result)).isEqualTo("lb.cfg:8: WARNING: 'redis-check' ignored because frontend 'fe' has no"
                + " backend capability.");
    }

    /** The option resets HAProxy's ruleset flags: check rules written before it are dropped silently. */
    @Test
    void rulesBeforeTheOptionAreDroppedSilentlyRulesAfterItWithHaproxysWarning() {
        LoadResult result = loadText("""
                backend before
                    tcp-check send PING\\r\\n
                    http-check expect status 200
                    option redis-check
                    server s 127.0.0.1:1 check
                backend after
                    option redis-check
                    tcp-check send PING\\r\\n
                    server s 127.0.0.1:1 check
                """);
        assertThat(render(result)).isEqualTo("WARNING: backend 'after' uses tcp-check rules without 'option"
                + " tcp-check', so the rules are ignored.");
        assertThat(result.config().orElseThrow().backends().get(0).healthCheck().type()).isEqualTo("redis-check");
    }
}
