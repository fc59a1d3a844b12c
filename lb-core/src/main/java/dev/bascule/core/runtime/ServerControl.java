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
}
