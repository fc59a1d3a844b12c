package dev.bascule.core.check;

import static dev.bascule.core.check.Fixtures.NO_CLIENT;
import static dev.bascule.core.check.Fixtures.runtime;
import static dev.bascule.core.check.Fixtures.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.check.HealthCheck;
import dev.bascule.api.check.HealthCheckFactory;
import dev.bascule.api.config.ServerCheck;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ProxyRuntime;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

final class HealthCheckSchedulerTest {
    private static ServerCheck check(long inter, long fastInter, long downInter, int rise, int fall) {
        return new ServerCheck(true, Duration.ofMillis(inter), Optional.of(Duration.ofMillis(fastInter)),
                Optional.of(Duration.ofMillis(downInter)), rise, fall, OptionalInt.empty(), Optional.empty());
    }

    private static final ServerCheck DEFAULT = new ServerCheck(true, ServerCheck.DEFAULT_INTER, Optional.empty(),
            Optional.empty(), ServerCheck.DEFAULT_RISE, ServerCheck.DEFAULT_FALL, OptionalInt.empty(), Optional.empty());

    @Test
    void aServerStartsUpAndItsFirstFailedCheckTakesItDown() {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        check.set("s1", CheckStatus.L4CON);
        ProxyRuntime runtime = runtime(check, List.of(server("s1", 1, DEFAULT, false), server("s2", 2, DEFAULT, false)));
        BackendRuntime backend = runtime.backends().get(0);
        Fixtures.RecordingLog log = new Fixtures.RecordingLog();
        new HealthCheckScheduler(runtime, NO_CLIENT, log, timer).start();

        assertThat(backend.pick(null).name()).isEqualTo("s1");
        timer.advanceTo(0);
        assertThat(log.events).containsExactly("[WARNING] Server b/s1 is DOWN, reason: Layer4 connection problem,"
                + " info: \"Connection refused\", check duration: 0ms. 1 active and 0 backup servers left. 0 sessions"
                + " active, 0 requeued, 0 remaining in queue.");
        assertThat(backend.servers().get(0).isUp()).isFalse();
        assertThat(backend.pick(null).name()).as("the picker no longer has s1").isEqualTo("s2");
    }

    /**
     * An admin change waits for the control thread, yet the next caller reads the state it leads
     * to: the stats page's {@code disable} right after {@code maint} finds the server in maintenance.
     */
    @Test
    void aQueuedAdminChangeIsWhatTheNextCallerReads() {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        ProxyRuntime runtime = runtime(check, List.of(server("s1", 1, DEFAULT, false)));
        BackendRuntime backend = runtime.backends().get(0);
        new HealthCheckScheduler(runtime, NO_CLIENT, new Fixtures.RecordingLog(), timer).start();
        var s1 = backend.servers().get(0);
        var control = backend.control();

        control.disable(s1);
        control.drain(s1);
        assertThat(s1.maintenance()).as("not made yet").isFalse();
        assertThat(control.inMaintenance(s1)).isTrue();
        assertThat(control.draining(s1)).isTrue();
        control.enable(s1);
        assertThat(control.inMaintenance(s1)).as("the last change asked for").isFalse();
        timer.advanceTo(0);
        assertThat(s1.maintenance()).isFalse();
        assertThat(s1.drain()).isTrue();
        assertThat(control.inMaintenance(s1)).isFalse();
        assertThat(control.draining(s1)).isTrue();
        control.undrain(s1);
        timer.advanceTo(1);
        assertThat(control.draining(s1)).isFalse();
        assertThat(s1.drain()).isFalse();
    }

