package dev.bascule.api.testing;

import dev.bascule.api.action.ActionFactory;

import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.check.HealthCheckFactory;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.sample.AclKeyword;
import dev.bascule.api.sample.AclMatcherFactory;
import dev.bascule.api.sample.SampleConverterFactory;
import dev.bascule.api.sample.SampleFetchFactory;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A {@link KeywordRegistry} for tests that serves exactly the factories it is given. Shipped in
 * lb-api's test-jar for plugin authors: add {@code dev.bascule:lb-api:test-jar} in test scope.
 */
public final class TestingKeywordRegistry implements KeywordRegistry {
    private final Map<String, BalancingAlgorithmFactory> algorithms;
    private final Map<String, HealthCheckFactory> checks;
    private final Map<String, SampleFetchFactory> fetches;
    private final Map<String, AclMatcherFactory> matchers;
    private final Map<String, AclKeyword> aclKeywords;
    private final Map<String, SampleConverterFactory> converters;
    private final Map<String, ActionFactory> actions;
    private final SortedSet<String> services;

    private TestingKeywordRegistry(Map<String, BalancingAlgorithmFactory> algorithms, Map<String, HealthCheckFactory> checks,
                                   Map<String, SampleFetchFactory> fetches, Map<String, AclMatcherFactory> matchers,
                                   Map<String, AclKeyword> aclKeywords, Map<String, SampleConverterFactory> converters,
                                   Map<String, ActionFactory> actions, SortedSet<String> services) {
        this.actions = actions;
        this.services = Collections.unmodifiableSortedSet(new TreeSet<>(services));
        this.algorithms = algorithms;
        this.checks = checks;
        this.fetches = fetches;
        this.matchers = matchers;
        this.aclKeywords = aclKeywords;
        this.converters = converters;
    }

    /** A copy that also serves these converters. */
    public TestingKeywordRegistry plusSampleConverters(SampleConverterFactory... factories) {
        return new TestingKeywordRegistry(algorithms, checks, fetches, matchers, aclKeywords,
                plus(converters, factories, SampleConverterFactory::keyword), actions, services);
    }

    @Override
    public Optional<SampleConverterFactory> sampleConverter(String keyword) {
        return Optional.ofNullable(converters.get(keyword));
    }

    @Override
    public SortedSet<String> sampleConverterNames() {
        return new TreeSet<>(converters.keySet());
    }

    /** A registry serving nothing. */
    public static TestingKeywordRegistry empty() {
        return new TestingKeywordRegistry(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                new TreeSet<>());
    }

    /** A registry serving these balancing algorithms and nothing else. */
    public static TestingKeywordRegistry withAlgorithms(BalancingAlgorithmFactory... factories) {
        return empty().plusAlgorithms(factories);
    }

    /** A copy that also serves these balancing algorithms. */
    public TestingKeywordRegistry plusAlgorithms(BalancingAlgorithmFactory... factories) {
        return new TestingKeywordRegistry(plus(algorithms, factories, BalancingAlgorithmFactory::name), checks, fetches,
                matchers, aclKeywords, converters, actions, services);
    }

    /** A copy that also serves these health checks. */
    public TestingKeywordRegistry plusHealthChecks(HealthCheckFactory... factories) {
        return new TestingKeywordRegistry(algorithms, plus(checks, factories, HealthCheckFactory::name), fetches,
                matchers, aclKeywords, converters, actions, services);
    }

    /** A copy that also serves these sample fetches. */
    public TestingKeywordRegistry plusSampleFetches(SampleFetchFactory... factories) {
        return new TestingKeywordRegistry(algorithms, checks, plus(fetches, factories, SampleFetchFactory::keyword),
                matchers, aclKeywords, converters, actions, services);
    }

    /** A copy that also serves these ACL match methods. */
    public TestingKeywordRegistry plusAclMatchers(AclMatcherFactory... factories) {
        return new TestingKeywordRegistry(algorithms, checks, fetches,
                plus(matchers, factories, AclMatcherFactory::name), aclKeywords, converters, actions, services);
    }

    /** A copy that also serves these rule actions. */
    public TestingKeywordRegistry plusActions(java.util.Collection<? extends ActionFactory> factories) {
        return new TestingKeywordRegistry(algorithms, checks, fetches, matchers, aclKeywords, converters,
                plus(actions, factories.toArray(new ActionFactory[0]), ActionFactory::keyword), services);
    }

    @Override
    public Optional<ActionFactory> action(String written) {
        return KeywordRegistry.actionFor(actions, written);
    }

    @Override
    public SortedSet<String> actionNames() {
        return new TreeSet<>(actions.keySet());
    }

    /** A copy that also serves these ACL keywords. */
    public TestingKeywordRegistry plusAclKeywords(AclKeyword... keywords) {
        return new TestingKeywordRegistry(algorithms, checks, fetches, matchers,
                plus(aclKeywords, keywords, AclKeyword::name), converters, actions, services);
    }

    private static <F> Map<String, F> plus(Map<String, F> existing, F[] added, Function<F, String> name) {
        Map<String, F> all = new TreeMap<>(existing);
        for (F factory : added) {
            all.put(name.apply(factory), factory);
        }
        return Collections.unmodifiableMap(all);
    }

    @Override
    public Optional<BalancingAlgorithmFactory> balancingAlgorithm(String name) {
        return Optional.ofNullable(algorithms.get(name));
    }

    @Override
    public SortedSet<String> balancingAlgorithmNames() {
        return names(algorithms);
    }

    @Override
    public Optional<HealthCheckFactory> healthCheck(String name) {
        return Optional.ofNullable(checks.get(name));
    }

    @Override
    public SortedSet<String> healthCheckNames() {
        return names(checks);
    }

    @Override
    public Optional<SampleFetchFactory> sampleFetch(String keyword) {
        return Optional.ofNullable(fetches.get(keyword));
    }

    @Override
    public SortedSet<String> sampleFetchNames() {
        return names(fetches);
    }

    @Override
    public Optional<AclMatcherFactory> aclMatcher(String name) {
        return Optional.ofNullable(matchers.get(name));
    }

    @Override
    public SortedSet<String> aclMatcherNames() {
        return names(matchers);
    }

    @Override
    public Optional<AclKeyword> aclKeyword(String name) {
        return Optional.ofNullable(aclKeywords.get(name));
    }

    @Override
    public SortedSet<String> aclKeywordNames() {
        return names(aclKeywords);
    }

    private static SortedSet<String> names(Map<String, ?> map) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(map.keySet()));
    }

    /** A copy that also says it answers with these services ({@code use-service <name>}). */
    public TestingKeywordRegistry plusServices(String... names) {
        SortedSet<String> more = new TreeSet<>(services);
        more.addAll(java.util.List.of(names));
        return new TestingKeywordRegistry(algorithms, checks, fetches, matchers, aclKeywords, converters, actions,
                more);
    }

    @Override
    public SortedSet<String> serviceNames() {
        return services;
    }
}
