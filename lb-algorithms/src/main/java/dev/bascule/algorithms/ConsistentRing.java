package dev.bascule.algorithms;

import dev.bascule.api.Nullable;
import dev.bascule.api.balance.Server;
import dev.bascule.api.sample.HashFunction;

import java.util.Arrays;
import java.util.List;

/**
 * HAProxy's consistent-hash tree ({@code lb_chash.c}) as a sorted array: each server owns
 * {@code weight x 16} points, the point {@code j} of the server whose id is {@code puid} at
 * {@code full_hash(puid x 4096 + j)}. A hash goes to the closer of the points around it (the
 * one before on a tie), then on past the server to avoid.
 */
final class ConsistentRing {
    /** HAProxy's {@code BE_WEIGHT_SCALE}: points per unit of weight. */
    private static final int SCALE = 16;
    /** HAProxy's {@code SRV_EWGHT_RANGE}. */
    private static final int RANGE = 256 * SCALE;

    /** The points' keys, unsigned, ascending. */
    final int[] keys;
    /** The server owning each point. */
    final Server[] owners;

    private ConsistentRing(int[] keys, Server[] owners) {
        this.keys = keys;
        this.owners = owners;
    }

    static ConsistentRing build(List<Server> servers) {
        int total = 0;
        for (Server server : servers) {
            total += server.scaledWeight();
        }
        // key in the high half (sign flipped to sort unsigned), insertion order in the low half
        long[] points = new long[total];
        Server[] byOrder = new Server[total];
        int index = 0;
        for (Server server : servers) {
            int count = server.scaledWeight();
            for (int j = 0; j < count; j++) {
                int key = HashFunction.avalanche(server.id() * RANGE + j);
                points[index] = ((long) (key ^ Integer.MIN_VALUE) << 32) | index;
                byOrder[index] = server;
                index++;
            }
        }
        Arrays.sort(points);
        int[] keys = new int[total];
        Server[] owners = new Server[total];
        for (int i = 0; i < total; i++) {
            keys[i] = (int) (points[i] >> 32) ^ Integer.MIN_VALUE;
            owners[i] = byOrder[(int) points[i]];
        }
        return new ConsistentRing(keys, owners);
    }

    /** HAProxy's {@code chash_get_server_hash()}. */
    Server lookup(int hash, @Nullable Server avoid) {
        int length = keys.length;
        // the first point at or after the hash, else the first one
        int low = 0;
        int high = length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (Integer.compareUnsigned(keys[middle], hash) < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        int next = low == length ? 0 : low;
        int previous = next == 0 ? length - 1 : next - 1;
        // distances modulo 2^32, as HAProxy's unsigned arithmetic
        int toPrevious = hash - keys[previous];
        int toNext = keys[next] - hash;
        int chosen = Integer.compareUnsigned(toPrevious, toNext) <= 0 ? previous : next;
        Server server = owners[chosen];
        int loops = 0;
        while (server == avoid) {
            chosen++;
            if (chosen == length) {
                chosen = 0;
                if (++loops > 1) {
                    break;
                }
            }
            server = owners[chosen];
        }
        return server;
    }
}
