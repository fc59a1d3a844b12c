package dev.bascule.algorithms;

import dev.bascule.api.Nullable;
import dev.bascule.api.balance.BalancingAlgorithm;
import dev.bascule.api.balance.PickContext;
import dev.bascule.api.balance.Server;
import dev.bascule.api.balance.ServerPicker;
import dev.bascule.api.balance.ServerSnapshot;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The map-based algorithms of HAProxy ({@code hash-type map-based}, the default): a key taken
 * from the request is hashed, and the hash modulo the total weight indexes the
 * {@link ServerMap}. When the request has no key (no such parameter or header, or not HTTP),
 * HAProxy walks the same map in turn ({@code map_get_server_rr()}), skipping the server a retry
 * left when another exists; {@code static-rr} is that walk alone. A backend with one usable
 * server always gets it, as HAProxy does not hash then.
 */
abstract class MapHash implements BalancingAlgorithm {
    /** What {@link #key} returns when the request has nothing to hash. */
    static final long MISSING = -1;

    private final HashFunction function;
    private final boolean avalanche;

    MapHash(HashFunction function, boolean avalanche) {
        this.function = function;
        this.avalanche = avalanche;
    }

    /**
     * The request's hash as an unsigned 32-bit value, or {@link #MISSING} to go round robin.
     * Runs on event loops: must not allocate.
     */
    abstract long key(PickContext context);

    /** The configured hash of {@code text[from, to)}, unsigned. */
    final long hash(CharSequence text, int from, int to) {
        int hash = function.hash(text, from, to);
        return Integer.toUnsignedLong(avalanche ? HashFunction.avalanche(hash) : hash);
    }

    @Override
    public final ServerPicker newPicker(ServerSnapshot snapshot, @Nullable ServerPicker previous) {
        if (snapshot.servers().isEmpty()) {
            return ServerPicker.EMPTY;
        }
        // HAProxy keeps the round-robin position of the map across changes of the farm
        AtomicInteger position = previous instanceof Picker ? ((Picker) previous).position : new AtomicInteger();
        return new Picker(this, ServerMap.build(snapshot.servers()), snapshot.servers().size() == 1, position);
    }

    static final class Picker implements ServerPicker {
        private final MapHash algorithm;
        private final Server[] map;
        private final boolean single;
        private final AtomicInteger position;

        Picker(MapHash algorithm, Server[] map, boolean single, AtomicInteger position) {
            this.algorithm = algorithm;
            this.map = map;
            this.single = single;
            this.position = position;
        }

        @Override
        public Server pick(PickContext context) {
            if (single) {
                return map[0];
            }
            long key = algorithm.key(context);
            if (key >= 0) {
                return map[(int) (key % map.length)];
            }
            return inTurn(context.previous());
        }

        /** The next slot of the map, past {@code avoid} unless it is all there is. */
        private Server inTurn(@Nullable Server avoid) {
            int length = map.length;
            while (true) {
                int observed = position.get();
                int index = observed >= 0 && observed < length ? observed : 0;
                Server chosen;
                int steps = 0;
                do {
                    chosen = map[index];
                    index = index + 1 == length ? 0 : index + 1;
                    steps++;
                } while (chosen == avoid && steps < length);
                if (position.compareAndSet(observed, index)) {
                    return chosen;
                }
            }
        }
    }
}
