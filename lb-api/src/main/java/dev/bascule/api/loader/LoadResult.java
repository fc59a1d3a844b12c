package dev.bascule.api.loader;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.config.LbConfig;

import java.util.List;
import java.util.Optional;

/**
 * What a loader found: the configuration when there was no error, and every diagnostic.
 *
 * @param config      present when no diagnostic is an {@link Diagnostic.Severity#ALERT}
 * @param diagnostics every problem found, in source order
 */
public record LoadResult(Optional<LbConfig> config, List<Diagnostic> diagnostics) {
    public LoadResult {
        requireNonNull(config, "config");
        diagnostics = List.copyOf(diagnostics);
        if (config.isPresent() && hasAlerts(diagnostics)) {
            throw new IllegalArgumentException("a result with alerts carries no configuration");
        }
    }

    /** True when at least one diagnostic is an alert. */
    public boolean hasErrors() {
        return hasAlerts(diagnostics);
    }

    private static boolean hasAlerts(List<Diagnostic> diagnostics) {
        return diagnostics.stream().anyMatch(diagnostic -> diagnostic.severity() == Diagnostic.Severity.ALERT);
    }
}