    @Test
    void fullyUpItTakesFallFailuresAtFastinterThenDowninterThenRiseSuccesses() {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        ProxyRuntime runtime = runtime(check, List.of(server("s1", 1, check(2000, 500, 5000, 2, 3), false)));
        Fixtures.RecordingLog log = new Fixtures.RecordingLog();
        new HealthCheckScheduler(runtime, NO_CLIENT, log, timer).start();

        timer.advanceTo(0);      // success: health rise -> rise + fall - 1, fully up, next at inter
        timer.advanceTo(1999);
        assertThat(check.probes).containsExactly("0 s1");
        check.set("s1", CheckStatus.L4CON);
        timer.advanceTo(2000);   // first failure: still UP, transitioning -> fastinter
        timer.advanceTo(2500);   // second failure
        assertThat(log.events).isEmpty();
        timer.advanceTo(3000);   // third failure = fall: DOWN, then downinter
        assertThat(log.events).containsExactly("[WARNING] Server b/s1 is DOWN, reason: Layer4 connection problem,"
                + " info: \"Connection refused\", check duration: 0ms. 0 active and 0 backup servers left. 0 sessions"
                + " active, 0 requeued, 0 remaining in queue.", "[ALERT] backend 'b' has no server available!");
        check.set("s1", CheckStatus.L7OK);
        timer.advanceTo(8000);   // first success after downinter: transitioning -> fastinter
        timer.advanceTo(8500);   // second success = rise: UP, then inter
        timer.advanceTo(10_500);
        assertThat(check.probes).containsExactly("0 s1", "2000 s1", "2500 s1", "3000 s1", "8000 s1", "8500 s1",
                "10500 s1");
        assertThat(log.events).hasSize(3).last().isEqualTo("[WARNING] Server b/s1 is UP, reason: Layer7 check passed,"
                + " check duration: 0ms. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.");
        assertThat(runtime.backends().get(0).servers().get(0).isUp()).isTrue();
    }

    @Test
    void theFirstChecksAreSpreadOverTheInterval() {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        ServerCheck settled = check(2000, 2000, 2000, 1, 1);
        ProxyRuntime runtime = runtime(check, List.of(server("a", 1, settled, false), server("b", 2, settled, false),
                server("c", 3, settled, false), server("d", 4, settled, false)));
        new HealthCheckScheduler(runtime, NO_CLIENT, new Fixtures.RecordingLog(), timer).start();
        timer.advanceTo(2000);
        assertThat(check.probes).containsExactly("0 a", "500 b", "1000 c", "1500 d", "2000 a");
    }

    /** {@code spread-checks 10}: each next probe at inter ± 10 %, drawn for each probe. */
    @Test
    void spreadChecksRandomisesEachNextProbe() {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        ProxyRuntime runtime = runtime(check, List.of(server("a", 1, check(2000, 2000, 2000, 1, 1), false)));
        double[] draws = {0.0, 1.0, 0.5, 0.25};
        int[] next = {0};
        new HealthCheckScheduler(runtime, NO_CLIENT, new Fixtures.RecordingLog(), timer, 10,
                () -> draws[next[0]++ % draws.length]).start();
        timer.advanceTo(10_000);
        // 2000 + 200, 2000 - 200, 2000 + 0, 2000 + 100
        assertThat(check.probes).containsExactly("0 a", "2200 a", "4000 a", "6000 a", "8100 a");
    }

    @Test
    void withoutSpreadChecksTheIntervalIsExact() {
        HealthCheckScheduler scheduler = new HealthCheckScheduler(runtime(new Fixtures.ScriptedCheck(new FakeTimer()),
                List.of()), NO_CLIENT, new Fixtures.RecordingLog(), new FakeTimer(), 0, () -> {
                    throw new AssertionError("no draw without spread-checks");
                });
        assertThat(scheduler.nextDelay(2000)).isEqualTo(2000);
    }

