package dev.bascule.api.balance;

import java.util.List;

/**
 * The servers a picker may choose from, in configuration order, and a generation that grows
 * with each rebuild.
 */
public record ServerSnapshot(List<Server> servers, long generation) {
    public ServerSnapshot {
        servers = List.copyOf(servers);
    }
}
