package dev.bascule.algorithms;

import dev.bascule.api.Nullable;
import dev.bascule.api.balance.BalancingAlgorithm;
import dev.bascule.api.balance.PickContext;
import dev.bascule.api.balance.Server;
import dev.bascule.api.balance.ServerPicker;
import dev.bascule.api.balance.ServerSnapshot;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code balance roundrobin}, in HAProxy's exact order: {@link FwrrSchedule} computes it on the
 * control plane as a prefix and a cycle, and {@code pick} advances a position kept within them
 * by compare-and-set: lock-free, allocation-free, and without the jump a free-running counter
 * makes when it wraps around.
 */
enum RoundRobin implements BalancingAlgorithm {
    INSTANCE;

    @Override
    public ServerPicker newPicker(ServerSnapshot snapshot, @Nullable ServerPicker previous) {
        List<Server> servers = snapshot.servers();
        if (servers.isEmpty()) {
            return ServerPicker.EMPTY;
        }
        int[] weights = weights(servers);
        if (previous instanceof Picker && ((Picker) previous).serves(servers, weights)) {
            // same farm, same weights: the rotation goes on where it was
            return previous;
        }
        FwrrSchedule schedule = FwrrSchedule.of(servers);
        return new Picker(servers, weights, schedule.prefix, schedule.cycle, new AtomicLong());
    }

    private static int[] weights(List<Server> servers) {
        int[] weights = new int[servers.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = servers.get(i).weight();
        }
        return weights;
    }

    static final class Picker implements ServerPicker {
        private final List<Server> servers;
        private final int[] weights;
        private final Server[] order;
        private final int restart;
        private final AtomicLong position;
        /** Whether a server has a {@code maxconn}: only then are full servers skipped. */
        private final boolean limited;

        Picker(List<Server> servers, int[] weights, Server[] prefix, Server[] cycle, AtomicLong position) {
            this.servers = List.copyOf(servers);
            this.weights = weights;
            this.order = new Server[prefix.length + cycle.length];
            System.arraycopy(prefix, 0, order, 0, prefix.length);
            System.arraycopy(cycle, 0, order, prefix.length, cycle.length);
            this.restart = prefix.length;
            this.position = position;
            this.limited = Limits.any(servers);
        }

        boolean serves(List<Server> candidates, int[] candidateWeights) {
            if (candidates.size() != servers.size() || !Arrays.equals(weights, candidateWeights)
                    || limited != Limits.any(candidates)) {
                return false;
            }
            for (int i = 0; i < candidates.size(); i++) {
                if (candidates.get(i) != servers.get(i)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public @Nullable Server pick(PickContext context) {
            if (!limited) {
                return next();
            }
            // HAProxy's fwrr_get_next_server(): a full server is passed over; all full, the stream waits
            for (int tries = 0; tries < order.length; tries++) {
                Server server = next();
                if (!server.load().full()) {
                    return server;
                }
            }
            return null;
        }

        private Server next() {
            int length = order.length;
            long observed;
            long current;
            long next;
            do {
                observed = position.get();
                current = observed >= 0 && observed < length ? observed : restart;
                next = current + 1 == length ? restart : current + 1;
            } while (!position.compareAndSet(observed, next));
            return order[(int) current];
        }
    }
}
