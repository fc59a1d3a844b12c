package dev.bascule.config.haproxy.internal;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.loader.Diagnostic;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Collects diagnostics in the order they are found. */
final class Diagnostics {
    private final List<Diagnostic> found = new ArrayList<>();

    void alert(SourceLocation location, String message) {
        found.add(Diagnostic.alert(requireNonNull(location, "location"), requireNonNull(message, "message")));
    }

    void warning(SourceLocation location, String message) {
        found.add(Diagnostic.warning(requireNonNull(location, "location"), requireNonNull(message, "message")));
    }

    /** An alert HAProxy prints after {@code [file:line] : } alone (a server line's own parser). */
    void bareAlert(SourceLocation location, String message) {
        found.add(new Diagnostic(Diagnostic.Severity.ALERT, Optional.of(requireNonNull(location, "location")),
                requireNonNull(message, "message"), false));
    }

    /** An alert about no line in particular. */
    void alert(String message) {
        found.add(new Diagnostic(Diagnostic.Severity.ALERT, Optional.empty(), requireNonNull(message, "message")));
    }

    /** A warning about no line in particular. */
    void warning(String message) {
        found.add(new Diagnostic(Diagnostic.Severity.WARNING, Optional.empty(), requireNonNull(message, "message")));
    }

    void notice(SourceLocation location, String message) {
        found.add(new Diagnostic(Diagnostic.Severity.NOTICE, Optional.of(location), message));
    }

    boolean hasAlerts() {
        return found.stream().anyMatch(diagnostic -> diagnostic.severity() == Diagnostic.Severity.ALERT);
    }

    List<Diagnostic> all() {
        return List.copyOf(found);
    }
}
