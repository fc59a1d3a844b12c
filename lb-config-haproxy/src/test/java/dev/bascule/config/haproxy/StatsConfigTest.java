package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.BackendConfig;
import dev.bascule.api.config.FrontendConfig;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.StatsPage;
import dev.bascule.api.loader.LoadResult;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The {@code stats} lines of proxy sections; expected messages compared with haproxy 2.6.12 -c. */
final class StatsConfigTest {
    private static final String TIMEOUTS = """
            defaults
                mode http
                timeout client 1s
                timeout server 1s
                timeout connect 1s
            """;

    private static LbConfig loaded(String text) {
        LoadResult result = load(text);
        assertThat(result.config()).as(render(result)).isPresent();
        return result.config().orElseThrow();
    }

    private static Optional<StatsPage> backendStats(LbConfig config, String name) {
        return config.backends().stream().filter(backend -> backend.name().equals(name)).findFirst()
                .map(BackendConfig::http).orElseThrow().stats();
    }

    private static Optional<StatsPage> frontendStats(LbConfig config, String name) {
        return config.frontends().stream().filter(frontend -> frontend.name().equals(name)).findFirst()
                .map(FrontendConfig::http).orElseThrow().stats();
    }

    @Test
    void enableAloneServesTheDefaultUri() {
        LbConfig config = loaded(TIMEOUTS + """
                backend be
                    stats enable
                    server s1 127.0.0.1:8080
                """);
        StatsPage page = backendStats(config, "be").orElseThrow();
        assertThat(page.uri()).isEqualTo("/haproxy?stats");
        assertThat(page.refresh()).isEmpty();
        assertThat(page.hideVersion()).isFalse();
        assertThat(page.showLegends()).isFalse();
        assertThat(page.showNode()).isEmpty();
        assertThat(page.showDescription()).isEmpty();
        assertThat(page.scopes()).isEmpty();
        assertThat(page.location().line()).isEqualTo(7);
    }

    @Test
    void everySettingIsKept() {
        LbConfig config = loaded(TIMEOUTS + """
                listen ls
                    bind 127.0.0.1:8000
                    stats uri /stats
                    stats refresh 1500ms
                    stats hide-version
                    stats show-legends
                    stats show-node node-1.a_b
                    stats show-desc a  front   door
                    stats scope ls
                    stats scope .
                    server s1 127.0.0.1:8080
                """);
        StatsPage page = backendStats(config, "ls").orElseThrow();
        assertThat(page.uri()).isEqualTo("/stats");
        // parse_time_err(TIME_UNIT_S) rounds up to whole seconds
        assertThat(page.refresh()).contains(Duration.ofSeconds(2));
        assertThat(page.hideVersion()).isTrue();
        assertThat(page.showLegends()).isTrue();
        assertThat(page.showNode()).contains("node-1.a_b");
        assertThat(page.showDescription()).contains("a front door");
        assertThat(page.scopes()).containsExactly("ls", ".");
        assertThat(frontendStats(config, "ls")).contains(page);
    }

    @Test
    void anyStatsLineEnablesThePageAndShowNodeMayHaveNoName() {
        LbConfig config = loaded(TIMEOUTS + """
                backend a
                    stats uri /a
                backend b
                    stats show-node
                backend c
                    stats refresh 0
                backend d
                    server s1 127.0.0.1:8080
                """);
        assertThat(backendStats(config, "a").orElseThrow().uri()).isEqualTo("/a");
        assertThat(backendStats(config, "b").orElseThrow().showNode()).contains("");
        assertThat(backendStats(config, "c").orElseThrow().refresh()).isEmpty();
        assertThat(backendStats(config, "d")).isEmpty();
    }

