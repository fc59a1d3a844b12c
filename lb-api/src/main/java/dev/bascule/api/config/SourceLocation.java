package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

/**
 * A position in a configuration source: the file name as the user gave it and a 1-based line.
 * Printed as {@code file:line}, the form HAProxy uses in {@code parsing [file:line]}.
 */
public record SourceLocation(String file, int line) {
    public SourceLocation {
        requireNonNull(file, "file");
        if (line < 0) {
            throw new IllegalArgumentException("line: " + line + " (expected: >= 0)");
        }
    }

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
