package dev.bascule.api.loader;

import dev.bascule.api.action.ActionFactory;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.check.HealthCheckFactory;
import dev.bascule.api.sample.AclKeyword;
import dev.bascule.api.sample.AclMatcherFactory;
import dev.bascule.api.sample.SampleConverterFactory;
import dev.bascule.api.sample.SampleFetchFactory;

import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/** Every plugin-served keyword, by name. Read-only. */
public interface KeywordRegistry {
    Optional<BalancingAlgorithmFactory> balancingAlgorithm(String name);

    SortedSet<String> balancingAlgorithmNames();

    Optional<HealthCheckFactory> healthCheck(String name);

    SortedSet<String> healthCheckNames();

    Optional<SampleFetchFactory> sampleFetch(String keyword);

    SortedSet<String> sampleFetchNames();

    /** Converters ({@code lower}); none by default, for registries older than converters. */
    default Optional<SampleConverterFactory> sampleConverter(String keyword) {
        return Optional.empty();
    }

    default SortedSet<String> sampleConverterNames() {
        return new TreeSet<>();
    }

    Optional<AclMatcherFactory> aclMatcher(String name);

    SortedSet<String> aclMatcherNames();

    /** ACL keywords that are a fetch with a match method ({@code hdr_beg}). */
    Optional<AclKeyword> aclKeyword(String name);

    SortedSet<String> aclKeywordNames();

    /**
     * The rule action served for the written word {@code written}: the factory of that keyword,
     * else the prefix factory whose keyword starts it ({@code set-var} for {@code set-var(txn.x)}).
     */
    default Optional<ActionFactory> action(String written) {
        return Optional.empty();
    }

    /**
     * The factory serving the written word {@code written} among {@code byKeyword}: the one of that
     * keyword, else the {@linkplain ActionFactory#prefix() prefix} factory with the longest keyword
     * starting it (HAProxy's {@code KWF_MATCH_PREFIX}), for registries to share one rule.
     */
    static Optional<ActionFactory> actionFor(Map<String, ActionFactory> byKeyword, String written) {
        ActionFactory exact = byKeyword.get(written);
        if (exact != null) {
            return Optional.of(exact);
        }
        ActionFactory best = null;
        for (ActionFactory factory : byKeyword.values()) {
            if (factory.prefix() && written.startsWith(factory.keyword())
                    && (best == null || factory.keyword().length() > best.keyword().length())) {
                best = factory;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The rule action keywords the plugins serve. */
    default SortedSet<String> actionNames() {
        return new TreeSet<>();
    }

    /**
     * The services the host answers with ({@code use-service <name>}); none by default. They are
     * the host's own, not a plugin's.
     */
    default SortedSet<String> serviceNames() {
        return new TreeSet<>();
    }
}
