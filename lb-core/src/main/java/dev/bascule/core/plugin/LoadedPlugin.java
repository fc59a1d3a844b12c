package dev.bascule.core.plugin;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Plugin;

import java.util.List;

/**
 * A plugin found and instantiated.
 *
 * @param descriptor  its descriptor
 * @param classLoader the loader its classes come from (the application's for built-ins)
 * @param instances   the {@link Plugin} implementations found in its packages
 */
public record LoadedPlugin(PluginDescriptor descriptor, ClassLoader classLoader, List<Plugin> instances) {
    public LoadedPlugin {
        requireNonNull(descriptor, "descriptor");
        requireNonNull(classLoader, "classLoader");
        instances = List.copyOf(instances);
    }

    /** The plugin's name. */
    public String name() {
        return descriptor.name();
    }
}
