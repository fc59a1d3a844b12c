package dev.bascule.core.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The runtime API's administrative changes of a server ({@code disable server}, {@code enable
 * server}), carried out by whoever owns the server's check state, on its own thread.
 *
 * <p>A change may still be queued when the call returns; {@link #inMaintenance} and {@link #draining}
 * answer with the state once every change asked for so far is made, as HAProxy's admin flags
 * read at once after {@code srv_set_admin_flag()}.
 */
public interface ServerControl {
    /** Forced maintenance ({@code srv_adm_set_maint()}); nothing when already in it. */
    void disable(ServerRuntime server);

    /** Leaves forced maintenance ({@code srv_adm_set_ready()}); nothing when not in it. */
    void enable(ServerRuntime server);

    /** Forced drain ({@code SRV_ADMF_FDRAIN}): UP but given no new traffic; nothing when already in it. */
    void drain(ServerRuntime server);

    /** Leaves forced drain; nothing when not in it. */
    void undrain(ServerRuntime server);

    /** Sets the weight ({@code uweight}, 0 to 256) and rebuilds the picker ({@code set server <b>/<s> weight}). */
    void weight(ServerRuntime server, int weight);

    /** What {@code set server <b>/<s> health} forces. */
    enum Forced {
        UP, STOPPING, DOWN
    }

    /**
     * {@code set server <b>/<s> health up|stopping|down}: the health check's counter set as HAProxy
     * sets it, and the server running, stopping or stopped "changed from CLI". Nothing where no
     * scheduler owns the checks.
     */
    default void health(ServerRuntime server, Forced state) {
    }

    /** {@code set server <b>/<s> agent up|down}: the agent's counter and the server's state, "changed from CLI". */
    default void agent(ServerRuntime server, boolean up) {
    }

    /**
     * Completes once every change asked for so far is made: what a caller answers after a change
     * (the runtime API's next command, its reply) waits for it, as HAProxy's changes are made
     * before its answer. Already complete where changes are made at once.
     */
    default CompletionStage<Void> settled() {
        return CompletableFuture.completedFuture(null);
    }

    /** Whether {@code server} is in forced maintenance once the changes asked for so far are made. */
    default boolean inMaintenance(ServerRuntime server) {
        return server.maintenance();
    }

    /** Whether {@code server} is in forced drain once the changes asked for so far are made. */
    default boolean draining(ServerRuntime server) {
        return server.drain();
    }
}
