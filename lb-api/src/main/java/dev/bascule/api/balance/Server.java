package dev.bascule.api.balance;

/** A server as pickers see it. Implemented by the core; identity is stable for a server's life. */
public interface Server {
    /** The name from the {@code server} line. */
    String name();

    /** The effective weight, 1-256 for servers handed to pickers. */
    int weight();

    /** Live load numbers, read-only. */
    ServerLoad load();
}
