package dev.bascule.api.balance;

/** A server as pickers see it. Implemented by the core; identity is stable for a server's life. */
public interface Server {
    /** The name from the {@code server} line. */
    String name();

    /** The effective weight, 1-256 for servers handed to pickers. */
    int weight();

    /** Live load numbers, read-only. */
    ServerLoad load();

    /**
     * HAProxy's server id ({@code puid}): its position in its backend, from 1. Consistent hashing
     * places a server on its ring by it. 0 when unknown.
     */
    default int id() {
        return 0;
    }
}
