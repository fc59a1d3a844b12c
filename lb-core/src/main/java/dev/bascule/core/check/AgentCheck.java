package dev.bascule.core.check;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Nullable;
import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.check.ProbeClient;
import dev.bascule.api.check.ProbeConnection;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ServerAgentState;
import dev.bascule.core.runtime.ServerRuntime;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.LongUnaryOperator;

/**
 * One server's agent check, HAProxy's auxiliary check ({@code CHK_ST_AGENT}): on its own
 * interval ({@code agent-inter}, else {@code inter}), a connection of its own to the agent,
 * {@code agent-send} written, one line read and carried out by {@link AgentReplies}. A failure to
 * reach the agent changes nothing but the agent's status. Not paused by maintenance: the agent may
 * bring the server back. Touched only on the control thread.
 */
final class AgentCheck {
    /** The most bytes read before a line must have ended (HAProxy's check buffer). */
    private static final int MAX_REPLY = 16384;

    private final BackendRuntime backend;
    private final ServerRuntime server;
    private final ServerAgentState state;
    private final ProbeClient client;
    private final CheckTimer timer;
    private final BooleanSupplier closed;
    private final LongUnaryOperator nextDelay;
    private final AgentReplies replies;
    private CheckTimer.Cancellable next;
    private CheckTimer.Cancellable deadline;
    /** Identifies the probe in flight: a late answer to an older one is ignored. */
    private long probe;
    private @Nullable ProbeConnection connection;
    private boolean connected;
    private final StringBuilder received = new StringBuilder();

    AgentCheck(BackendRuntime backend, ServerRuntime server, ServerAgentState state, @Nullable ServerHealth checkHealth,
               ProbeClient client, CheckTimer timer, EventLog log, BooleanSupplier closed,
               LongUnaryOperator nextDelay) {
        this.backend = requireNonNull(backend, "backend");
        this.server = requireNonNull(server, "server");
        this.state = requireNonNull(state, "state");
        this.client = requireNonNull(client, "client");
        this.timer = requireNonNull(timer, "timer");
        this.closed = requireNonNull(closed, "closed");
        this.nextDelay = requireNonNull(nextDelay, "nextDelay");
        this.replies = new AgentReplies(backend, server, state, checkHealth, timer, log, closed);
    }

    long interval() {
        return state.settings().effectiveInter(server.check()).toMillis();
    }

    void scheduleIn(long delayMillis) {
        if (!closed.getAsBoolean()) {
            next = timer.schedule(this::run, delayMillis);
        }
    }

    void cancel() {
        if (next != null) {
            next.cancel();
        }
        if (deadline != null) {
            deadline.cancel();
        }
        closeConnection();
    }

    private void run() {
        next = null;
        if (closed.getAsBoolean()) {
            return;
        }
        if (!state.enabled()) {
            // disable agent: the task wakes every interval without asking (HAProxy's process_chk())
            scheduleIn(interval());
            return;
        }
        long id = ++probe;
        long started = timer.nowMillis();
        long inter = interval();
        long checkTimeout = backend.checkTimeoutMillis();
        long connectTimeout = checkTimeout > 0 && backend.connectTimeoutMillis() > 0
                ? Math.min(backend.connectTimeoutMillis(), inter) : inter;
        long total = checkTimeout > 0 ? connectTimeout + checkTimeout : inter;
        connected = false;
        received.setLength(0);
        state.inProgress(true);
        deadline = timer.schedule(() -> finish(id, started,
                AgentReplies.Outcome.failure(new CheckResult(connected ? CheckStatus.L7TOUT : CheckStatus.L4TOUT,
                        ""))), total);
        try {
            client.connect(state.address(), Duration.ofMillis(connectTimeout)).whenComplete((opened, failure) ->
                    timer.execute(() -> connected(id, started, opened, failure)));
        } catch (RuntimeException e) {
            finish(id, started, failure(e));
        }
    }

    private void connected(long id, long started, ProbeConnection opened, Throwable failure) {
        if (id != probe) {
            if (opened != null) {
                opened.close();
            }
            return;
        }
        if (failure != null) {
            if (!(unwrap(failure) instanceof CancellationException)) {
                finish(id, started, failure(failure));
            }
            return;
        }
        connection = opened;
        connected = true;
        String send = state.send();
        if (send.isEmpty()) {
            read(id, started);
            return;
        }
        opened.send(send.getBytes(StandardCharsets.ISO_8859_1)).whenComplete((ignored, sendFailure) ->
                timer.execute(() -> {
                    if (id != probe) {
                        return;
                    }
                    if (sendFailure != null) {
                        finish(id, started, failure(sendFailure));
                    } else {
                        read(id, started);
                    }
                }));
    }

    private void read(long id, long started) {
        ProbeConnection open = connection;
        if (open == null) {
            return;
        }
        open.receiveSome(MAX_REPLY).whenComplete((bytes, failure) -> timer.execute(() -> {
            if (id != probe) {
                return;
            }
            if (failure != null) {
                finish(id, started, failure(failure));
                return;
            }
            if (bytes.length > 0) {
                received.append(new String(bytes, StandardCharsets.ISO_8859_1));
            }
            String line = AgentReply.line(received.toString());
            if (line != null) {
                finish(id, started, AgentReplies.Outcome.reply(AgentReply.parse(line)));
            } else if (bytes.length == 0 || received.length() >= MAX_REPLY) {
                // the agent closed (or filled the buffer) without ending its line
                finish(id, started, AgentReplies.Outcome.incomplete());
            } else {
                read(id, started);
            }
        }));
    }

    private void finish(long id, long started, AgentReplies.Outcome outcome) {
        if (id != probe || closed.getAsBoolean()) {
            return;
        }
        probe++;
        if (deadline != null) {
            deadline.cancel();
            deadline = null;
        }
        state.inProgress(false);
        // carried out before the connection closes, as HAProxy does: the agent sees the close once done
        replies.apply(outcome, timer.nowMillis() - started);
        closeConnection();
        scheduleIn(nextDelay.applyAsLong(interval()));
    }

    private void closeConnection() {
        ProbeConnection open = connection;
        connection = null;
        if (open != null) {
            open.close();
        }
    }

    /** A failed connection in HAProxy's words, as the health checks word it. */
    private static AgentReplies.Outcome failure(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof java.util.concurrent.TimeoutException) {
            return AgentReplies.Outcome.failure(new CheckResult(CheckStatus.L4TOUT, ""));
        }
        if (cause instanceof java.net.ConnectException) {
            return AgentReplies.Outcome.failure(new CheckResult(CheckStatus.L4CON, "Connection refused"));
        }
        String message = cause.getMessage();
        if (message == null) {
            message = cause.getClass().getSimpleName();
        }
        // Netty appends the address it tried: "Connection reset: /127.0.0.1:80"
        int annotation = message.indexOf(": /");
        return AgentReplies.Outcome.failure(new CheckResult(CheckStatus.L4CON,
                annotation >= 0 ? message.substring(0, annotation) : message));
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
