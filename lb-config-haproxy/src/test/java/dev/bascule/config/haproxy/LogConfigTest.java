package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.FrontendConfig;
import dev.bascule.api.config.GlobalLogConfig;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.LogSettings;
import dev.bascule.api.config.LogTarget;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.loader.LoadResult;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** {@code log}, {@code log-tag}, {@code log-send-hostname} and the log options, mapped into the model. */
final class LogConfigTest {
    private static SourceLocation at(int line) {
        return new SourceLocation("test.cfg", line);
    }

    private static LbConfig loadValid(String text) {
        LoadResult result = load(text);
        assertThat(result.config()).as(render(result)).isPresent();
        return result.config().orElseThrow();
    }

    @Test
    void globalTargetsAndProxyOptions() {
        LbConfig config = loadValid("""
                global
                    log 127.0.0.1 local0
                    log udp@10.0.0.1:1514 len 2048 format raw local7 notice err
                    log stdout format short daemon info
                    log-tag bascule
                    log-send-hostname node1
                defaults
                    mode http
                    log global
                    option httplog
                    option dontlognull
                    timeout client 1s
                    timeout server 1s
                    timeout connect 1s
                frontend www
                    bind :8080
                    default_backend app
                frontend clf
                    bind :8081
                    option httplog clf
                    no option dontlognull
                    option log-separate-errors
                    default_backend app
                frontend quiet
                    bind :8082
                    no log
                    log ipv6@[::1]:5514 local1
                    default_backend app
                frontend raw
                    mode tcp
                    bind :8083
                    option tcplog
                    default_backend app
                backend app
                    server s1 127.0.0.1:8000
                """);
        LogTarget local0 = new LogTarget(LogTarget.Destination.UDP, "127.0.0.1", 514, 1024, LogTarget.Format.RFC3164,
                16, 7, 0, at(2));
        LogTarget raw = new LogTarget(LogTarget.Destination.UDP, "10.0.0.1", 1514, 2048, LogTarget.Format.RAW, 23, 5,
                3, at(3));
        LogTarget stdout = new LogTarget(LogTarget.Destination.STDOUT, "", 0, 1024, LogTarget.Format.SHORT, 3, 6, 0,
                at(4));
        assertThat(config.global().log()).isEqualTo(new GlobalLogConfig(List.of(local0, raw, stdout),
                Optional.of("bascule"), Optional.of("node1")));
        List<LogTarget> all = List.of(local0, raw, stdout);
        assertThat(frontend(config, "www").log()).isEqualTo(new LogSettings(all, LogSettings.LineFormat.HTTP, true));
        assertThat(frontend(config, "clf").log())
                .isEqualTo(new LogSettings(all, LogSettings.LineFormat.HTTP_CLF, false, true));
        assertThat(frontend(config, "quiet").log()).isEqualTo(new LogSettings(List.of(new LogTarget(
                LogTarget.Destination.UDP, "::1", 5514, 1024, LogTarget.Format.RFC3164, 17, 7, 0, at(27))),
                LogSettings.LineFormat.HTTP, true));
        assertThat(frontend(config, "raw").log()).isEqualTo(new LogSettings(all, LogSettings.LineFormat.TCP, true));
    }

    /** A UNIX datagram socket path, with or without a prefix, is a target; its socket need not exist yet. */
    @Test
    void unixSocketTargets() {
        LbConfig config = loadValid("""
                global
                    log /dev/log local0
                    log unix@/var/lib/haproxy/dev/log len 100 format short local1 info
                    log dgram+uxdg@/nowhere/yet local2 notice err
                """);
        assertThat(config.global().log().targets()).containsExactly(
                new LogTarget(LogTarget.Destination.UNIX, "/dev/log", 0, 1024, LogTarget.Format.RFC3164, 16, 7, 0,
                        at(2)),
                new LogTarget(LogTarget.Destination.UNIX, "/var/lib/haproxy/dev/log", 0, 100, LogTarget.Format.SHORT,
                        17, 6, 0, at(3)),
                new LogTarget(LogTarget.Destination.UNIX, "/nowhere/yet", 0, 1024, LogTarget.Format.RFC3164, 18, 5,
                        3, at(4)));
    }

    /** A host name is resolved once, while loading, to the first address of its family. */
    @Test
    void hostNamesAreResolvedWhileLoading() throws Exception {
        String first = java.net.InetAddress.getAllByName("localhost")[0].getHostAddress();
        LbConfig config = loadValid("""
                global
                    log localhost local0
                    log udp@localhost:5140 local1
                """);
        assertThat(config.global().log().targets()).containsExactly(
                new LogTarget(LogTarget.Destination.UDP, first, 514, 1024, LogTarget.Format.RFC3164, 16, 7, 0, at(2)),
                new LogTarget(LogTarget.Destination.UDP, first, 5140, 1024, LogTarget.Format.RFC3164, 17, 7, 0,
                        at(3)));
    }

