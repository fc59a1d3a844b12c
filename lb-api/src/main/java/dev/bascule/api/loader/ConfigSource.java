package dev.bascule.api.loader;

import static java.util.Objects.requireNonNull;

/**
 * A named configuration text, so that tests can load strings.
 *
 * @param name the name diagnostics show, usually the file path as the user wrote it
 * @param text the whole text
 */
public record ConfigSource(String name, String text) {
    public ConfigSource {
        requireNonNull(name, "name");
        requireNonNull(text, "text");
    }
}
