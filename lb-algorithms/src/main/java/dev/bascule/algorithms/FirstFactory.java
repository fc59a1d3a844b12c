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
 * Bascule has no server {@code maxconn} yet (refused at load), so every server has room and the
 * first one takes all the traffic, as HAProxy does without {@code maxconn}. Takes no argument.
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
            return context -> first(servers, context);
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
