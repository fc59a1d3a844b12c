package dev.bascule.core.plugin;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Loads the built-in and directory plugins and builds the registry, Airlift-style. */
public final class Plugins {
    private Plugins() {
    }

    /**
     * Loads the plugins on the class path, then those under {@code pluginsDirectory} when given,
     * and returns their registry.
     */
    public static PluginRegistry load(ClassLoader host, Optional<Path> pluginsDirectory) throws PluginException {
        PluginLoader loader = new PluginLoader(host);
        List<LoadedPlugin> plugins = new ArrayList<>(loader.loadClasspath());
        if (pluginsDirectory.isPresent()) {
            plugins.addAll(loader.loadDirectory(pluginsDirectory.get()));
        }
        return of(plugins);
    }

    /** The registry of plugins already at hand (embedding, benchmarks): no discovery. */
    public static PluginRegistry of(List<LoadedPlugin> plugins) throws PluginException {
        PluginModule module = PluginModule.of(plugins);
        Injector injector = Guice.createInjector(Stage.PRODUCTION, binder -> {
            binder.requireExplicitBindings();
            binder.disableCircularProxies();
            binder.install(module);
        });
        return injector.getInstance(PluginRegistry.class);
    }
}