    @Test
    void aSectionsOwnStatsLineDropsWhatItsDefaultsSet() {
        // HAProxy detaches a proxy from the defaults' uri_auth at its first stats line
        LbConfig config = loaded("""
                defaults
                    mode http
                    timeout client 1s
                    timeout server 1s
                    timeout connect 1s
                    stats uri /from-defaults
                    stats hide-version
                backend inherits
                    server s1 127.0.0.1:8080
                backend own
                    stats enable
                    server s1 127.0.0.1:8080
                frontend fe
                    bind 127.0.0.1:8000
                    default_backend own
                """);
        StatsPage inherited = backendStats(config, "inherits").orElseThrow();
        assertThat(inherited.uri()).isEqualTo("/from-defaults");
        assertThat(inherited.hideVersion()).isTrue();
        StatsPage own = backendStats(config, "own").orElseThrow();
        assertThat(own.uri()).isEqualTo("/haproxy?stats");
        assertThat(own.hideVersion()).isFalse();
        assertThat(frontendStats(config, "fe").orElseThrow().uri()).isEqualTo("/from-defaults");
    }

    @Test
    void mistakesAreAlertsAsHaproxyReportsThem() {
        LoadResult result = load("""
                defaults
                    mode http
                    timeout client 1s
                    timeout server 1s
                    timeout connect 1s
                    stats admin if TRUE
                    stats http-request deny
                frontend f
                    bind 127.0.0.1:1
                    stats
                    stats foo
                    stats uri
                    stats realm
                    stats auth
                    stats scope
                    stats refresh
                    stats refresh 3x
                    stats refresh 9999999999
                    stats refresh 1sx
                    stats show-node a/b
                    stats show-desc
                    stats admin
                    stats enable extra
                    default_backend b
                backend b
                    server s 127.0.0.1:2
                """);
        assertThat(result.config()).isEmpty();
        // haproxy 2.6.12 -c prints the same messages, after "parsing [test.cfg:N]" (a NUL ends line 16's)
        assertThat(render(result)).isEqualTo("""
                test.cfg:6: ALERT: 'stats admin' not allowed in 'defaults' section.
                test.cfg:7: ALERT: 'stats' not allowed in 'defaults' section.
                test.cfg:10: ALERT: missing keyword in 'stats', expects 'admin', 'uri', 'realm', 'auth', 'scope', 'enable', 'hide-version', 'show-node', 'show-desc' or 'show-legends'.
                test.cfg:11: ALERT: unknown stats parameter 'foo', expects 'admin', 'uri', 'realm', 'auth', 'scope', 'enable', 'hide-version', 'show-node', 'show-desc' or 'show-legends'.
                test.cfg:12: ALERT: 'uri' needs an URI prefix.
                test.cfg:13: ALERT: 'realm' needs an realm name.
                test.cfg:14: ALERT: 'auth' needs a user:password account.
                test.cfg:15: ALERT: 'scope' needs a proxy name.
                test.cfg:16: ALERT: unexpected character '
                test.cfg:17: ALERT: unexpected character 'x' in argument to stats refresh interval.
                test.cfg:18: ALERT: timer overflow in argument <9999999999> to stats refresh interval, maximum value is 2147483647 s (~68 years).
                WARNING: unexpected character 'x' after the timer value '1sx', only (us=microseconds,ms=milliseconds,s=seconds,m=minutes,h=hours,d=days) are supported. This will be reported as an error in next versions.
                test.cfg:20: ALERT: 'stats show-node' invalid node name - should be a stringwith digits(0-9), letters(A-Z, a-z), hyphen(-) or underscode(_).
                test.cfg:21: WARNING: 'show-desc' requires a parameter or 'desc' to be set in the global section.
                test.cfg:22: ALERT: 'stats admin' requires either 'if' or 'unless' followed by a condition.""");
    }

    @Test
    void whatBasculeDoesNotImplementIsRefusedWithItsLocation() {
        LoadResult result = load(TIMEOUTS + """
                backend b
                    stats enable
                    stats http-request deny
                    stats show-modules
                    server s 127.0.0.1:2
                """);
        assertThat(result.config()).isEmpty();
        assertThat(render(result)).isEqualTo("""
                test.cfg:8: ALERT: 'stats http-request' is not implemented yet by Bascule
                test.cfg:9: ALERT: 'stats show-modules' is not implemented yet by Bascule""");
    }

