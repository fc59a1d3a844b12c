package dev.bascule.core.check;

import dev.bascule.api.Nullable;
import dev.bascule.api.check.CheckResult;
import dev.bascule.core.log.ProxyLog;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ServerRuntime;

import java.util.function.BooleanSupplier;

/**
 * A check taking its server DOWN or bringing it UP, whichever check it is (the health check or
 * the agent), as HAProxy's {@code srv_set_stopped()} and {@code srv_set_running()} with
 * {@code srv_update_status()} carry it out and report it. Runs on the control thread.
 */
final class ServerTransitions {
    private ServerTransitions() {
    }

    /** {@code reported}: the result the message shows, null with {@code option log-health-checks}. */
    static void down(BackendRuntime backend, ServerRuntime server, @Nullable CheckResult reported,
                     long durationMillis, EventLog log) {
        boolean wasStopping = server.stopping() || server.drain();
        server.setUp(false);
        backend.rebuildPicker();
        SessionReactions.markedDown(server);
        String message = TransitionMessages.down(backend, server, reported, durationMillis);
        log.warning(message);
        // srv_update_status(): no alert for a server that was already stopping or draining
        backend.log().send(wasStopping ? ProxyLog.NOTICE : ProxyLog.ALERT, message);
        if (backend.activeUsable() == 0 && backend.backupUsable() == 0) {
            ServerAdmin.backendDown(backend, log);
        }
    }

    static void up(BackendRuntime backend, ServerRuntime server, @Nullable CheckResult reported,
                   long durationMillis, EventLog log, CheckTimer timer, BooleanSupplier closed) {
        server.setUp(true);
        Warmup.begin(backend, server, timer, closed);
        backend.rebuildPicker();
        SessionReactions.markedUp(backend, server);
        String message = TransitionMessages.up(backend, server, reported, durationMillis);
        log.warning(message);
        backend.log().send(ProxyLog.NOTICE, message);
    }
}
