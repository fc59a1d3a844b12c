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

/**
 * {@code balance first}: HAProxy's {@code fas_get_next_server()}, the first usable server in id
 * (declaration) order that has room, past the server a retry left unless it is the only one.
 * A server has room when it has no {@code maxconn}, or free slots and nobody in its queue; when no
 * server has room the stream waits in the backend's queue. Takes no argument.
 */
public final class FirstFactory implements BalancingAlgorithmFactory {
    @Override
    public String name() {
        return "first";
    }

    @Override
    public BalancingAlgorithm create(List<String> arguments) throws InvalidArgumentException {
        BalanceArguments.none(name(), arguments);
        return First.INSTANCE;
    }

    private enum First implements BalancingAlgorithm {
        INSTANCE;

        @Override
        public ServerPicker newPicker(ServerSnapshot snapshot, @Nullable ServerPicker previous) {
            if (snapshot.servers().isEmpty()) {
                return ServerPicker.EMPTY;
            }
            Server[] servers = snapshot.servers().toArray(new Server[0]);
            if (Limits.any(snapshot.servers())) {
                return context -> firstWithRoom(servers, context);
            }
            return context -> first(servers, context);
        }

        /** HAProxy's {@code fas_get_next_server()}: the first with room, past the one a retry left; null when all are full. */
        private static @Nullable Server firstWithRoom(Server[] servers, PickContext context) {
            Server avoid = context.previous();
            Server avoided = null;
            for (Server server : servers) {
                if (!server.load().full()) {
                    if (server != avoid) {
                        return server;
                    }
                    avoided = server;
                }
            }
            return avoided;
        }

        private static Server first(Server[] servers, PickContext context) {
            Server avoid = context.previous();
            for (Server server : servers) {
                if (server != avoid) {
                    return server;
                }
            }
            return servers[0];
        }
    }
}
