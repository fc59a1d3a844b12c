package dev.bascule.api.balance;

/** A server as pickers see it. Implemented by the core; identity is stable for a server's life. */
public interface Server {
    /** The name from the {@code server} line. */
    String name();

    /** The effective weight, 1-256 for servers handed to pickers. */
    int weight();

    /** HAProxy's {@code BE_WEIGHT_SCALE}: {@link #scaledWeight()} units in one unit of {@link #weight()}. */
    int WEIGHT_SCALE = 16;

    /**
     * HAProxy's {@code eweight}: the weight in sixteenths, which dynamic algorithms (roundrobin,
     * leastconn, random, consistent hashing) weigh servers by. It is {@code weight() * 16},
     * except while a server with {@code slowstart} warms up after coming back UP, when it grows
     * from {@code weight()} to {@code weight() * 16}.
     */
    default int scaledWeight() {
        return weight() * WEIGHT_SCALE;
    }

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
