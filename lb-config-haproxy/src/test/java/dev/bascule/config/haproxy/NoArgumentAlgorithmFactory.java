package dev.bascule.config.haproxy;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.balance.BalancingAlgorithm;
import dev.bascule.api.balance.BalancingAlgorithmFactory;

import java.util.List;

/** Accepts {@code balance NAME} without arguments; its pickers never pick. */
record NoArgumentAlgorithmFactory(String name) implements BalancingAlgorithmFactory {
    @Override
    public BalancingAlgorithm create(List<String> arguments) throws InvalidArgumentException {
        if (!arguments.isEmpty()) {
            throw new InvalidArgumentException(name + " takes no argument (got '" + String.join(" ", arguments) + "')");
        }
        return (snapshot, previous) -> context -> null;
    }
}
