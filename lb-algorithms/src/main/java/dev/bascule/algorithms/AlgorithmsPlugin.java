package dev.bascule.algorithms;

import dev.bascule.api.Plugin;
import dev.bascule.api.balance.BalancingAlgorithmFactory;

import java.util.Collection;
import java.util.List;

/** Serves the built-in balancing algorithms. */
public final class AlgorithmsPlugin implements Plugin {
    @Override
    public Collection<BalancingAlgorithmFactory> balancingAlgorithms() {
        return List.of(new RoundRobinFactory(), new LeastConnFactory(), new SourceFactory(), new UriFactory(),
                new UrlParamFactory(), new HdrFactory(), new StaticRrFactory(), new RandomFactory(),
                new FirstFactory(), new RdpCookieFactory());
    }
}
