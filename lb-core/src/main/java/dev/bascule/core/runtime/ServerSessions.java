package dev.bascule.core.runtime;

import dev.bascule.api.Nullable;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions using one server, kept only for a server whose sessions may have to be closed:
 * {@code on-marked-down shutdown-sessions}, or a backup server of a backend where a server has
 * {@code on-marked-up shutdown-backup-sessions}. For any other server nothing is kept and
 * {@link #add}/{@link #remove} return at once: the hot path pays one field read.
 * Event loops add and remove their own sessions; the control thread walks the set.
 */
public final class ServerSessions {
    /** Null when the server's sessions are not tracked. */
    private final @Nullable Set<ServerSession> sessions;

    ServerSessions(boolean tracked) {
        this.sessions = tracked ? ConcurrentHashMap.newKeySet() : null;
    }

    /** Whether the server's sessions are kept. */
    public boolean tracked() {
        return sessions != null;
    }

    /** A session starts using the server. */
    public void add(ServerSession session) {
        Set<ServerSession> set = sessions;
        if (set != null) {
            set.add(session);
        }
    }

    /** The session no longer uses the server. */
    public void remove(ServerSession session) {
        Set<ServerSession> set = sessions;
        if (set != null) {
            set.remove(session);
        }
    }

    /** Asks every session to close on its event loop ({@code srv_shutdown_streams()}); returns how many. */
    public int shutdown(char cause) {
        Set<ServerSession> set = sessions;
        if (set == null) {
            return 0;
        }
        int count = 0;
        for (ServerSession session : set) {
            session.shutdown(cause);
            count++;
        }
        return count;
    }
}
