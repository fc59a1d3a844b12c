package dev.bascule.algorithms;

import dev.bascule.api.Nullable;
import dev.bascule.api.balance.BalancingAlgorithm;
import dev.bascule.api.balance.PickContext;
import dev.bascule.api.balance.Server;
import dev.bascule.api.balance.ServerPicker;
import dev.bascule.api.balance.ServerSnapshot;
import dev.bascule.api.sample.HashFunction;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HAProxy's hash-based algorithms. With {@code hash-type map-based} (the default) a key taken
 * from the request is hashed, and the hash modulo the total weight indexes the
 * {@link ServerMap}; when the request has no key (no such parameter or header, or not HTTP),
 * HAProxy walks the same map in turn ({@code map_get_server_rr()}), skipping the server a retry
 * left when another exists; {@code static-rr} is that walk alone. With
 * {@code hash-type consistent} the hash finds its server on a {@link ConsistentRing}, past the
 * server a retry left, and a request without key walks the ring's points in turn
 * ({@code chash_get_next_server()}). A backend with one usable server always gets it, as
 * HAProxy does not hash then.
 */
abstract class MapHash implements BalancingAlgorithm {
    /** What {@link #key} returns when the request has nothing to hash. */
    static final long MISSING = -1;

    private final HashFunction function;
    private final boolean avalanche;
    private final boolean consistent;

    MapHash(HashFunction function, boolean avalanche, boolean consistent) {
        this.function = function;
        this.avalanche = avalanche;
        this.consistent = consistent;
    }

    MapHash(HashFunction function, boolean avalanche) {
        this(function, avalanche, false);
    }

    /**
     * The request's hash as an unsigned 32-bit value, or {@link #MISSING} to go round robin.
     * Runs on event loops: must not allocate.
     */
    abstract long key(PickContext context);

    /** The configured hash of {@code text[from, to)}, unsigned. */
    final long hash(CharSequence text, int from, int to) {
        return finish(function.hash(text, from, to));
    }

    /** A raw hash with the configured modifier applied, unsigned. */
    final long finish(int hash) {
        return Integer.toUnsignedLong(avalanche ? HashFunction.avalanche(hash) : hash);
    }

    @Override
    public final ServerPicker newPicker(ServerSnapshot snapshot, @Nullable ServerPicker previous) {
        if (snapshot.servers().isEmpty()) {
            return ServerPicker.EMPTY;
        }
        // HAProxy keeps the round-robin position across changes of the farm
        AtomicInteger position = previous instanceof Picker ? ((Picker) previous).position : new AtomicInteger();
        boolean single = snapshot.servers().size() == 1;
        if (consistent) {
            ConsistentRing ring = ConsistentRing.build(snapshot.servers());
            return new Picker(this, ring.owners, ring, single, position);
        }
        return new Picker(this, ServerMap.build(snapshot.servers()), null, single, position);
    }

    static final class Picker implements ServerPicker {
        private final MapHash algorithm;
        /** The weight map, or the ring's points in order: what a request without key walks. */
        private final Server[] map;
        private final @Nullable ConsistentRing ring;
        private final boolean single;
        private final AtomicInteger position;
        /** Whether a server has a {@code maxconn}: only then does the walk in turn pass full servers over. */
        private final boolean limited;

        Picker(MapHash algorithm, Server[] map, @Nullable ConsistentRing ring, boolean single,
               AtomicInteger position) {
            this.algorithm = algorithm;
            this.map = map;
            this.ring = ring;
            this.single = single;
            this.position = position;
            this.limited = Limits.any(Arrays.asList(map));
        }

        @Override
        public Server pick(PickContext context) {
            if (single) {
                return map[0];
            }
            long key = algorithm.key(context);
            if (key >= 0) {
                return ring != null ? ring.lookup((int) key, context.previous()) : map[(int) (key % map.length)];
            }
            return inTurn(context.previous());
        }

        /**
         * The next slot of the map (or point of the ring), past {@code avoid} unless it is all there
         * is, and past full servers (null when all are full), as HAProxy's {@code map_get_server_rr()}.
         */
        private @Nullable Server inTurn(@Nullable Server avoid) {
            if (limited) {
                return inTurnWithRoom(avoid);
            }
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
    
        private @Nullable Server inTurnWithRoom(@Nullable Server avoid) {
            int length = map.length;
            while (true) {
                int observed = position.get();
                int index = observed >= 0 && observed < length ? observed : 0;
                Server chosen = null;
                Server avoided = null;
                for (int steps = 0; steps < length && chosen == null; steps++) {
                    Server candidate = map[index];
                    index = index + 1 == length ? 0 : index + 1;
                    if (candidate.load().full()) {
                        continue;
                    }
                    if (candidate == avoid) {
                        avoided = candidate;
                    } else {
                        chosen = candidate;
                    }
                }
                if (position.compareAndSet(observed, index)) {
                    return chosen != null ? chosen : avoided;
                }
            }
        }
    }
}
