package dev.bascule.algorithms;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.balance.BalancingAlgorithm;
import dev.bascule.api.balance.BalancingAlgorithmFactory;

import java.util.List;

/** {@code balance roundrobin}: each server in turn, in proportion to its weight. Takes no argument. */
public final class RoundRobinFactory implements BalancingAlgorithmFactory {
    @Override
    public String name() {
        return "roundrobin";
    }

    @Override
    public BalancingAlgorithm create(List<String> arguments) throws InvalidArgumentException {
        BalanceArguments.none(name(), arguments);
        return RoundRobin.INSTANCE;
    }
}
