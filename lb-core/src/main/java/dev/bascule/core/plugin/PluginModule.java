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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Binds the loaded plugins and the registry that indexes their factories by name. Guice stays
 * inside the core: plugins never see it. Duplicate names are checked before binding, so the error
 * names both plugins and their directories. The factories are not bound one by one: a map binding
 * per keyword (some seven hundred) cost a quarter of a second at every start, {@code -c} checks
 * included.
 */
public final class PluginModule extends AbstractModule {
    /** How many keywords a clash message lists before it counts the rest. */
    private static final int LISTED_KEYWORDS = 5;

    private final List<LoadedPlugin> plugins;

    private PluginModule(List<LoadedPlugin> plugins) {
        this.plugins = List.copyOf(plugins);
    }

    /**
     * A module for these plugins; fails when two of them serve the same name. The message names
     * each clashing pair once, with its version and directory (two copies of one plugin share
     * their name), and the keywords they both serve.
     */
    public static PluginModule of(List<LoadedPlugin> plugins) throws PluginException {
        Map<List<LoadedPlugin>, List<String>> clashes = new LinkedHashMap<>();
        checkUnique(plugins, "balance algorithm", Plugin::balancingAlgorithms, BalancingAlgorithmFactory::name,
                clashes);
        checkUnique(plugins, "health check", Plugin::healthChecks, HealthCheckFactory::name, clashes);
        checkUnique(plugins, "sample fetch", Plugin::sampleFetches, SampleFetchFactory::keyword, clashes);
        checkUnique(plugins, "converter", Plugin::sampleConverters, SampleConverterFactory::keyword, clashes);
        checkUnique(plugins, "ACL match method", Plugin::aclMatchers, AclMatcherFactory::name, clashes);
        checkUnique(plugins, "ACL keyword", Plugin::aclKeywords, AclKeyword::name, clashes);
        checkUnique(plugins, "rule action", Plugin::actions, ActionFactory::keyword, clashes);
        checkUnique(plugins, "config format", Plugin::configLoaders, ConfigLoaderFactory::format, clashes);
        if (!clashes.isEmpty()) {
            List<String> messages = new ArrayList<>();
            clashes.forEach((pair, keywords) -> messages.add(clash(pair.get(0), pair.get(1), keywords)));
            throw new PluginException(String.join("; ", messages));
        }
        return new PluginModule(plugins);
    }

    private static String clash(LoadedPlugin first, LoadedPlugin second, List<String> keywords) {
        StringBuilder message = new StringBuilder(describe(first));
        if (first == second) {
            // two Plugin classes of one jar, or one Plugin listing a factory twice
            message.append(" serves more than once ");
        } else {
            message.append(" and ").append(describe(second)).append(" both serve ");
        }
        message.append(String.join(", ", keywords.subList(0, Math.min(LISTED_KEYWORDS, keywords.size()))));
        if (keywords.size() > LISTED_KEYWORDS) {
            message.append(" and ").append(keywords.size() - LISTED_KEYWORDS).append(" more");
        }
        if (first != second && first.name().equals(second.name())) {
            // the same jar dropped into two directories (an upgrade that kept the old one)
            message.append(": plugin '").append(first.name())
                    .append("' is installed twice, keep one of the two directories");
        }
        return message.toString();
    }

    private static String describe(LoadedPlugin plugin) {
        return "plugin '" + plugin.name() + "' " + plugin.descriptor().version() + " ("
                + plugin.descriptor().origin() + ")";
    }

    @Override
    protected void configure() {
        bind(new TypeLiteral<List<LoadedPlugin>>() { }).toInstance(plugins);
        bind(PluginRegistry.class).in(Scopes.SINGLETON);
    }

    /** Adds each name of {@code kind} served twice to {@code clashes}, under the pair of plugins serving it. */
    private static <F> void checkUnique(List<LoadedPlugin> plugins, String kind,
                                        Function<Plugin, Collection<F>> contributions, Function<F, String> name,
                                        Map<List<LoadedPlugin>, List<String>> clashes) {
        Map<String, LoadedPlugin> owners = new HashMap<>();
        for (LoadedPlugin plugin : plugins) {
            for (Plugin instance : plugin.instances()) {
                for (F factory : contributions.apply(instance)) {
                    String key = requireNonNull(name.apply(factory), "name");
                    LoadedPlugin previous = owners.putIfAbsent(key, plugin);
                    if (previous != null) {
                        clashes.computeIfAbsent(List.of(previous, plugin), pair -> new ArrayList<>())
                                .add(kind + " '" + key + "'");
                    }
                }
            }
        }
    }
}
