package dev.bascule.api.loader;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.config.SourceLocation;

import java.util.Optional;

/**
 * One problem found while loading.
 *
 * @param severity how bad
 * @param location where, when it is tied to a line
 * @param message  what, in the user's terms, without the location
 * @param parsing  how HAProxy prints the location: {@code parsing [file:line] : } (true, a section
 *                 keyword's parser) or {@code [file:line] : } (false, a server line's own parser);
 *                 since 1.2
 */
public record Diagnostic(Severity severity, Optional<SourceLocation> location, String message, boolean parsing) {
    public Diagnostic {
        requireNonNull(severity, "severity");
        requireNonNull(location, "location");
        requireNonNull(message, "message");
    }

    /** A diagnostic printed after {@code parsing [file:line] : } when it has a location. */
    public Diagnostic(Severity severity, Optional<SourceLocation> location, String message) {
        this(severity, location, message, true);
    }

    /** An error at a line. */
    public static Diagnostic alert(SourceLocation location, String message) {
        return new Diagnostic(Severity.ALERT, Optional.of(location), message);
    }

    /** A warning at a line. */
    public static Diagnostic warning(SourceLocation location, String message) {
        return new Diagnostic(Severity.WARNING, Optional.of(location), message);
    }

    /** How bad a diagnostic is, with HAProxy's names. */
    public enum Severity {
        /** The configuration cannot be used. */
        ALERT,
        /** The configuration can be used but probably does not do what the user meant. */
        WARNING,
        /** Information. */
        NOTICE
    }
}
