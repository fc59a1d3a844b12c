package dev.bascule.core.check;

import dev.bascule.api.Nullable;
import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;
import dev.bascule.core.log.ProxyLog;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ServerRuntime;

import java.util.function.BooleanSupplier;

/**
 * {@code http-check disable-on-404}: the stopping state (NOLB) a conditionally passed check puts an
 * UP server in, and the way back when a check passes, as HAProxy's {@code check_notify_stopping()}
 * and {@code check_notify_success()} with {@code srv_set_stopping()} and {@code srv_set_running()}.
 * Runs on the control thread, after the result moved the check's counter.
 */
final class Stopping {
    private Stopping() {
    }

    /**
     * A check of an UP server not in maintenance completed: {@code result} {@code L7OKC} makes it
     * stop, another passed result brings a stopping server back. {@code reported} is the result
     * the message shows (null with {@code option log-health-checks}).
     */
    static void notify(BackendRuntime backend, ServerRuntime server, CheckResult result,
                       @Nullable CheckResult reported, long durationMillis, EventLog log, CheckTimer timer,
                       BooleanSupplier closed) {
        if (result.status() == CheckStatus.L7OKC) {
            if (server.stopping()) {
                return;
            }
            boolean wasUsable = server.usable();
            server.setStopping(true);
            backend.rebuildPicker();
            String message = TransitionMessages.stopping(backend, server, reported, durationMillis);
            log.warning(message);
            backend.log().send(ProxyLog.NOTICE, message);
            if (wasUsable && backend.activeUsable() == 0 && backend.backupUsable() == 0) {
                ServerAdmin.backendDown(backend, log);
            }
            return;
        }
        if (!result.status().passed() || !server.stopping()) {
            return;
        }
        server.setStopping(false);
        Warmup.begin(backend, server, timer, closed);
        backend.rebuildPicker();
        String message = TransitionMessages.up(backend, server, reported, durationMillis);
        log.warning(message);
        backend.log().send(ProxyLog.NOTICE, message);
    }
}
