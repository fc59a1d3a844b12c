package dev.bascule.algorithms;

import dev.bascule.api.balance.Server;

import java.util.List;

/** Whether the servers of a snapshot have a {@code maxconn}: read when a picker is built, never per pick. */
final class Limits {
    private Limits() {
    }

    static boolean any(List<Server> servers) {
        for (Server server : servers) {
            if (server.load().limited()) {
                return true;
            }
        }
        return false;
    }
}
