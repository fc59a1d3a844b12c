package dev.bascule.core.plugin;

import dev.bascule.api.action.ActionFactory;

import dev.bascule.api.Plugin;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.check.HealthCheckFactory;
import dev.bascule.api.loader.ConfigLoaderFactory;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.sample.AclKeyword;
import dev.bascule.api.sample.AclMatcherFactory;
import dev.bascule.api.sample.SampleConverterFactory;
import dev.bascule.api.sample.SampleFetchFactory;

import jakarta.inject.Inject;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/** Every factory served by the loaded plugins, by name. Immutable once built. */
public final class PluginRegistry implements KeywordRegistry {
    private final List<LoadedPlugin> plugins;
    private final Map<String, ActionFactory> actions;
    private final Map<String, BalancingAlgorithmFactory> algorithms;
    private final Map<String, HealthCheckFactory> checks;
    private final Map<String, SampleFetchFactory> fetches;
    private final Map<String, SampleConverterFactory> converters;
    private final Map<String, AclMatcherFactory> matchers;
    private final Map<String, ConfigLoaderFactory> loaders;
    private final Map<String, AclKeyword> aclKeywords;

    @Inject
    PluginRegistry(List<LoadedPlugin> plugins) {
        this.plugins = List.copyOf(plugins);
        this.algorithms = index(plugins, Plugin::balancingAlgorithms, BalancingAlgorithmFactory::name);
        this.checks = index(plugins, Plugin::healthChecks, HealthCheckFactory::name);
        this.fetches = index(plugins, Plugin::sampleFetches, SampleFetchFactory::keyword);
        this.converters = index(plugins, Plugin::sampleConverters, SampleConverterFactory::keyword);
        this.matchers = index(plugins, Plugin::aclMatchers, AclMatcherFactory::name);
        this.loaders = index(plugins, Plugin::configLoaders, ConfigLoaderFactory::format);
        this.aclKeywords = index(plugins, Plugin::aclKeywords, AclKeyword::name);
        this.actions = index(plugins, Plugin::actions, ActionFactory::keyword);
    }

    /** The factories of every plugin by name ({@link PluginModule#of} made sure that names are unique). */
    private static <F> Map<String, F> index(List<LoadedPlugin> plugins,
                                            Function<Plugin, ? extends Collection<F>> contributions,
                                            Function<F, String> name) {
        Map<String, F> byName = new HashMap<>();
        for (LoadedPlugin plugin : plugins) {
            for (Plugin instance : plugin.instances()) {
                for (F factory : contributions.apply(instance)) {
                    byName.put(name.apply(factory), factory);
                }
            }
        }
        return Map.copyOf(byName);
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

    @Override
    public Optional<ActionFactory> action(String written) {
        return KeywordRegistry.actionFor(actions, written);
    }

    @Override
    public SortedSet<String> actionNames() {
        return names(actions);
    }

    /** Bascule's own services ({@link dev.bascule.core.service.HttpServices}), which no plugin serves. */
    @Override
    public SortedSet<String> serviceNames() {
        return dev.bascule.core.service.HttpServices.NAMES;
    }

    private static SortedSet<String> names(Map<String, ?> map) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(map.keySet()));
    }
}
