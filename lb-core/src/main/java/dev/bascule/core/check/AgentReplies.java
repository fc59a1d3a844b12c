package dev.bascule.core.check;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Nullable;
import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;
import dev.bascule.core.log.ProxyLog;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ServerAgentState;
import dev.bascule.core.runtime.ServerRuntime;

import java.util.function.BooleanSupplier;

/**
 * What an agent check's outcome does to its server, as HAProxy 2.6 carries it out: the admin word
 * first ({@code srv_adm_set_drain()}, {@code srv_adm_set_maint()}, {@code srv_adm_set_ready()}),
 * then the weight and the maxconn, then the health word ({@code tcpcheck_agent_expect_reply()});
 * the status recorded and logged ({@code set_server_check_status()}), then the server taken DOWN
 * or brought UP ({@code check_notify_failure()}, {@code check_notify_success()}): an agent's
 * {@code down} takes the server DOWN, its {@code up} brings it UP only when the health check
 * agrees. Touched only on the control thread.
 */
final class AgentReplies {
    /** A probe's outcome: a line from the agent, an incomplete one, or a failure to get one. */
    record Outcome(@Nullable AgentReply reply, @Nullable CheckResult failure) {
        static Outcome reply(AgentReply reply) {
            return new Outcome(requireNonNull(reply, "reply"), null);
        }

        static Outcome failure(CheckResult failure) {
            return new Outcome(null, requireNonNull(failure, "failure"));
        }

        static Outcome incomplete() {
            return new Outcome(null, null);
        }
    }

    private static final String INCOMPLETE = "Ignoring incomplete line from agent";

    private final BackendRuntime backend;
    private final ServerRuntime server;
    private final ServerAgentState state;
    private final @Nullable ServerHealth checkHealth;
    private final CheckTimer timer;
    private final EventLog log;
    private final BooleanSupplier closed;
    /** The previous status's name ({@code INI} at first, {@code CHECKED}...), for the log's "a new status". */
    private String previousStatus = "INI";

    /**
     * @param checkHealth the server's health check, null without one
     */
    AgentReplies(BackendRuntime backend, ServerRuntime server, ServerAgentState state,
                 @Nullable ServerHealth checkHealth, CheckTimer timer, EventLog log, BooleanSupplier closed) {
        this.backend = requireNonNull(backend, "backend");
        this.server = requireNonNull(server, "server");
        this.state = requireNonNull(state, "state");
        this.checkHealth = checkHealth;
        this.timer = requireNonNull(timer, "timer");
        this.log = requireNonNull(log, "log");
        this.closed = requireNonNull(closed, "closed");
    }

    void apply(Outcome outcome, long durationMillis) {
        if (outcome.failure() != null) {
            record(outcome.failure(), durationMillis);
            return;
        }
        AgentReply reply = outcome.reply();
        if (reply == null) {
            // set_server_check_status(check, check->status, ...): the previous status again
            ServerAgentState.Report last = state.last();
            if (last != null && last.result() != null) {
                record(new CheckResult(last.result().status(), INCOMPLETE, last.result().code()), durationMillis);
            } else {
                neutral(INCOMPLETE, durationMillis);
            }
            return;
        }
        admin(reply.admin());
        String warning = null;
        if (reply.weight() != null) {
            AgentReply.WeightChange change = AgentReply.weight(reply.weight(), server.initialWeight(),
                    server.dynamicWeights());
            if (change.warning() == null) {
                ServerAdmin.weight(backend, server, change.weight(), timer.nowMillis(), log);
            }
            warning = change.warning();
        }
        if (reply.maxConn() != null) {
            AgentReply.MaxConnChange change = AgentReply.maxConn(reply.maxConn());
            if (change.warning() == null) {
                server.changeMaxConn(change.maxConn());
            }
            if (warning == null || warning.isEmpty()) {
                warning = change.warning();
            }
        }
        AgentReply.Health health = reply.healthEffect();
        if (health != null) {
            String message = reply.description();
            if (message.isEmpty() || health == AgentReply.Health.UP) {
                if (reply.error() != null) {
                    message = reply.error();
                } else if (warning != null && !warning.isEmpty()) {
                    message = warning;
                }
            }
            state.health(health == AgentReply.Health.UP ? 1 : 0);
            String detail = "via agent : " + reply.health() + (message.isEmpty() ? "" : " (" + message + ")");
            record(new CheckResult(health == AgentReply.Health.UP ? CheckStatus.L7OK : CheckStatus.L7STS, detail,
                    0), durationMillis);
        } else if (reply.error() != null) {
            neutral("agent reports an error : " + reply.error(), durationMillis);
        } else if (warning != null && !warning.isEmpty()) {
            neutral("agent warns : " + warning, durationMillis);
        } else {
            neutral("", durationMillis);
        }
    }

    /** The admin word: drain, maint or ready, each clearing the other state as HAProxy's helpers do. */
    private void admin(@Nullable String word) {
        if (word == null) {
            return;
        }
        switch (word.toLowerCase(java.util.Locale.ROOT)) {
            case "drain" -> {
                ServerAdmin.drain(backend, server, log);
                enable();
            }
            case "maint" -> {
                ServerAdmin.disable(backend, server, log, checkHealth);
                ServerAdmin.undrain(backend, server, log);
            }
            default -> {
                ServerAdmin.undrain(backend, server, log);
                enable();
            }
        }
    }

    private void enable() {
        ServerAdmin.enable(backend, server, log, checkHealth, () -> Warmup.begin(backend, server, timer, closed));
    }

    /** HAProxy's {@code HCHK_STATUS_CHECKED}: recorded, neither logged nor acted upon. */
    private void neutral(String detail, long durationMillis) {
        state.last(new ServerAgentState.Report(null, detail, durationMillis));
        previousStatus = "CHECKED";
    }

    /** {@code set_server_check_status()} for the agent, then {@code check_notify_*()}. */
    private void record(CheckResult result, long durationMillis) {
        boolean passed = result.status().passed();
        boolean moved = false;
        int health = state.health();
        if (passed && health < 1) {
            state.health(1);
            moved = true;
        } else if (!passed && health > 0 && dataStatus(result.status())) {
            // failing to reach the agent does not count (HCHK_STATUS_L57DATA and above only)
            state.health(0);
            moved = true;
        }
        state.last(new ServerAgentState.Report(result, "", durationMillis));
        boolean logChecks = backend.logHealthChecks();
        if (logChecks && (!result.status().name().equals(previousStatus) || moved)) {
            String message = TransitionMessages.agentResult(server, result, durationMillis, state.health());
            log.warning(message);
            backend.log().send(ProxyLog.NOTICE, message);
        }
        previousStatus = result.status().name();
        CheckResult reported = logChecks ? null : result;
        if (!passed) {
            // check_notify_failure(): only the agent's own down, stopped or fail
            if (result.status() == CheckStatus.L7STS && state.health() == 0 && server.isUp()
                    && !server.inMaintenance()) {
                ServerTransitions.down(backend, server, reported, durationMillis, log);
            }
            return;
        }
        // check_notify_success()
        if (server.inMaintenance() || server.isUp() || server.stopping()) {
            return;
        }
        if (checkHealth != null && checkHealth.health() < server.check().rise()) {
            return;
        }
        ServerTransitions.up(backend, server, reported, durationMillis, log, timer, closed);
    }

    private static boolean dataStatus(CheckStatus status) {
        return status == CheckStatus.L7OK || status == CheckStatus.L7OKC || status == CheckStatus.L7STS;
    }
}
