package dev.bascule.api.balance;

/** Read-only view of a server's live load, owned by the core. */
public interface ServerLoad {
    /** Connections or requests currently being served. */
    int inflight();
}
