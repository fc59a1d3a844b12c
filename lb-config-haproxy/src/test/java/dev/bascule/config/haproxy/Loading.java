package dev.bascule.config.haproxy;

import dev.bascule.api.loader.ConfigSource;
import dev.bascule.api.loader.Diagnostic;
import dev.bascule.api.loader.LoadResult;
import dev.bascule.api.loader.LoaderContext;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Shortcuts for tests: load texts, print diagnostics the way the golden files spell them. */
final class Loading {
    private Loading() {
    }

    static LoadResult load(LoaderContext context, ConfigSource... sources) {
        return new HaproxyConfigLoaderFactory().create(context).load(Arrays.asList(sources));
    }

    /** Loads one text named {@code test.cfg} with {@code roundrobin} and no environment. */
    static LoadResult load(String text) {
        return load(TestingLoaderContext.plain(), new ConfigSource("test.cfg", text));
    }

    /** {@code file:line: SEVERITY: message}, one diagnostic after the other (messages may span lines). */
    static String render(List<Diagnostic> diagnostics) {
        return diagnostics.stream()
                .map(diagnostic -> diagnostic.location().map(location -> location + ": ").orElse("")
                        + diagnostic.severity() + ": " + diagnostic.message())
                .collect(Collectors.joining("\n"));
    }

    static String render(LoadResult result) {
        return render(result.diagnostics());
    }
}