    /** HAProxy's messages for names that do not resolve and for paths where an IP address must be. */
    @Test
    void unresolvableNamesAndMisplacedPaths() {
        LoadResult result = load("""
                global
                    log name.invalid local0
                    log udp4@name.invalid:514 local0
                    log udp@/dev/log local0
                    log uxst@/dev/log local0
                """);
        assertThat(result.config()).isEmpty();
        assertThat(render(result)).contains(
                "test.cfg:2: ALERT: log : invalid address: 'name.invalid' in 'name.invalid'",
                "test.cfg:3: ALERT: log : invalid address: 'name.invalid' in 'udp4@name.invalid:514'",
                "test.cfg:4: ALERT: log : invalid address: '/dev/log' in 'udp@/dev/log'",
                "test.cfg:5: ALERT: log : stream log targets (TCP syslog through a ring) are not implemented yet"
                        + " by Bascule");
    }

    @Test
    void httplogInTcpModeFallsBackToTcplog() {
        LoadResult result = load("""
                global
                    log 127.0.0.1 local0
                defaults
                    timeout client 1s
                    timeout server 1s
                    timeout connect 1s
                frontend fe
                    mode tcp
                    log global
                    bind :8080
                    option httplog
                    default_backend be
                frontend silent
                    bind :8081
                    option tcplog
                    default_backend be
                backend be
                    server s 127.0.0.1:80
                """);
        // the first message is HAProxy 2.6's, word for word; the second HAProxy prints without a location
        assertThat(render(result)).isEqualTo("""
                test.cfg:11: WARNING: 'option httplog' not usable with frontend 'fe' (needs 'mode http'). Falling back to 'option tcplog'.
                test.cfg:13: WARNING: log format ignored for frontend 'silent' since it has no log address.""");
        assertThat(frontend(result.config().orElseThrow(), "fe").log().format()).isEqualTo(LogSettings.LineFormat.TCP);
    }

    private static FrontendConfig frontend(LbConfig config, String name) {
        return config.frontends().stream().filter(frontend -> frontend.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void backendTargetsAndLogHealthChecks() {
        LbConfig config = loadValid("""
                global
                    log 127.0.0.1 local0
                defaults
                    mode http
                    option log-health-checks
                    timeout client 1s
                    timeout server 1s
                    timeout connect 1s
                frontend www
                    bind :8080
                    default_backend app
                backend app
                    log 127.0.0.2:1514 daemon
                    log global
                    server s1 127.0.0.1:9000 check
                backend quiet
                    no option log-health-checks
                    server s1 127.0.0.1:9000 check
                backend again
                    no option log-health-checks
                    option log-health-checks
                    server s1 127.0.0.1:9000 check
                listen both
                    bind :8081
                    log 127.0.0.3 local1 notice
                    server s1 127.0.0.1:9000
                """);
        var app = config.backends().get(0).log();
        assertThat(app.healthChecks()).isTrue();
        assertThat(app.targets()).extracting(LogTarget::host, LogTarget::port, LogTarget::facility)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("127.0.0.2", 1514, 3),
                        org.assertj.core.groups.Tuple.tuple("127.0.0.1", 514, 16));
        assertThat(config.backends().get(1).log()).isEqualTo(dev.bascule.api.config.BackendLogConfig.NONE);
        assertThat(config.backends().get(2).log().healthChecks()).isTrue();
        var both = config.backends().get(3).log();
        assertThat(both.healthChecks()).isTrue();
        assertThat(both.targets()).extracting(LogTarget::host, LogTarget::level).containsExactly(
                org.assertj.core.groups.Tuple.tuple("127.0.0.3", 5));
    }

    /** As haproxy 2.6.12 -c: the frontend-only log options in a backend are warnings, and the file loads. */
    @Test
    void frontendLogOptionsInABackendAreWarnings() {
        LoadResult result = load("""
                defaults
                    mode tcp
                    timeout client 1s
                    timeout server 1s
                    timeout connect 1s
                frontend f
                    bind :8080
                    default_backend b
                backend b
                    option tcplog
                    option httplog clf
                    option dontlognull
                    no option logasap
                    option log-separate-errors
                    server s1 127.0.0.1:8000
                """);
        assertThat(render(result)).isEqualTo("""
                test.cfg:10: WARNING: backend 'b' : 'option tcplog' directive is ignored in backends.
                test.cfg:11: WARNING: backend 'b' : 'option httplog' directive is ignored in backends.
                test.cfg:12: WARNING: 'dontlognull' ignored because backend 'b' has no frontend capability.
                test.cfg:13: WARNING: 'logasap' ignored because backend 'b' has no frontend capability.
                test.cfg:14: WARNING: 'log-separate-errors' ignored because backend 'b' has no frontend capability.""");
        assertThat(result.config()).isPresent();
    }
}
