package dev.bascule.api.loader;

/** Serves one configuration format. */
public interface ConfigLoaderFactory {
    /** The format's name, for example {@code haproxy}. */
    String format();

    /** A loader that looks keywords up in the context's registries. */
    ConfigLoader create(LoaderContext context);
}