    @Test
    void statsAdminKeepsItsConditionsInOrderAndEnablesThePage() {
        LbConfig config = loaded(TIMEOUTS + """
                frontend f
                    bind 127.0.0.1:8000
                    acl local src 127.0.0.1
                    stats enable
                    stats admin if local
                    stats admin unless LOCALHOST
                    default_backend b
                backend b
                    stats admin if TRUE
                    server s 127.0.0.1:8080
                """);
        StatsPage front = frontendStats(config, "f").orElseThrow();
        assertThat(front.admin()).hasSize(2);
        assertThat(front.admin().get(0).unless()).isFalse();
        // the named ACL is resolved to its lines
        assertThat(front.admin().get(0).alternatives().get(0).get(0).acls()).hasSize(1);
        assertThat(front.admin().get(1).unless()).isTrue();
        // stats admin alone creates the page, as stats_check_init_uri_auth() does
        assertThat(backendStats(config, "b").orElseThrow().admin()).hasSize(1);
    }

    @Test
    void statsAdminConditionMistakesAsHaproxyReportsThem() {
        LoadResult result = load(TIMEOUTS + """
                frontend f
                    bind 127.0.0.1:8000
                    stats enable
                    stats admin if nosuchacl
                    stats admin if { nosuchfetch }
                    default_backend b
                backend b
                    stats admin if TRUE
                    server s 127.0.0.1:2
                """);
        assertThat(result.config()).isEmpty();
        // haproxy 2.6.12 -c, after "parsing [test.cfg:N] : "
        assertThat(render(result)).isEqualTo("""
                test.cfg:9: ALERT: error detected while parsing a 'stats admin' rule : no such ACL : 'nosuchacl'.
                test.cfg:10: ALERT: error detected while parsing a 'stats admin' rule : unknown fetch method 'nosuchfetch' in ACL expression 'nosuchfetch'.""");
    }

    @Test
    void statsAuthAccountsAndRealm() {
        // haproxy 2.6.12 keeps a user's first account, reads the password after the first ':' ("x:y"),
        // and takes a user without ':' with an empty password
        LoadResult result = load(TIMEOUTS + """
                backend b
                    stats auth admin:secret
                    stats auth ops:x:y
                    stats auth admin:other
                    stats auth nocolon
                    stats realm My\\ Realm
                    server s 127.0.0.1:2
                """);
        var page = result.config().orElseThrow().backend("b").orElseThrow().http().stats().orElseThrow();
        assertThat(page.realm()).contains("My Realm");
        assertThat(page.users().orElseThrow().users()).extracting(user -> user.name() + "=" + user.password()
                + (user.insecure() ? "" : " (hash)")).containsExactly("admin=secret", "ops=x:y", "nocolon=");
    }

    @Test
    void statsOutsideHttpModeIsIgnoredWithAWarning() {
        LoadResult result = load("""
                backend b
                    mode tcp
                    stats enable
                    server s 127.0.0.1:2
                    timeout server 1s
                    timeout connect 1s
                listen l
                    mode tcp
                    bind 127.0.0.1:3
                    stats uri /x
                    server s 127.0.0.1:2
                    timeout client 1s
                    timeout server 1s
                    timeout connect 1s
                """);
        // haproxy 2.6.12: "'stats' statement ignored for backend 'b' as it requires HTTP mode." (and proxy 'l')
        assertThat(render(result)).isEqualTo("""
                test.cfg:1: WARNING: 'stats' statement ignored for backend 'b' as it requires HTTP mode.
                test.cfg:7: WARNING: 'stats' statement ignored for proxy 'l' as it requires HTTP mode.""");
        LbConfig config = result.config().orElseThrow();
        assertThat(backendStats(config, "b")).isEmpty();
        assertThat(backendStats(config, "l")).isEmpty();
        assertThat(List.of(frontendStats(config, "l"))).containsExactly(Optional.empty());
    }
}
