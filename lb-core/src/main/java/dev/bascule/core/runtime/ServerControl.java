package dev.bascule.core.runtime;

/**
 * The runtime API's administrative changes of a server ({@code disable server}, {@code enable
 * server}), carried out by whoever owns the server's check state, on its own thread.
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
}
