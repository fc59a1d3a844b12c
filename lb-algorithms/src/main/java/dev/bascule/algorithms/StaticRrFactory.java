package dev.bascule.algorithms;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.balance.BalancingAlgorithm;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.balance.PickContext;
import dev.bascule.api.sample.HashFunction;

import java.util.List;

/**
 * {@code balance static-rr}: the weight map of {@link ServerMap} walked in turn, HAProxy's
 * {@code map_get_server_rr()}; weights are static (a change rebuilds the map). Takes no argument.
 */
public final class StaticRrFactory implements BalancingAlgorithmFactory {
    @Override
    public String name() {
        return "static-rr";
    }

    @Override
    public BalancingAlgorithm create(List<String> arguments) throws InvalidArgumentException {
        BalanceArguments.none(name(), arguments);
        return new StaticRr();
    }

    private static final class StaticRr extends MapHash {
        StaticRr() {
            super(HashFunction.SDBM, false);
        }

        @Override
        long key(PickContext context) {
            return MISSING;
        }
    }
}
