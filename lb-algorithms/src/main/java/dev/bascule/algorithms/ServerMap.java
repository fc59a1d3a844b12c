package dev.bascule.algorithms;

import dev.bascule.api.balance.Server;

import java.util.List;

/**
 * HAProxy's map of servers for map-based algorithms ({@code lb_map.c}): weights divided by their
 * greatest common divisor, then one slot per unit of weight, filled so that declaration order
 * wins ties and heavy servers are spread over the map. {@code balance source} (and later
 * {@code static-rr} and the map-based hashes) index it.
 */
final class ServerMap {
    private ServerMap() {
    }

    /** The map for these usable servers (all with weight above 0), in declaration order. */
    static Server[] build(List<Server> servers) {
        int divisor = 0;
        for (Server server : servers) {
            divisor = gcd(divisor, server.scaledWeight());
        }
        int[] weights = new int[servers.size()];
        int total = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = servers.get(i).scaledWeight() / divisor;
            total += weights[i];
        }
        Server[] map = new Server[total];
        if (total == 1) {
            map[0] = servers.get(0);
            return map;
        }
        long[] scores = new long[weights.length];
        for (int slot = 0; slot < total; slot++) {
            int best = -1;
            long max = 0;
            for (int i = 0; i < weights.length; i++) {
                scores[i] += weights[i];
                long value = Math.floorDiv(scores[i] + total, (long) total);
                if (best < 0 || value > max) {
                    max = value;
                    best = i;
                }
            }
            map[slot] = servers.get(best);
            scores[best] -= total;
        }
        return map;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
