package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.BindConfig;
import dev.bascule.api.config.FrontendConfig;
import dev.bascule.api.config.FrontendOption;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.ListenerOptions;
import dev.bascule.api.loader.Diagnostic;
import dev.bascule.api.loader.LoadResult;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * {@code bind ... name|id|v6only|v4v6|tfo} and {@code option socket-stats}: what the model holds,
 * and HAProxy 2.6.12's alerts ({@code haproxy -c} on the same lines).
 */
final class ListenerBindTest {
    private static String frontend(String... lines) {
        return "defaults\n"
                + "    timeout client 5s\n"
                + "    timeout server 5s\n"
                + "    timeout connect 5s\n"
                + "frontend fe\n"
                + String.join("", List.of(lines).stream().map(line -> "    " + line + "\n").toList())
                + "    default_backend be\n"
                + "backend be\n"
                + "    server s1 127.0.0.1:8080\n";
    }

    private static FrontendConfig frontendOf(LoadResult result) {
        LbConfig config = result.config().orElseThrow(() -> new AssertionError(render(result)));
        return config.frontends().get(0);
    }

    private static String alerts(LoadResult result) {
        return render(result.diagnostics().stream()
                .filter(diagnostic -> diagnostic.severity() == Diagnostic.Severity.ALERT)
                .collect(Collectors.toList()));
    }

    @Test
    void theOptionsReachTheModel() {
        FrontendConfig frontend = frontendOf(load(frontend(
                "bind 127.0.0.1:8080 name first id 7",
                "bind :::8081 v6only tfo",
                "bind :::8082 v4v6",
                "bind 127.0.0.1:8083,127.0.0.1:8084 name pair",
                "bind 127.0.0.1:8085")));
        List<ListenerOptions> options = frontend.binds().stream().map(BindConfig::listener).toList();
        assertThat(options).containsExactly(
                new ListenerOptions(Optional.of("first"), OptionalInt.of(7), false, false, false),
                new ListenerOptions(Optional.empty(), OptionalInt.empty(), true, false, true),
                new ListenerOptions(Optional.empty(), OptionalInt.empty(), false, true, false),
                new ListenerOptions(Optional.of("pair"), OptionalInt.empty(), false, false, false),
                new ListenerOptions(Optional.of("pair"), OptionalInt.empty(), false, false, false),
                ListenerOptions.NONE);
        assertThat(frontend.options().contains(FrontendOption.SOCKET_STATS)).isFalse();
    }

    @Test
    void socketStatsComesFromTheSectionOrItsDefaults() {
        String inDefaults = "defaults\n    option socket-stats\n";
        assertThat(socketStats(load(frontend("option socket-stats", "bind 127.0.0.1:8080")))).isTrue();
        assertThat(socketStats(load(frontend("bind 127.0.0.1:8080").replace("defaults\n", inDefaults)))).isTrue();
        assertThat(socketStats(load(frontend("no option socket-stats", "bind 127.0.0.1:8080")
                .replace("defaults\n", inDefaults)))).isFalse();
    }

    private static boolean socketStats(LoadResult result) {
        return frontendOf(result).options().contains(FrontendOption.SOCKET_STATS);
    }

    @Test
    void socketStatsInABackendIsIgnoredWithHaproxysWarning() {
        LoadResult result = load(frontend("bind 127.0.0.1:8080").replace("backend be\n",
                "backend be\n    option socket-stats\n"));
        assertThat(render(result)).contains(
                "test.cfg:10: WARNING: 'socket-stats' ignored because backend 'be' has no frontend capability.");
    }

    @Test
    void badOptionsGiveHaproxysAlerts() {
        String prefix = "test.cfg:7: ALERT: 'bind 127.0.0.1:8081' in section 'frontend' : ";
        assertThat(alerts(load(frontend("bind 127.0.0.1:8080 id 5", "bind 127.0.0.1:8081 id")))).isEqualTo(prefix
                + "'id' : expects an integer argument");
        assertThat(alerts(load(frontend("bind 127.0.0.1:8080 id 5", "bind 127.0.0.1:8081 id 3x")))).isEqualTo(prefix
                + "'id' : expects an integer argument, found '3x'");
        assertThat(alerts(load(frontend("bind 127.0.0.1:8080 id 5", "bind 127.0.0.1:8081 id 0")))).isEqualTo(prefix
                + "'id' : custom id has to be > 0");
        assertThat(alerts(load(frontend("bind 127.0.0.1:8080 id 5", "bind 127.0.0.1:8081 id -1")))).isEqualTo(prefix
                + "'id' : custom id has to be > 0");
        assertThat(alerts(load(frontend("bind 127.0.0.1:8080 id 5", "bind 127.0.0.1:8081 id 5")))).isEqualTo(prefix
                + "'id' : custom id 5 already used at test.cfg:6 ('bind 127.0.0.1:8080')");
        assertThat(alerts(load(frontend("bind 127.0.0.1:8080 id 5", "bind 127.0.0.1:8081 name")))).isEqualTo(prefix
                + "'name' : missing name");
        assertThat(alerts(load(frontend("bind 127.0.0.1:8080 id 5", "bind 127.0.0.1:8081 v6only x"))))
                .isEqualTo("test.cfg:7: ALERT: 'bind 127.0.0.1:8081' in section 'frontend': unknown keyword 'x'.");
        assertThat(alerts(load(frontend("bind 127.0.0.1:8080,127.0.0.1:8082 id 5")))).isEqualTo(
                "test.cfg:6: ALERT: 'bind 127.0.0.1:8080,127.0.0.1:8082' in section 'frontend' : 'id' can only be"
                        + " used with a single socket");
        assertThat(alerts(load(frontend("bind 127.0.0.1:8080-8081 id 5")))).isEqualTo(
                "test.cfg:6: ALERT: 'bind 127.0.0.1:8080-8081' in section 'frontend' : 'id' can only be"
                        + " used with a single socket");
    }
}
