package dev.bascule.core.check;

import static dev.bascule.core.check.Fixtures.HERE;
import static dev.bascule.core.check.Fixtures.NO_CLIENT;
import static dev.bascule.core.check.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.config.ServerAddress;
import dev.bascule.api.config.ServerCheck;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.config.ServerReactions;
import dev.bascule.api.config.ServerReactions.Observe;
import dev.bascule.api.config.ServerReactions.OnError;
import dev.bascule.api.config.ServerResolution;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ProxyRuntime;
import dev.bascule.core.runtime.ServerRuntime;
import dev.bascule.core.runtime.ServerSession;
import dev.bascule.core.runtime.TrafficObserver.Outcome;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** HAProxy's reactions to health: on-marked-down, on-marked-up, observe with error-limit and on-error. */
final class ServerReactionsTest {
    /** inter 1s, fastinter 100ms, rise 2, fall 3. */
    private static final ServerCheck CHECK = new ServerCheck(true, Duration.ofSeconds(1),
            Optional.of(Duration.ofMillis(100)), Optional.empty(), 2, 3, OptionalInt.empty(), Optional.empty());

    private static ServerConfig server(String name, int port, boolean backup, ServerReactions reactions) {
        return new ServerConfig(name, new ServerAddress("127.0.0.1", port), 1, Optional.empty(), HERE, CHECK, backup,
                -1, ServerResolution.DEFAULT, 0, 0, 0, Duration.ZERO, false, 0, reactions);
    }

    private static ServerReactions observing(Observe observe, int limit, OnError onError) {
        return new ServerReactions(false, false, observe, limit, onError);
    }

    /** A session that records the causes it was closed with. */
    private static final class RecordingSession implements ServerSession {
        final List<Character> causes = new ArrayList<>();

        @Override
        public void shutdown(char cause) {
            causes.add(cause);
        }
    }

    @Test
    void onMarkedDownClosesTheSessionsOfTheServerThatWentDown() {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        ServerReactions shutdown = new ServerReactions(true, false, Observe.NONE, 10, OnError.FAIL_CHECK);
        ProxyRuntime runtime = runtime(check, List.of(server("s1", 1, false, shutdown),
                server("s2", 2, false, ServerReactions.DEFAULT)));
        ServerRuntime s1 = runtime.backends().get(0).servers().get(0);
        ServerRuntime s2 = runtime.backends().get(0).servers().get(1);
        assertThat(s1.sessions().tracked()).isTrue();
        assertThat(s2.sessions().tracked()).as("nothing kept without the option").isFalse();
        RecordingSession kept = new RecordingSession();
        RecordingSession gone = new RecordingSession();
        s1.sessions().add(kept);
        s1.sessions().add(gone);
        s1.sessions().remove(gone);
        new HealthCheckScheduler(runtime, NO_CLIENT, new Fixtures.RecordingLog(), timer).start();

        timer.advanceTo(0);
        assertThat(kept.causes).isEmpty();
        check.set("s1", CheckStatus.L4CON);
        timer.advanceTo(1000);
        timer.advanceTo(1100);
        assertThat(s1.isUp()).isTrue();
        assertThat(kept.causes).isEmpty();
        timer.advanceTo(1200);
        assertThat(s1.isUp()).isFalse();
        assertThat(kept.causes).containsExactly('D');
        assertThat(gone.causes).isEmpty();
    }

    /** HAProxy closes them too when a running server enters maintenance ({@code disable server}). */
    @Test
    void onMarkedDownClosesTheSessionsWhenARunningServerEntersMaintenance() {
        ServerReactions shutdown = new ServerReactions(true, false, Observe.NONE, 10, OnError.FAIL_CHECK);
        ProxyRuntime runtime = runtime(new Fixtures.ScriptedCheck(new FakeTimer()),
                List.of(server("s1", 1, false, shutdown), server("s2", 2, false, shutdown)));
        BackendRuntime backend = runtime.backends().get(0);
        RecordingSession session = new RecordingSession();
        backend.servers().get(0).sessions().add(session);
        ServerAdmin.disable(backend, backend.servers().get(0), EventLog.NONE, null);
        assertThat(session.causes).containsExactly('D');
        ServerAdmin.disable(backend, backend.servers().get(0), EventLog.NONE, null);
        assertThat(session.causes).as("already in maintenance").containsExactly('D');
    }

    @Test
    void onMarkedUpClosesTheBackupServersSessions() {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        ServerReactions closeBackups = new ServerReactions(false, true, Observe.NONE, 10, OnError.FAIL_CHECK);
        ProxyRuntime runtime = runtime(check, List.of(server("active", 1, false, closeBackups),
                server("spare", 2, true, ServerReactions.DEFAULT)));
        BackendRuntime backend = runtime.backends().get(0);
        ServerRuntime spare = backend.servers().get(1);
        assertThat(backend.servers().get(0).sessions().tracked()).isFalse();
        assertThat(spare.sessions().tracked()).isTrue();
        RecordingSession onSpare = new RecordingSession();
        spare.sessions().add(onSpare);
        check.set("active", CheckStatus.L4CON);
        new HealthCheckScheduler(runtime, NO_CLIENT, new Fixtures.RecordingLog(), timer).start();
        timer.advanceTo(0);
        assertThat(backend.servers().get(0).isUp()).isFalse();
        assertThat(onSpare.causes).as("going DOWN closes nothing here").isEmpty();

        check.set("active", CheckStatus.L7OK);
        timer.advanceTo(10_000);
        assertThat(backend.servers().get(0).isUp()).isTrue();
        assertThat(onSpare.causes).containsExactly('U');
    }

