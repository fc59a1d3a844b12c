package dev.bascule.config.haproxy;

import dev.bascule.api.Plugin;
import dev.bascule.api.loader.ConfigLoaderFactory;

import java.util.Collection;
import java.util.List;

/** Serves the {@code haproxy} configuration format: HAProxy 2.6's configuration language. */
public final class HaproxyConfigPlugin implements Plugin {
    public HaproxyConfigPlugin() {
    }

    @Override
    public Collection<ConfigLoaderFactory> configLoaders() {
        return List.of(new HaproxyConfigLoaderFactory());
    }
}
