package dev.bascule.core.check;

import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ServerRuntime;

/**
 * {@code on-marked-down shutdown-sessions} and {@code on-marked-up shutdown-backup-sessions}, as
 * HAProxy's {@code srv_update_status()} applies them: the sessions are asked to close on their
 * own event loops, logged with the termination cause {@code D} or {@code U}.
 */
final class SessionReactions {
    private SessionReactions() {
    }

    /** The server was marked DOWN, or a running server entered maintenance ({@code srv_shutdown_streams()}). */
    static void markedDown(ServerRuntime server) {
        if (server.reactions().shutdownSessionsOnDown()) {
            server.sessions().shutdown('D');
        }
    }

    /**
     * The server came UP: with {@code on-marked-up shutdown-backup-sessions} on a non-backup server
     * that can take traffic, every backup server's sessions close ({@code srv_shutdown_backup_streams()}).
     */
    static void markedUp(BackendRuntime backend, ServerRuntime server) {
        if (!server.reactions().shutdownBackupSessionsOnUp() || server.backup() || server.weight() == 0) {
            return;
        }
        for (ServerRuntime other : backend.servers()) {
            if (other.backup()) {
                other.sessions().shutdown('U');
            }
        }
    }
}
