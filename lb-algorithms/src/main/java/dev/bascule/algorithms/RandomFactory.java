package dev.bascule.algorithms;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.balance.BalanceArgumentException;
import dev.bascule.api.balance.BalancingAlgorithm;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.balance.PickContext;
import dev.bascule.api.balance.Server;
import dev.bascule.api.balance.ServerPicker;
import dev.bascule.api.balance.ServerSnapshot;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code balance random[(<draws>)]}: HAProxy's {@code get_server_rnd()}. Each draw picks a
 * server at random in proportion to its weight (a random slot of the {@link ServerMap}, where
 * HAProxy draws on its consistent-hash tree); of the draws (2 by default), the server with the
 * fewest requests relative to its weight wins, the later draw on a tie. Random, so not
 * reproducible request by request; only the distribution matches HAProxy's.
 */
public final class RandomFactory implements BalancingAlgorithmFactory {
    @Override
    public String name() {
        return "random";
    }

    @Override
    public BalancingAlgorithm create(List<String> arguments) throws InvalidArgumentException {
        if (arguments.size() > 1) {
            throw new InvalidArgumentException("'balance random' takes no argument, got '"
                    + String.join(" ", arguments.subList(1, arguments.size())) + "'");
        }
        int draws = 2;
        if (!arguments.isEmpty() && !arguments.get(0).isEmpty()) {
            draws = strtolDraws(arguments.get(0));
        }
        return new RandomAlgorithm(draws);
    }

    /** C's {@code strtol(text, &end, 0)} up to a closing parenthesis, with HAProxy's messages. */
    private static int strtolDraws(String text) throws InvalidArgumentException {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        int radix = 10;
        if (i + 1 < text.length() && text.charAt(i) == '0' && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')
                && i + 2 < text.length() && Character.digit(text.charAt(i + 2), 16) >= 0) {
            radix = 16;
            i += 2;
        } else if (i < text.length() && text.charAt(i) == '0') {
            radix = 8;
        }
        int digitsStart = i;
        long value = 0;
        while (i < text.length() && Character.digit(text.charAt(i), radix) >= 0) {
            value = Math.min(value * radix + Character.digit(text.charAt(i), radix), Long.MAX_VALUE / 16);
            i++;
        }
        if (i == digitsStart && radix != 8) {
            // no number at all: strtol leaves end at the start
            i = 0;
        }
        if (i < text.length()) {
            throw new BalanceArgumentException("random : unexpected character '" + text.charAt(i)
                    + "' after argument.");
        }
        long draws = negative ? -value : value;
        if (draws < 1) {
            throw new BalanceArgumentException("random : number of draws must be at least 1.");
        }
        return (int) Math.min(draws, Integer.MAX_VALUE);
    }

    private record RandomAlgorithm(int draws) implements BalancingAlgorithm {
        @Override
        public ServerPicker newPicker(ServerSnapshot snapshot, @Nullable ServerPicker previous) {
            if (snapshot.servers().isEmpty()) {
                return ServerPicker.EMPTY;
            }
            Server[] map = ServerMap.build(snapshot.servers());
            int count = draws;
            if (Limits.any(snapshot.servers())) {
                // HAProxy's get_server_rnd(): a full winner means no server, the stream waits in the backend queue
                return context -> {
                    Server chosen = pick(map, count);
                    return chosen.load().full() ? null : chosen;
                };
            }
            return context -> pick(map, count);
        }

        private static Server pick(Server[] map, int draws) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            Server best = map[random.nextInt(map.length)];
            for (int draw = 1; draw < draws; draw++) {
                Server other = map[random.nextInt(map.length)];
                // the new draw wins unless it serves more relative to its weight
                if (other != best && (long) other.load().inflight() * best.scaledWeight()
                        <= (long) best.load().inflight() * other.scaledWeight()) {
                    best = other;
                }
            }
            return best;
        }
    }
}
