package dev.bascule.core.plugin;

import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.check.HealthCheckFactory;
import dev.bascule.api.loader.ConfigLoaderFactory;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.sample.AclKeyword;
import dev.bascule.api.sample.AclMatcherFactory;
import dev.bascule.api.sample.SampleConverterFactory;
import dev.bascule.api.sample.SampleFetchFactory;

import jakarta.inject.Inject;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/** Every factory served by the loaded plugins, by name. Immutable once built. */
public final class PluginRegistry implements KeywordRegistry {
    private final List<LoadedPlugin> plugins;
    private final Map<String, BalancingAlgorithmFactory> algorithms;
    private final Map<String, HealthCheckFactory> checks;
    private final Map<String, SampleFetchFactory> fetches;
    private final Map<String, SampleConverterFactory> converters;
    private final Map<String, AclMatcherFactory> matchers;
    private final Map<String, ConfigLoaderFactory> loaders;
    private final Map<String, AclKeyword> aclKeywords;

    @Inject
    PluginRegistry(List<LoadedPlugin> plugins,
                   Map<String, BalancingAlgorithmFactory> algorithms,
                   Map<String, HealthCheckFactory> checks,
                   Map<String, SampleFetchFactory> fetches,
                   Map<String, SampleConverterFactory> converters,
                   Map<String, AclMatcherFactory> matchers,
                   Map<String, ConfigLoaderFactory> loaders,
                   Map<String, AclKeyword> aclKeywords) {
        this.plugins = List.copyOf(plugins);
        this.algorithms = Map.copyOf(algorithms);
        this.checks = Map.copyOf(checks);
        this.fetches = Map.copyOf(fetches);
        this.converters = Map.copyOf(converters);
        this.matchers = Map.copyOf(matchers);
        this.loaders = Map.copyOf(loaders);
        this.aclKeywords = Map.copyOf(aclKeywords);
    }

    /** The plugins loaded, in load order. */
    public List<LoadedPlugin> plugins() {
        return plugins;
    }

    /** The loader of a configuration format. */
    public Optional<ConfigLoaderFactory> configLoader(String format) {
        return Optional.ofNullable(loaders.get(format));
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
    public Optional<SampleConverterFactory> sampleConverter(String keyword) {
        return Optional.ofNullable(converters.get(keyword));
    }

    @Override
    public SortedSet<String> sampleConverterNames() {
        return names(converters);
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
}