    @Test
    void layer7ErrorsUpToTheLimitMarkTheServerDown() {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        ProxyRuntime runtime = runtime(check, List.of(server("s1", 1, false, observing(Observe.LAYER7, 3,
                OnError.MARK_DOWN)), server("s2", 2, false, ServerReactions.DEFAULT)));
        ServerRuntime s1 = runtime.backends().get(0).servers().get(0);
        Fixtures.RecordingLog log = new Fixtures.RecordingLog();
        new HealthCheckScheduler(runtime, NO_CLIENT, log, timer).start();
        timer.advanceTo(0);

        s1.observer().report(Outcome.ofStatus(500));
        s1.observer().report(Outcome.ofStatus(503));
        s1.observer().report(Outcome.ofStatus(200));
        s1.observer().report(Outcome.ofStatus(501));
        s1.observer().report(Outcome.ofStatus(505));
        s1.observer().report(Outcome.L4_OK);
        s1.observer().report(Outcome.ofStatus(502));
        s1.observer().report(Outcome.HTTP_BROKEN_PIPE);
        timer.advanceTo(1);
        assertThat(s1.isUp()).as("a good response cleared the count").isTrue();
        s1.observer().report(Outcome.ofStatus(500));
        timer.advanceTo(2);
        assertThat(s1.isUp()).isFalse();
        assertThat(log.events).containsExactly("[WARNING] Server b/s1 is DOWN, reason: Health analyze, info:"
                + " \"Detected 3 consecutive errors, last one was: Wrong http response\". 1 active and 0 backup"
                + " servers left. 0 sessions active, 0 requeued, 0 remaining in queue.");
        assertThat(s1.counters().failedHanas()).isEqualTo(1);
    }

    @Test
    void layer4CountsConnectionErrorsOnly() {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        ProxyRuntime runtime = runtime(check, List.of(server("s1", 1, false, observing(Observe.LAYER4, 2,
                OnError.MARK_DOWN))));
        ServerRuntime s1 = runtime.backends().get(0).servers().get(0);
        new HealthCheckScheduler(runtime, NO_CLIENT, new Fixtures.RecordingLog(), timer).start();
        timer.advanceTo(0);
        s1.observer().report(Outcome.ofStatus(500));
        s1.observer().report(Outcome.HTTP_READ_TIMEOUT);
        s1.observer().report(Outcome.L4_ERR);
        s1.observer().report(Outcome.L4_OK);
        s1.observer().report(Outcome.L4_ERR);
        timer.advanceTo(1);
        assertThat(s1.isUp()).isTrue();
        s1.observer().report(Outcome.L4_ERR);
        timer.advanceTo(2);
        assertThat(s1.isUp()).isFalse();
    }

    @Test
    void failCheckCountsOneFailedCheckAndSuddenDeathLeavesOneMore() {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        ProxyRuntime runtime = runtime(check, List.of(
                server("fail", 1, false, observing(Observe.LAYER7, 1, OnError.FAIL_CHECK)),
                server("sudden", 2, false, observing(Observe.LAYER7, 1, OnError.SUDDEN_DEATH))));
        ServerRuntime fail = runtime.backends().get(0).servers().get(0);
        ServerRuntime sudden = runtime.backends().get(0).servers().get(1);
        new HealthCheckScheduler(runtime, NO_CLIENT, new Fixtures.RecordingLog(), timer).start();
        timer.advanceTo(600);
        // fully up: health rise + fall - 1 = 4
        assertThat(fail.checkHealth()).isEqualTo(4);
        fail.observer().report(Outcome.HTTP_STS);
        sudden.observer().report(Outcome.HTTP_STS);
        timer.advanceTo(601);
        assertThat(fail.checkHealth()).isEqualTo(3);
        assertThat(sudden.checkHealth()).as("rise + 1, then one failure").isEqualTo(2);
        assertThat(sudden.isUp()).isTrue();
        check.set("sudden", CheckStatus.L4CON);
        // fastinter brought the next probe forward: it fails and takes the server down
        timer.advanceTo(701);
        assertThat(sudden.isUp()).isFalse();
        assertThat(fail.isUp()).isTrue();
    }

    @Test
    void fastinterOnlyBringsTheNextProbeForward() {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        ProxyRuntime runtime = runtime(check, List.of(server("s1", 1, false, observing(Observe.LAYER7, 1,
                OnError.FASTINTER))));
        ServerRuntime s1 = runtime.backends().get(0).servers().get(0);
        new HealthCheckScheduler(runtime, NO_CLIENT, new Fixtures.RecordingLog(), timer).start();
        timer.advanceTo(500);
        s1.observer().report(Outcome.HTTP_STS);
        timer.advanceTo(700);
        assertThat(s1.checkHealth()).isEqualTo(4);
        assertThat(check.probes).containsExactly("0 s1", "600 s1");
    }

    @Test
    void withoutCheckTrafficErrorsDoNothing() {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        ServerConfig unchecked = new ServerConfig("s1", new ServerAddress("127.0.0.1", 1), 1, Optional.empty(), HERE,
                ServerCheck.disabled(), false, -1, ServerResolution.DEFAULT, 0, 0, 0, Duration.ZERO, false, 0,
                observing(Observe.LAYER7, 1, OnError.MARK_DOWN));
        ProxyRuntime runtime = runtime(check, List.of(unchecked));
        ServerRuntime s1 = runtime.backends().get(0).servers().get(0);
        new HealthCheckScheduler(runtime, NO_CLIENT, new Fixtures.RecordingLog(), timer).start();
        s1.observer().report(Outcome.HTTP_STS);
        timer.advanceTo(10);
        assertThat(s1.isUp()).isTrue();
    }
}
