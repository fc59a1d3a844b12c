package dev.bascule.config.haproxy;

import dev.bascule.api.loader.SampleSyntax;
import dev.bascule.config.haproxy.internal.HaproxySampleSyntax;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.loader.ConfigLoader;
import dev.bascule.api.loader.ConfigSource;
import dev.bascule.api.loader.LoadResult;
import dev.bascule.api.loader.LoaderContext;
import dev.bascule.config.haproxy.internal.ConfigParser;

import java.util.List;

/**
 * Loads HAProxy 2.6 configuration files. Sources are read in order as one configuration, like
 * several {@code -f} options: a proxy may use a backend declared in a later source, while each
 * source starts outside any section. Every problem is reported as a diagnostic whose message is
 * HAProxy's own text (what {@code haproxy -c} prints after {@code parsing [file:line] : }); what
 * HAProxy accepts but Bascule does not implement yet is an alert saying so. Files named by
 * {@code http-request return file|errorfile} are read during the load, relative to the working
 * directory. Thread-safe: each call works on its own state.
 */
public final class HaproxyConfigLoader implements ConfigLoader {
    private final LoaderContext context;

    public HaproxyConfigLoader(LoaderContext context) {
        this.context = requireNonNull(context, "context");
    }

    @Override
    public LoadResult load(List<ConfigSource> sources) {
        return new ConfigParser(context).load(List.copyOf(requireNonNull(sources, "sources")));
    }

    @Override
    public SampleSyntax sampleSyntax() {
        return new HaproxySampleSyntax(context.registry());
    }
}
