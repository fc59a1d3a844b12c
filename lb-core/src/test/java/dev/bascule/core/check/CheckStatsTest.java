package dev.bascule.core.check;

import static dev.bascule.core.check.Fixtures.NO_CLIENT;
import static dev.bascule.core.check.Fixtures.runtime;
import static dev.bascule.core.check.Fixtures.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.config.ServerCheck;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.StatsPage;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ProxyRuntime;
import dev.bascule.core.runtime.ServerRuntime;
import dev.bascule.core.stats.StatsReport;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** What the health checks leave on the statistics page: HAProxy 2.6's check columns and server status. */
final class CheckStatsTest {
    private static final ServerCheck CHECK = new ServerCheck(true, Duration.ofMillis(1000), Optional.empty(),
            Optional.empty(), 2, 3, OptionalInt.empty(), Optional.empty());
    static final StatsPage PAGE = new StatsPage("/stats", Optional.empty(), false, false, Optional.empty(),
            Optional.empty(), List.of(), new SourceLocation("test.cfg", 1));
    private static final List<String> FIELDS = Arrays.asList(StatsReport.CSV_HEADER.substring(2).split(",", -1));

    private static String field(String csv, String server, String name) {
        return csv.lines().filter(line -> line.startsWith("b," + server + ",")).findFirst()
                .map(line -> line.split(",", -1)[FIELDS.indexOf(name)]).orElseThrow();
    }

    @Test
    void checkColumnsFollowTheChecks() {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        ProxyRuntime runtime = runtime(check, List.of(server("s1", 1, CHECK, false),
                server("s2", 2, ServerCheck.disabled(), true)));
        BackendRuntime backend = runtime.backends().get(0);
        StatsReport report = new StatsReport(List.of(new StatsReport.Proxy("b", 2, null, backend)),
                OptionalInt.empty());
        StatsReport.Options options = StatsReport.Options.parse("/stats;csv", 6);
        new HealthCheckScheduler(runtime, NO_CLIENT, new Fixtures.RecordingLog(), timer).start();

        // before the first check: UP one failure from DOWN (health = rise), as HAProxy starts them
        String csv = report.csv(PAGE, "b", options, System.currentTimeMillis());
        assertThat(csv).startsWith(StatsReport.CSV_HEADER);
        assertThat(field(csv, "s1", "status")).isEqualTo("UP 1/3");
        assertThat(field(csv, "s1", "check_status")).isEqualTo("INI");
        assertThat(field(csv, "s1", "check_desc")).isEqualTo("Initializing");
        assertThat(field(csv, "s2", "status")).isEqualTo("no check");
        assertThat(field(csv, "s2", "check_status")).isEmpty();
        assertThat(field(csv, "s2", "chkfail")).isEmpty();
        assertThat(field(csv, "s2", "bck")).isEqualTo("1");

        timer.advanceTo(0);      // success: fully up
        csv = report.csv(PAGE, "b", options, System.currentTimeMillis());
        assertThat(field(csv, "s1", "status")).isEqualTo("UP");
        assertThat(field(csv, "s1", "check_status")).isEqualTo("L4OK");
        assertThat(field(csv, "s1", "check_desc")).isEqualTo("Layer4 check passed");
        assertThat(field(csv, "s1", "check_health")).isEqualTo("4");
        assertThat(field(csv, "s1", "check_rise") + "/" + field(csv, "s1", "check_fall")).isEqualTo("2/3");

        check.set("s1", CheckStatus.L4CON);
        timer.advanceTo(1000);   // first failure: still UP, going down
        csv = report.csv(PAGE, "b", options, System.currentTimeMillis());
        assertThat(field(csv, "s1", "status")).isEqualTo("UP 2/3");
        assertThat(field(csv, "s1", "chkfail")).isEqualTo("1");
        assertThat(field(csv, "s1", "last_chk")).isEqualTo("Connection refused");
        timer.advanceTo(5000);   // DOWN; further failures at 0 health are not counted (haproxy 2.6.12)
        ServerRuntime s1 = backend.servers().get(0);
        assertThat(s1.isUp()).isFalse();
        csv = report.csv(PAGE, "b", options, System.currentTimeMillis());
        assertThat(field(csv, "s1", "status")).isEqualTo("DOWN");
        assertThat(field(csv, "s1", "chkfail")).isEqualTo("3");
        assertThat(field(csv, "s1", "chkdown")).isEqualTo("1");
        assertThat(field(csv, "s1", "check_status")).isEqualTo("L4CON");
        // the backup takes over: the backend stays UP with its weight (1)
        assertThat(field(csv, "BACKEND", "status")).isEqualTo("UP");
        assertThat(field(csv, "BACKEND", "act")).isEqualTo("0");
        assertThat(field(csv, "BACKEND", "bck")).isEqualTo("1");
        assertThat(field(csv, "BACKEND", "weight")).isEqualTo("1");

        check.set("s1", CheckStatus.L4OK);
        timer.advanceTo(6000);   // one success of two: DOWN, going up
        csv = report.csv(PAGE, "b", options, System.currentTimeMillis());
        assertThat(field(csv, "s1", "status")).isEqualTo("DOWN 1/2");
        // ;up leaves out the servers that are DOWN and not changing state: s1 is changing
        assertThat(report.csv(PAGE, "b", StatsReport.Options.parse("/stats;csv;up", 6), System.currentTimeMillis()))
                .contains("\nb,s1,").contains("\nb,BACKEND,");
    }

    @Test
    void optionsAreReadAfterThePrefixAsHaproxyReadsThem() {
        StatsReport.Options options = StatsReport.Options.parse("/haproxy?stats;csv;norefresh;up", 14);
        assertThat(options.csv()).isTrue();
        assertThat(options.noRefresh()).isTrue();
        assertThat(options.hideDown()).isTrue();
        assertThat(options.scope()).isEmpty();
        assertThat(StatsReport.Options.parse("/haproxy?stats", 14).csv()).isFalse();
        // the options are looked for after the prefix only
        assertThat(StatsReport.Options.parse("/s;csv", 6).csv()).isFalse();
        assertThat(StatsReport.Options.parse("/stats;scope=Back-1;csv", 6).scope()).isEqualTo("Back-1");
        // a scope with an invalid character is dropped; one too short to be read as well
        assertThat(StatsReport.Options.parse("/stats;scope=a<b;csv", 6).scope()).isEmpty();
        assertThat(StatsReport.Options.parse("/stats;scope=", 6).scope()).isEmpty();
    }
}
