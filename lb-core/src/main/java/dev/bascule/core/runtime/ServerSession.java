package dev.bascule.core.runtime;

/**
 * A session (TCP mode) or stream (HTTP mode) using a server, as the transport registers it with
 * {@link ServerSessions} so that the control plane can close it (HAProxy's {@code srv->per_thr[].streams}).
 */
public interface ServerSession {
    /**
     * Closes the session because its server went DOWN or a non-backup server came back UP
     * (HAProxy's {@code stream_shutdown(s, SF_ERR_DOWN|SF_ERR_UP)}). Called from the control thread:
     * the implementation hands the work to the session's own event loop and returns at once.
     *
     * @param cause the termination cause logged, {@code 'D'} (server down) or {@code 'U'} (up)
     */
    void shutdown(char cause);
}
