package dev.bascule.config.haproxy;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.loader.ConfigLoader;
import dev.bascule.api.loader.ConfigLoaderFactory;
import dev.bascule.api.loader.LoaderContext;

/** The {@code haproxy} format. */
public final class HaproxyConfigLoaderFactory implements ConfigLoaderFactory {
    /** The format's name. */
    public static final String FORMAT = "haproxy";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public ConfigLoader create(LoaderContext context) {
        return new HaproxyConfigLoader(requireNonNull(context, "context"));
    }
}
