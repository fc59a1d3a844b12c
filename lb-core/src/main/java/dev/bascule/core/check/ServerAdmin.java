package dev.bascule.core.check;

import dev.bascule.api.Nullable;
import dev.bascule.core.log.ProxyLog;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ProxyRuntime;
import dev.bascule.core.runtime.ServerAgentState;
import dev.bascule.core.runtime.ServerControl;
import dev.bascule.core.runtime.ServerRuntime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Forced maintenance, as HAProxy's {@code srv_adm_set_maint()} and {@code srv_adm_set_ready()}
 * carry it out: the server leaves or rejoins the backend's picker, its checks pause meanwhile, and
 * the change is reported on stderr and to the backend's log targets in HAProxy's words and levels.
 * Runs on the thread that owns the server's check state.
 */
public final class ServerAdmin {
    private ServerAdmin() {
    }

    /**
     * The runtime API's way in: through the health-check scheduler when one runs (its thread owns
     * the checks), else at once with no stderr report.
     */
    public static ServerControl control(BackendRuntime backend) {
        ServerControl control = backend.control();
        if (control != null) {
            return control;
        }
        return new ServerControl() {
            @Override
            public void disable(ServerRuntime server) {
                ServerAdmin.disable(backend, server, EventLog.NONE, null);
            }

            @Override
            public void enable(ServerRuntime server) {
                ServerAdmin.enable(backend, server, EventLog.NONE, null, null);
            }

            @Override
            public void drain(ServerRuntime server) {
                ServerAdmin.drain(backend, server, EventLog.NONE);
            }

            @Override
            public void undrain(ServerRuntime server) {
                ServerAdmin.undrain(backend, server, EventLog.NONE);
            }

            @Override
            public void weight(ServerRuntime server, int weight) {
                ServerAdmin.weight(backend, server, weight, System.nanoTime() / 1_000_000, EventLog.NONE);
            }

            @Override
            public void health(ServerRuntime server, ServerControl.Forced state) {
                ForcedStates.health(backend, server, null, state, EventLog.NONE, null);
            }

            @Override
            public void agent(ServerRuntime server, boolean up) {
                ForcedStates.agent(backend, server, up, EventLog.NONE, null);
            }
        };
    }

    /**
     * Completes once every admin change asked for so far, on any backend, is made (the backends'
     * controls share the control thread).
     */
    public static CompletionStage<Void> settled(ProxyRuntime runtime) {
        for (BackendRuntime backend : runtime.backends()) {
            ServerControl control = backend.control();
            if (control != null) {
                return control.settled();
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** {@code disable server}: nothing when already in maintenance. */
    static void disable(BackendRuntime backend, ServerRuntime server, EventLog log, @Nullable ServerHealth health) {
        if (server.maintenance()) {
            return;
        }
        boolean wasUsable = server.usable();
        server.setMaintenance(true);
        if (health != null) {
            health.pause();
        }
        // HAProxy zeroes the counter of a server without checks too (and leaving maintenance keeps it)
        server.checkHealth(0);
        if (!server.isUp()) {
            String message = TransitionMessages.downEntersMaintenance(server);
            log.warning(message);
            backend.log().send(ProxyLog.NOTICE, message);
            return;
        }
        server.setUp(false);
        backend.rebuildPicker();
        SessionReactions.markedDown(server);
        String message = TransitionMessages.maintenance(backend, server);
        log.warning(message);
        backend.log().send(ProxyLog.ALERT, message);
        if (wasUsable && backend.activeUsable() == 0 && backend.backupUsable() == 0) {
            backendDown(backend, log);
        }
    }

    /**
     * {@code enable server}: the server is UP at once, its check counter set to {@code rise};
     * {@code warmup} starts its {@code slowstart} (null: no warm-up, the full weight at once).
     *
     * @return whether the server was in maintenance
     */
    static boolean enable(BackendRuntime backend, ServerRuntime server, EventLog log, @Nullable ServerHealth health,
                          @Nullable Runnable warmup) {
        if (!server.maintenance()) {
            return false;
        }
        server.setMaintenance(false);
        if (server.resolutionMaintenance()) {
            // still without address from name resolution: it stays in maintenance (resolution)
            return true;
        }
        if (health != null) {
            health.resume();
            server.checkHealth(health.health());
        }
        // srv_update_status(): UP again unless the agent says DOWN
        ServerAgentState agent = server.agent();
        server.setUp(agent == null || agent.allowsUp());
        if (warmup != null && server.isUp()) {
            // slowstart: leaving maintenance starts at the first step too
            warmup.run();
        }
        backend.rebuildPicker();
        SessionReactions.markedUp(backend, server);
        String message = TransitionMessages.leftMaintenance(server);
        log.warning(message);
        backend.log().send(ProxyLog.NOTICE, message);
        return true;
    }

    /**
     * Forced drain: the server leaves the picker but stays UP; nothing when already draining.
     * Outside maintenance, reported as {@code srv_update_status()} reports it.
     */
    static void drain(BackendRuntime backend, ServerRuntime server, EventLog log) {
        if (server.drain()) {
            return;
        }
        boolean wasUsable = server.usable();
        server.setDrain(true);
        backend.rebuildPicker();
        if (!server.inMaintenance() && log != EventLog.NONE) {
            // EventLog.NONE: the server state file at start-up, where HAProxy reports nothing (MODE_STARTING)
            String message = TransitionMessages.entersDrain(backend, server);
            log.warning(message);
            backend.log().send(ProxyLog.NOTICE, message);
        }
        if (wasUsable && backend.activeUsable() == 0 && backend.backupUsable() == 0) {
            backendDown(backend, log);
        }
    }

    /** Leaves forced drain: the server rejoins the picker when UP. */
    static void undrain(BackendRuntime backend, ServerRuntime server, EventLog log) {
        if (!server.drain()) {
            return;
        }
        server.setDrain(false);
        backend.rebuildPicker();
        if (!server.inMaintenance()) {
            String message = TransitionMessages.leavesDrain(server);
            log.warning(message);
            backend.log().send(ProxyLog.NOTICE, message);
        }
    }

    /**
     * {@code server_recalc_eweight()} after a new {@code uweight}: the picker follows, and a backend
     * left without a usable server is reported as HAProxy reports it.
     */
    static void weight(BackendRuntime backend, ServerRuntime server, int weight, long nowMillis, EventLog log) {
        boolean wasUsable = server.usable();
        server.setWeight(weight, nowMillis);
        backend.rebuildPicker();
        if (wasUsable && backend.activeUsable() == 0 && backend.backupUsable() == 0) {
            backendDown(backend, log);
        }
    }

    /** HAProxy's {@code set_backend_down()}: an alert on stderr, an emergency in the backend's log. */
    static void backendDown(BackendRuntime backend, EventLog log) {
        log.alert(TransitionMessages.noServer(backend));
        backend.log().send(ProxyLog.EMERG, TransitionMessages.noServerLog(backend));
    }
}
