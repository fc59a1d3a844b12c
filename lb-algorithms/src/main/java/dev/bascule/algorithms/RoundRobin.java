package dev.bascule.algorithms;

import dev.bascule.api.Nullable;
import dev.bascule.api.balance.BalancingAlgorithm;
import dev.bascule.api.balance.PickContext;
import dev.bascule.api.balance.Server;
import dev.bascule.api.balance.ServerPicker;
import dev.bascule.api.balance.ServerSnapshot;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Weighted round robin. The picker precomputes one cycle of the smooth weighted round-robin
 * sequence (each server appears {@code weight} times, spread out rather than in bursts), so
 * that {@code pick} is one compare-and-set on a position kept within the cycle and an array
 * read: lock-free, allocation-free, and without the jump a free-running counter makes when
 * it wraps around.
 * With equal weights the order is the configuration order, as HAProxy's.
 */
enum RoundRobin implements BalancingAlgorithm {
    INSTANCE;

    @Override
    public ServerPicker newPicker(ServerSnapshot snapshot, @Nullable ServerPicker previous) {
        List<Server> servers = snapshot.servers();
        if (servers.isEmpty()) {
            return ServerPicker.EMPTY;
        }
        // keep the rotation's position across rebuilds, so a change does not send the next
        // request back to the first server
        AtomicLong sequence = previous instanceof Picker ? ((Picker) previous).sequence : new AtomicLong();
        return new Picker(schedule(servers), sequence);
    }

    /** One cycle of smooth weighted round robin over the servers' weights. */
    static Server[] schedule(List<Server> servers) {
        int total = 0;
        for (Server server : servers) {
            total += server.weight();
        }
        Server[] cycle = new Server[total];
        long[] current = new long[servers.size()];
        for (int slot = 0; slot < total; slot++) {
            int best = -1;
            for (int i = 0; i < current.length; i++) {
                current[i] += servers.get(i).weight();
                if (best < 0 || current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            cycle[slot] = servers.get(best);
        }
        return cycle;
    }

    static final class Picker implements ServerPicker {
        private final Server[] cycle;
        private final AtomicLong sequence;

        Picker(Server[] cycle, AtomicLong sequence) {
            this.cycle = cycle;
            this.sequence = sequence;
        }

        @Override
        public Server pick(PickContext context) {
            int length = cycle.length;
            long observed;
            long position;
            long next;
            do {
                observed = sequence.get();
                // a position carried over from another cycle is folded into this one
                position = observed >= 0 && observed < length ? observed : Math.floorMod(observed, (long) length);
                next = position + 1 == length ? 0 : position + 1;
            } while (!sequence.compareAndSet(observed, next));
            return cycle[(int) position];
        }
    }
}