    @Test
    void theFirstBackupServesOnlyWhenNoActiveServerIsUp() {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        ServerCheck quick = check(1000, 1000, 1000, 1, 1);
        ProxyRuntime runtime = runtime(check, List.of(server("active", 1, quick, false),
                server("spare1", 2, quick, true), server("spare2", 3, quick, true)));
        BackendRuntime backend = runtime.backends().get(0);
        Fixtures.RecordingLog log = new Fixtures.RecordingLog();
        new HealthCheckScheduler(runtime, NO_CLIENT, log, timer).start();
        timer.advanceTo(999);
        assertThat(backend.pick(null).name()).isEqualTo("active");

        check.set("active", CheckStatus.L7STS);
        timer.advanceTo(1000);
        assertThat(log.events).containsExactly("[WARNING] Server b/active is DOWN, reason: Layer7 wrong status, check"
                + " duration: 0ms. 0 active and 2 backup servers left. Running on backup. 0 sessions active, 0 requeued,"
                + " 0 remaining in queue.");
        assertThat(backend.pick(null).name()).isEqualTo("spare1");

        check.set("spare1", CheckStatus.L4CON);
        check.set("spare2", CheckStatus.L4CON);
        timer.advanceTo(2000);
        assertThat(log.events).contains("[WARNING] Backup Server b/spare2 is DOWN, reason: Layer4 connection problem,"
                + " info: \"Connection refused\", check duration: 0ms. 0 active and 0 backup servers left. 0 sessions"
                + " active, 0 requeued, 0 remaining in queue.", "[ALERT] backend 'b' has no server available!");
        assertThat(backend.pick(null)).isNull();

        check.set("active", CheckStatus.L4OK);
        timer.advanceTo(3000);
        assertThat(backend.pick(null).name()).isEqualTo("active");
    }

    @Test
    void aProbeThatNeverAnswersTimesOutAfterInter() {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        check.set("s1", null);
        ProxyRuntime runtime = runtime(check, List.of(server("s1", 1, DEFAULT, false)));
        Fixtures.RecordingLog log = new Fixtures.RecordingLog();
        new HealthCheckScheduler(runtime, NO_CLIENT, log, timer).start();
        timer.advanceTo(1999);
        assertThat(log.events).isEmpty();
        timer.advanceTo(2000);
        assertThat(log.events).first().isEqualTo("[WARNING] Server b/s1 is DOWN, reason: Layer4 timeout, check"
                + " duration: 2000ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in"
                + " queue.");
    }

    /** A check that says where it stands (tcp-check) gets its words on a timeout, not the default's. */
    @Test
    void aTimeoutReportsWhatTheCheckSaidItWaitedFor() {
        FakeTimer timer = new FakeTimer();
        CheckResult waiting = new CheckResult(CheckStatus.L7TOUT,
                " at step 5 of tcp-check (expect string 'role:master')");
        HealthCheckFactory factory = new HealthCheckFactory() {
            @Override
            public String name() {
                return "waiting";
            }

            @Override
            public HealthCheck create(List<String> arguments) {
                return (target, context) -> {
                    context.timeoutResult(waiting);
                    return new CompletableFuture<>();
                };
            }
        };
        ProxyRuntime runtime = runtime(factory, List.of(server("s1", 1, DEFAULT, false)));
        Fixtures.RecordingLog log = new Fixtures.RecordingLog();
        new HealthCheckScheduler(runtime, NO_CLIENT, log, timer).start();
        timer.advanceTo(2000);
        assertThat(log.events).first().isEqualTo("[WARNING] Server b/s1 is DOWN, reason: Layer7 timeout, info: \""
                + " at step 5 of tcp-check (expect string 'role:master')\", check duration: 2000ms. 0 active and 0"
                + " backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.");
    }

    @Test
    void closingStopsTheChecks() {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        ProxyRuntime runtime = runtime(check, List.of(server("s1", 1, DEFAULT, false)));
        HealthCheckScheduler scheduler = new HealthCheckScheduler(runtime, NO_CLIENT, new Fixtures.RecordingLog(), timer);
        scheduler.start();
        timer.advanceTo(0);
        scheduler.close();
        timer.advanceTo(60_000);
        assertThat(check.probes).containsExactly("0 s1");
    }
}
