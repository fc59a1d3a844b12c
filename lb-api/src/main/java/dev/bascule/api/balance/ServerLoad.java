package dev.bascule.api.balance;

/** Read-only view of a server's live load, owned by the core. */
public interface ServerLoad {
    /** Connections or requests currently being served. */
    int inflight();

    /**
     * Whether the server has a {@code maxconn} (since 1.1). Pickers read it on the control plane:
     * without any limited server, they never need {@link #full()}.
     */
    default boolean limited() {
        return false;
    }

    /**
     * Whether the server takes no new stream now: it has a {@code maxconn}, and all its slots are
     * taken or streams wait in its queue (HAProxy's test in {@code fwrr_get_next_server()} and the
     * other non-hash algorithms, which skip such a server). Always false without a limit (since 1.1).
     */
    default boolean full() {
        return false;
    }
}
