package dev.bascule.core.check;

import static dev.bascule.core.check.Fixtures.NO_CLIENT;
import static dev.bascule.core.check.Fixtures.runtime;
import static dev.bascule.core.check.Fixtures.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.check.CheckTarget;
import dev.bascule.api.check.HealthCheck;
import dev.bascule.api.check.HealthCheckFactory;
import dev.bascule.api.check.ProbeContext;
import dev.bascule.api.config.BackendLogConfig;
import dev.bascule.api.config.ServerCheck;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ProxyRuntime;
import dev.bascule.core.runtime.ServerRuntime;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code http-check disable-on-404} as HAProxy 2.6's {@code check_notify_stopping()}: a 404 from an
 * UP server makes it stop (NOLB: out of the picker, still UP), a check that passes brings it
 * back, and a 404 from a DOWN server is the failure it always was.
 */
final class DisableOn404Test {
    private static final ServerCheck CHECK = new ServerCheck(true, Duration.ofMillis(1000), Optional.empty(),
            Optional.empty(), 2, 3, OptionalInt.empty(), Optional.empty());

    /** s1 answers what {@link #next} says (HTTP code, 0 for a refused connection), s2 always 200. */
    private static final class Answers implements HealthCheck, HealthCheckFactory {
        volatile int next = 200;

        @Override
        public String name() {
            return "answers";
        }

        @Override
        public HealthCheck create(List<String> arguments) {
            return this;
        }

        @Override
        public CompletionStage<CheckResult> check(CheckTarget target, ProbeContext context) {
            int code = target.serverName().equals("s1") ? next : 200;
            CheckResult result = code == 0 ? new CheckResult(CheckStatus.L4CON, "Connection refused")
                    : code < 400 ? new CheckResult(CheckStatus.L7OK, "", code)
                    : new CheckResult(CheckStatus.L7STS, "Not Found", code);
            return CompletableFuture.completedFuture(result);
        }
    }

    @Test
    void a404StopsAnUpServerAndAPassingCheckBringsItBack() {
        FakeTimer timer = new FakeTimer();
        Answers answers = new Answers();
        answers.next = 404;
        ProxyRuntime runtime = runtime(answers, List.of(server("s1", 1, CHECK, false), server("s2", 2, CHECK, false)),
                BackendLogConfig.NONE, true);
        BackendRuntime backend = runtime.backends().get(0);
        ServerRuntime s1 = backend.servers().get(0);
        Fixtures.RecordingLog log = new Fixtures.RecordingLog();
        new HealthCheckScheduler(runtime, NO_CLIENT, log, timer).start();

        timer.advanceTo(0);
        assertThat(log.events).containsExactly("[WARNING] Server b/s1 is stopping, reason: Layer7 check"
                + " conditionally passed, code: 404, check duration: 0ms. 1 active and 0 backup servers online."
                + " 0 sessions requeued, 0 total in queue.");
        assertThat(s1.isUp()).isTrue();
        assertThat(s1.stopping()).isTrue();
        assertThat(s1.lastCheck().result()).isEqualTo(new CheckResult(CheckStatus.L7OKC, "", 404));
        assertThat(backend.pick(null).name()).as("no load-balanced traffic").isEqualTo("s2");

        answers.next = 200;
        timer.advanceTo(3000);
        assertThat(log.events).hasSize(2).last().isEqualTo("[WARNING] Server b/s1 is UP, reason: Layer7 check"
                + " passed, code: 200, check duration: 0ms. 2 active and 0 backup servers online. 0 sessions"
                + " requeued, 0 total in queue.");
        assertThat(s1.stopping()).isFalse();
        assertThat(backend.pick(null).name()).isEqualTo("s1");
    }

    @Test
    void a404FromADownServerIsAFailureAndWithoutTheOptionToo() {
        FakeTimer timer = new FakeTimer();
        Answers answers = new Answers();
        answers.next = 0;
        ProxyRuntime runtime = runtime(answers, List.of(server("s1", 1, CHECK, false), server("s2", 2, CHECK, false)),
                BackendLogConfig.NONE, true);
        ServerRuntime s1 = runtime.backends().get(0).servers().get(0);
        new HealthCheckScheduler(runtime, NO_CLIENT, new Fixtures.RecordingLog(), timer).start();
        timer.advanceTo(0);
        assertThat(s1.isUp()).isFalse();
        answers.next = 404;
        timer.advanceTo(10_000);
        assertThat(s1.isUp()).isFalse();
        assertThat(s1.stopping()).isFalse();
        assertThat(s1.lastCheck().result().status()).isEqualTo(CheckStatus.L7STS);

        FakeTimer plainTimer = new FakeTimer();
        Answers plain = new Answers();
        plain.next = 404;
        ProxyRuntime without = runtime(plain, List.of(server("s1", 1, CHECK, false)), BackendLogConfig.NONE, false);
        new HealthCheckScheduler(without, NO_CLIENT, new Fixtures.RecordingLog(), plainTimer).start();
        plainTimer.advanceTo(0);
        assertThat(without.backends().get(0).servers().get(0).isUp()).isFalse();
    }
}
