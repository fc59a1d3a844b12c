package dev.bascule.api.loader;

import java.util.List;

/** Loads a configuration. Control plane only. */
public interface ConfigLoader {
    /**
     * Loads the sources as one configuration, in order, as HAProxy does with several {@code -f}.
     * Collects every problem instead of stopping at the first; never throws for user mistakes.
     */
    LoadResult load(List<ConfigSource> sources);

    /**
     * The language's grammar for sample expressions and log-format strings, used by the host to
     * parse the arguments of plugin actions kept as written.
     */
    default SampleSyntax sampleSyntax() {
        return SampleSyntax.NONE;
    }
}
