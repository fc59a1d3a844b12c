package dev.bascule.core.check;

import static dev.bascule.core.check.Fixtures.HERE;
import static dev.bascule.core.check.Fixtures.NO_CLIENT;
import static dev.bascule.core.check.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.config.ServerAddress;
import dev.bascule.api.config.ServerCheck;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ProxyRuntime;
import dev.bascule.core.runtime.ServerRuntime;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code slowstart}: once a checked server comes back UP (or leaves maintenance), its effective
 * weight follows HAProxy's server_recalc_eweight() every second,
 * {@code weight * (16 * elapsed + slowstart) / slowstart} sixteenths, until it is whole again.
 */
final class SlowStartTest {
    /** inter 1 s, rise 1, fall 1. */
    private static final ServerCheck CHECK = new ServerCheck(true, Duration.ofSeconds(1), Optional.empty(),
            Optional.empty(), 1, 1, OptionalInt.empty(), Optional.empty());

    private static ServerConfig server(String name, int weight, long slowStartSeconds) {
        return new ServerConfig(name, new ServerAddress("127.0.0.1", 1), weight, Optional.empty(), HERE, CHECK, false,
                -1, Duration.ofSeconds(slowStartSeconds), false, 0);
    }

    /** The effective weight (in sixteenths) and the backend's, each second from {@code from} to {@code to}. */
    private static List<String> weights(FakeTimer timer, ServerRuntime server, BackendRuntime backend, long from,
                                        long to) {
        List<String> seen = new ArrayList<>();
        for (long time = from; time <= to; time += 1000) {
            timer.advanceTo(time);
            seen.add(server.scaledWeight() + "/" + backend.totalScaledWeight());
        }
        return seen;
    }

    @Test
    void theWeightRampsUpEverySecondAfterTheServerComesBackUp() {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        ProxyRuntime runtime = runtime(check, List.of(server("s1", 100, 10), server("s2", 1, 0)));
        BackendRuntime backend = runtime.backends().get(0);
        ServerRuntime s1 = backend.servers().get(0);
        new HealthCheckScheduler(runtime, NO_CLIENT, new Fixtures.RecordingLog(), timer).start();

        timer.advanceTo(0);
        // at start-up the server has its whole weight: slowstart only follows a failure
        assertThat(s1.scaledWeight()).isEqualTo(1600);
        assertThat(s1.warmingUp()).isFalse();
        check.set("s1", CheckStatus.L4CON);
        timer.advanceTo(1000);
        assertThat(s1.isUp()).isFalse();
        check.set("s1", CheckStatus.L4OK);
        // UP at 2000: 1/16, then (16 * elapsed + 10) / 10 sixteenths of 100 each second, whole after 10 s
        assertThat(weights(timer, s1, backend, 2000, 13_000)).containsExactly(
                "100/116", "200/216", "400/416", "500/516", "700/716", "900/916", "1000/1016", "1200/1216",
                "1300/1316", "1500/1516", "1600/1616", "1600/1616");
        assertThat(s1.warmingUp()).isFalse();
        assertThat(s1.throttlePercent()).isEqualTo(100);
    }

    @Test
    void theStatisticsShowTheWeightRoundedUpAndTheThrottle() {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        ProxyRuntime runtime = runtime(check, List.of(server("s1", 100, 10)));
        BackendRuntime backend = runtime.backends().get(0);
        ServerRuntime s1 = backend.servers().get(0);
        new HealthCheckScheduler(runtime, NO_CLIENT, new Fixtures.RecordingLog(), timer).start();
        check.set("s1", CheckStatus.L4CON);
        timer.advanceTo(0);
        check.set("s1", CheckStatus.L4OK);
        timer.advanceTo(1000);
        assertThat(s1.warmingUp()).isTrue();
        // eweight 100 of 1600: HAProxy's stats say weight 7 (rounded up), and server_throttle_rate()
        // (100 * 100 + 15) / (16 * 100) = 6 %
        assertThat((s1.scaledWeight() + 15) / 16).isEqualTo(7);
        assertThat(s1.throttlePercent()).isEqualTo(6);
        assertThat(s1.weight()).as("uweight").isEqualTo(100);
    }

    @Test
    void goingDownStopsTheRampAndTheNextUpStartsAnother() {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        ProxyRuntime runtime = runtime(check, List.of(server("s1", 16, 4)));
        BackendRuntime backend = runtime.backends().get(0);
        ServerRuntime s1 = backend.servers().get(0);
        new HealthCheckScheduler(runtime, NO_CLIENT, new Fixtures.RecordingLog(), timer).start();
        check.set("s1", CheckStatus.L4CON);
        timer.advanceTo(0);
        check.set("s1", CheckStatus.L4OK);
        timer.advanceTo(1000);
        timer.advanceTo(2000);
        assertThat(s1.scaledWeight()).isEqualTo(16 * 5);
        check.set("s1", CheckStatus.L4CON);
        timer.advanceTo(3000);
        assertThat(s1.isUp()).isFalse();
        check.set("s1", CheckStatus.L4OK);
        timer.advanceTo(4000);
        // a new ramp from the first step, one tick chain only: (16 * 1 + 4) / 4 = 5 a second later
        assertThat(s1.scaledWeight()).isEqualTo(16);
        timer.advanceTo(5000);
        assertThat(s1.scaledWeight()).isEqualTo(16 * 5);
        timer.advanceTo(8000);
        assertThat(s1.scaledWeight()).isEqualTo(256);
        assertThat(s1.warmingUp()).isFalse();
    }

    @Test
    void leavingMaintenanceWarmsUpToo() {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        ProxyRuntime runtime = runtime(check, List.of(server("s1", 10, 2)));
        BackendRuntime backend = runtime.backends().get(0);
        ServerRuntime s1 = backend.servers().get(0);
        new HealthCheckScheduler(runtime, NO_CLIENT, new Fixtures.RecordingLog(), timer).start();
        timer.advanceTo(0);
        ServerAdmin.control(backend).disable(s1);
        timer.advanceTo(500);
        ServerAdmin.control(backend).enable(s1);
        timer.advanceTo(1000);
        assertThat(s1.scaledWeight()).isEqualTo(10);
        timer.advanceTo(1500);
        assertThat(s1.scaledWeight()).isEqualTo(10 * 9);
        timer.advanceTo(2500);
        assertThat(s1.scaledWeight()).isEqualTo(160);
    }

    @Test
    void withoutSlowstartTheWeightIsWholeAtOnce() {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        ProxyRuntime runtime = runtime(check, List.of(server("s1", 3, 0)));
        ServerRuntime s1 = runtime.backends().get(0).servers().get(0);
        new HealthCheckScheduler(runtime, NO_CLIENT, new Fixtures.RecordingLog(), timer).start();
        check.set("s1", CheckStatus.L4CON);
        timer.advanceTo(0);
        check.set("s1", CheckStatus.L4OK);
        timer.advanceTo(1000);
        assertThat(s1.isUp()).isTrue();
        assertThat(s1.scaledWeight()).isEqualTo(48);
        assertThat(s1.warmingUp()).isFalse();
    }
}
