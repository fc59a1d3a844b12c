package dev.bascule.algorithms;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.balance.BalancingAlgorithm;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.balance.PickContext;
import dev.bascule.api.balance.Server;
import dev.bascule.api.balance.ServerPicker;
import dev.bascule.api.balance.ServerSnapshot;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code balance leastconn}: the server with the fewest connections relative to its weight, as
 * HAProxy's key {@code (served + 1) * 4096 / weight}. Servers on the same key take turns
 * (a rotating starting point), which is what HAProxy's tree gives sequential requests.
 * Lock-free and allocation-free; O(servers) per pick.
 */
public final class LeastConnFactory implements BalancingAlgorithmFactory {
    /** HAProxy's {@code SRV_EWGHT_MAX}: 256 weights x 16. */
    private static final long SCALE = 256L * 16;

    @Override
    public String name() {
        return "leastconn";
    }

    @Override
    public BalancingAlgorithm create(List<String> arguments) throws InvalidArgumentException {
        BalanceArguments.none(name(), arguments);
        return LeastConn.INSTANCE;
    }

    private enum LeastConn implements BalancingAlgorithm {
        INSTANCE;

        @Override
        public ServerPicker newPicker(ServerSnapshot snapshot, @Nullable ServerPicker previous) {
            if (snapshot.servers().isEmpty()) {
                return ServerPicker.EMPTY;
            }
            AtomicInteger turn = previous instanceof Picker ? ((Picker) previous).turn : new AtomicInteger();
            return new Picker(snapshot.servers().toArray(new Server[0]), turn, Limits.any(snapshot.servers()));
        }
    }

    static final class Picker implements ServerPicker {
        private final Server[] servers;
        private final AtomicInteger turn;
        /** Whether a server has a {@code maxconn}: only then are full servers passed over. */
        private final boolean limited;

        Picker(Server[] servers, AtomicInteger turn, boolean limited) {
            this.servers = servers;
            this.turn = turn;
            this.limited = limited;
        }

        @Override
        public @Nullable Server pick(PickContext context) {
            int count = servers.length;
            int start = Math.floorMod(turn.get(), count);
            Server best = null;
            long bestKey = Long.MAX_VALUE;
            int bestIndex = start;
            for (int step = 0; step < count; step++) {
                int index = start + step < count ? start + step : start + step - count;
                Server server = servers[index];
                if (limited && server.load().full()) {
                    // HAProxy's fwlc_get_next_server() passes over a server without room
                    continue;
                }
                                long key = (server.load().inflight() + 1L) * SCALE * Server.WEIGHT_SCALE / server.scaledWeight();
                if (key < bestKey) {
                    bestKey = key;
                    best = server;
                    bestIndex = index;
                }
            }
            if (best == null) {
                return null;
            }
            // the next pick among equals starts after this one
            turn.set(bestIndex + 1 == count ? 0 : bestIndex + 1);
            return best;
        }
    }
}
