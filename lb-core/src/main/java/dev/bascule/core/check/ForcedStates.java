package dev.bascule.core.check;

import dev.bascule.api.Nullable;
import dev.bascule.core.log.ProxyLog;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ServerAgentState;
import dev.bascule.core.runtime.ServerControl;
import dev.bascule.core.runtime.ServerRuntime;

/**
 * {@code set server <b>/<s> health up|stopping|down} and {@code set server <b>/<s> agent up|down},
 * as HAProxy 2.6's {@code cli_parse_set_server()} carries them out: the check's (or the agent's)
 * counter set, then {@code srv_set_running()}, {@code srv_set_stopping()} or
 * {@code srv_set_stopped()} with the reason "changed from CLI", reported in HAProxy's words. A
 * server in maintenance takes the new counters and reports nothing; it leaves maintenance in the
 * state they give. Runs on the thread that owns the server's check state.
 */
final class ForcedStates {
    static final String REASON = "changed from CLI";

    private ForcedStates() {
    }

    /**
     * @param health the server's check counter, null for a server without health check
     * @param warmup starts {@code slowstart} when the server comes UP (null: the full weight at once)
     */
    static void health(BackendRuntime backend, ServerRuntime server, @Nullable ServerHealth health,
                       ServerControl.Forced state, EventLog log, @Nullable Runnable warmup) {
        boolean up = state != ServerControl.Forced.DOWN;
        // rise + fall - 1: UP, and as far from DOWN as a check can be; 0: DOWN (a server without check too)
        int counter = up ? server.check().rise() + server.check().fall() - 1 : 0;
        if (health != null) {
            health.restore(counter, up);
        }
        server.checkHealth(counter);
        if (server.inMaintenance()) {
            return;
        }
        switch (state) {
            case UP -> running(backend, server, log, warmup);
            case STOPPING -> stopping(backend, server, log, warmup);
            case DOWN -> stopped(backend, server, log);
        }
    }

    static void agent(BackendRuntime backend, ServerRuntime server, boolean up, EventLog log,
                      @Nullable Runnable warmup) {
        ServerAgentState agent = server.agent();
        if (agent == null) {
            return;
        }
        agent.health(up ? 1 : 0);
        if (server.inMaintenance()) {
            return;
        }
        if (up) {
            running(backend, server, log, warmup);
        } else {
            stopped(backend, server, log);
        }
    }

    /** {@code srv_set_running()}: nothing for a server already running. */
    private static void running(BackendRuntime backend, ServerRuntime server, EventLog log, @Nullable Runnable warmup) {
        if (server.isUp() && !server.stopping()) {
            return;
        }
        boolean wasDown = !server.isUp();
        server.setStopping(false);
        server.setUp(true);
        if (wasDown && warmup != null) {
            warmup.run();
        }
        backend.rebuildPicker();
        if (wasDown) {
            SessionReactions.markedUp(backend, server);
        }
        report(backend, server, "UP", ProxyLog.NOTICE, log);
    }

    /** {@code srv_set_stopping()}: nothing for a server already stopping. */
    private static void stopping(BackendRuntime backend, ServerRuntime server, EventLog log,
                                 @Nullable Runnable warmup) {
        if (server.isUp() && server.stopping()) {
            return;
        }
        boolean wasUsable = server.usable();
        boolean wasDown = !server.isUp();
        server.setUp(true);
        server.setStopping(true);
        if (wasDown && warmup != null) {
            warmup.run();
        }
        backend.rebuildPicker();
        report(backend, server, "stopping", ProxyLog.NOTICE, log);
        if (wasUsable && backend.activeUsable() == 0 && backend.backupUsable() == 0) {
            ServerAdmin.backendDown(backend, log);
        }
    }

    /** {@code srv_set_stopped()}: nothing for a server already stopped. */
    private static void stopped(BackendRuntime backend, ServerRuntime server, EventLog log) {
        if (!server.isUp()) {
            return;
        }
        boolean wasStopping = server.stopping() || server.drain();
        boolean wasUsable = server.usable();
        server.setUp(false);
        server.setStopping(false);
        backend.rebuildPicker();
        SessionReactions.markedDown(server);
        // srv_update_status(): no alert for a server that was already stopping or draining
        report(backend, server, "DOWN", wasStopping ? ProxyLog.NOTICE : ProxyLog.ALERT, log);
        if (wasUsable && backend.activeUsable() == 0 && backend.backupUsable() == 0) {
            ServerAdmin.backendDown(backend, log);
        }
    }

    private static void report(BackendRuntime backend, ServerRuntime server, String state, int level, EventLog log) {
        String message = TransitionMessages.changed(backend, server, state, REASON);
        log.warning(message);
        backend.log().send(level, message);
    }
}
