package dev.bascule.config.haproxy;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.balance.BalancingAlgorithm;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.check.HealthCheckFactory;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.sample.AclMatcherFactory;
import dev.bascule.api.sample.SampleFetchFactory;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A registry that knows the balancing algorithms it is given (by default only
 * {@code roundrobin}), each accepting no argument, and nothing else.
 */
final class TestingKeywordRegistry implements KeywordRegistry {
    private final SortedSet<String> algorithms;

    private TestingKeywordRegistry(SortedSet<String> algorithms) {
        this.algorithms = Collections.unmodifiableSortedSet(algorithms);
    }

    /** Knows {@code roundrobin} only. */
    static TestingKeywordRegistry roundRobin() {
        return withAlgorithms("roundrobin");
    }

    static TestingKeywordRegistry withAlgorithms(String... names) {
        return new TestingKeywordRegistry(new TreeSet<>(List.of(names)));
    }

    @Override
    public Optional<BalancingAlgorithmFactory> balancingAlgorithm(String name) {
        return algorithms.contains(name) ? Optional.of(new NoArgumentAlgorithmFactory(name)) : Optional.empty();
    }

    @Override
    public SortedSet<String> balancingAlgorithmNames() {
        return algorithms;
    }

    @Override
    public Optional<HealthCheckFactory> healthCheck(String name) {
        return Optional.empty();
    }

    @Override
    public SortedSet<String> healthCheckNames() {
        return Collections.emptySortedSet();
    }

    @Override
    public Optional<SampleFetchFactory> sampleFetch(String keyword) {
        return Optional.empty();
    }

    @Override
    public SortedSet<String> sampleFetchNames() {
        return Collections.emptySortedSet();
    }

    @Override
    public Optional<AclMatcherFactory> aclMatcher(String name) {
        return Optional.empty();
    }

    @Override
    public SortedSet<String> aclMatcherNames() {
        return Collections.emptySortedSet();
    }

    /** Accepts {@code balance NAME} without arguments; its pickers never pick. */
    private static final class NoArgumentAlgorithmFactory implements BalancingAlgorithmFactory {
        private final String name;

        NoArgumentAlgorithmFactory(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public BalancingAlgorithm create(List<String> arguments) throws InvalidArgumentException {
            if (!arguments.isEmpty()) {
                throw new InvalidArgumentException(name + " takes no argument (got '" + String.join(" ", arguments)
                        + "')");
            }
            return (snapshot, previous) -> context -> null;
        }
    }
}
