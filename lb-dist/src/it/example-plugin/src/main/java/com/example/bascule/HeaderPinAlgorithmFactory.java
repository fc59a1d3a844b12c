package com.example.bascule;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.balance.BalancingAlgorithm;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.balance.PickContext;
import dev.bascule.api.balance.Server;
import dev.bascule.api.balance.ServerPicker;
import dev.bascule.api.balance.ServerSnapshot;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code balance example.pin(<header>)}: a request whose header {@code <header>} names a usable
 * server of the backend goes to that server; any other request goes to the next server in turn
 * (round robin, weights ignored). For a canary or a debugging session, a client can pin itself
 * to one server ({@code curl -H 'x-pin: app2' ...}) while the traffic keeps being spread. When
 * the named server is down, or a connection to it failed and {@code option redispatch} retries
 * elsewhere, the request is spread like one without the header. Outside HTTP ({@code mode tcp})
 * there is no header: plain round robin.
 *
 * <p>The SPI's three layers: this factory (control plane, once per {@code balance} line: checks
 * the arguments); the algorithm it returns (control plane, once per backend: builds a picker
 * every time the usable servers change, which may allocate); the picker (event loops, every
 * request, from several threads at once: lock-free, no allocation).
 */
public final class HeaderPinAlgorithmFactory implements BalancingAlgorithmFactory {
    @Override
    public String name() {
        return "example.pin";
    }

    /**
     * {@code balance example.pin(x-pin)} and {@code balance example.pin x-pin} both arrive here as
     * {@code ["x-pin"]}.
     */
    @Override
    public BalancingAlgorithm create(List<String> arguments) throws InvalidArgumentException {
        if (arguments.size() != 1 || arguments.get(0).isBlank()) {
            // becomes "[ALERT] ... parsing [file:line] : 'balance example.pin' : expects ..."
            throw new InvalidArgumentException("expects one argument, the request header that names the server,"
                    + " as in 'balance example.pin(x-pin)'");
        }
        return new HeaderPin(arguments.get(0));
    }

    /** One backend's algorithm: its settings, and the making of pickers. */
    private static final class HeaderPin implements BalancingAlgorithm {
        private final String header;

        HeaderPin(String header) {
            this.header = header;
        }

        /**
         * Control plane: runs at start and whenever a server goes up or down. The snapshot holds
         * the usable servers only. The turn counter is taken over from the previous picker, so a
         * health change does not send the next requests back to the first server.
         */
        @Override
        public ServerPicker newPicker(ServerSnapshot snapshot, @Nullable ServerPicker previous) {
            if (snapshot.servers().isEmpty()) {
                return ServerPicker.EMPTY; // every pick answers null: the host replies 503
            }
            AtomicInteger turn = previous instanceof Picker picker ? picker.turn : new AtomicInteger();
            return new Picker(header, snapshot.servers(), turn);
        }
    }

    /** Immutable but for the shared turn counter: every event loop picks through the same instance. */
    private static final class Picker implements ServerPicker {
        private final String header;
        /** The servers in configuration order, for the turns. */
        private final Server[] servers;
        /** The same servers sorted by name, for a binary search that needs no String of the header value. */
        private final Server[] byName;
        final AtomicInteger turn;

        Picker(String header, List<Server> servers, AtomicInteger turn) {
            this.header = header;
            this.servers = servers.toArray(new Server[0]);
            this.byName = servers.toArray(new Server[0]);
            Arrays.sort(byName, Comparator.comparing(Server::name));
            this.turn = turn;
        }

        /** Event loop: reads the header through the context (no copy), then a counter. No allocation, no lock. */
        @Override
        public @Nullable Server pick(PickContext context) {
            Server failed = context.previous(); // null on the first attempt
            CharSequence wanted = context.requestHeader(header);
            if (wanted != null) {
                Server named = find(wanted);
                if (named != null && named != failed) {
                    return named;
                }
            }
            // floorMod: the counter wraps to negative after 2^31 requests
            Server next = servers[Math.floorMod(turn.getAndIncrement(), servers.length)];
            if (next == failed && servers.length > 1) {
                next = servers[Math.floorMod(turn.getAndIncrement(), servers.length)];
            }
            return next;
        }

        private @Nullable Server find(CharSequence name) {
            int low = 0;
            int high = byName.length - 1;
            while (low <= high) {
                int middle = (low + high) >>> 1;
                int order = CharSequence.compare(byName[middle].name(), name);
                if (order < 0) {
                    low = middle + 1;
                } else if (order > 0) {
                    high = middle - 1;
                } else {
                    return byName[middle];
                }
            }
            return null;
        }
    }
}
