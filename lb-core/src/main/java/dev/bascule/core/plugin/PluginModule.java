package dev.bascule.core.plugin;

import dev.bascule.api.action.ActionFactory;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Plugin;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.check.HealthCheckFactory;
import dev.bascule.api.loader.ConfigLoaderFactory;
import dev.bascule.api.sample.AclKeyword;
import dev.bascule.api.sample.AclMatcherFactory;
import dev.bascule.api.sample.SampleConverterFactory;
import dev.bascule.api.sample.SampleFetchFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.TypeLiteral;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Binds the loaded plugins and the registry that indexes their factories by name. Guice stays
 * inside the core: plugins never see it. Duplicate names are checked before binding, so the error
 * names both plugins. The factories are not bound one by one: a map binding per keyword (some
 * seven hundred) cost a quarter of a second at every start, {@code -c} checks included.
 */
public final class PluginModule extends AbstractModule {
    private final List<LoadedPlugin> plugins;

    private PluginModule(List<LoadedPlugin> plugins) {
        this.plugins = List.copyOf(plugins);
    }

    /** A module for these plugins; fails when two of them serve the same name. */
    public static PluginModule of(List<LoadedPlugin> plugins) throws PluginException {
        List<String> conflicts = new ArrayList<>();
        checkUnique(plugins, "balance algorithm", Plugin::balancingAlgorithms, BalancingAlgorithmFactory::name, conflicts);
        checkUnique(plugins, "health check", Plugin::healthChecks, HealthCheckFactory::name, conflicts);
        checkUnique(plugins, "sample fetch", Plugin::sampleFetches, SampleFetchFactory::keyword, conflicts);
        checkUnique(plugins, "converter", Plugin::sampleConverters, SampleConverterFactory::keyword, conflicts);
        checkUnique(plugins, "ACL match method", Plugin::aclMatchers, AclMatcherFactory::name, conflicts);
        checkUnique(plugins, "ACL keyword", Plugin::aclKeywords, AclKeyword::name, conflicts);
        checkUnique(plugins, "rule action", Plugin::actions, ActionFactory::keyword, conflicts);
        checkUnique(plugins, "config format", Plugin::configLoaders, ConfigLoaderFactory::format, conflicts);
        if (!conflicts.isEmpty()) {
            throw new PluginException(String.join("; ", conflicts));
        }
        return new PluginModule(plugins);
    }

    @Override
    protected void configure() {
        bind(new TypeLiteral<List<LoadedPlugin>>() { }).toInstance(plugins);
        bind(PluginRegistry.class).in(Scopes.SINGLETON);
    }

    private static <F> void checkUnique(List<LoadedPlugin> plugins, String kind,
                                        Function<Plugin, Collection<F>> contributions, Function<F, String> name,
                                        List<String> conflicts) {
        Map<String, String> owners = new LinkedHashMap<>();
        for (LoadedPlugin plugin : plugins) {
            for (Plugin instance : plugin.instances()) {
                for (F factory : contributions.apply(instance)) {
                    String key = requireNonNull(name.apply(factory), "name");
                    String previous = owners.putIfAbsent(key, plugin.name());
                    if (previous != null) {
                        conflicts.add(kind + " '" + key + "' is served by both plugin '" + previous
                                + "' and plugin '" + plugin.name() + "'");
                    }
                }
            }
        }
    }
}
