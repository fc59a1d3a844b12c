package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

/**
 * {@code replace-header NAME REGEX FMT} (each line's whole value) or {@code replace-value NAME
 * REGEX FMT} (each comma-separated value): a value the regex finds a match in becomes the rendered
 * format, {@code \1}..{@code \9} standing for the regex's groups.
 *
 * @param name      the header name
 * @param regex     the regex
 * @param format    the replacement, a log-format string
 * @param eachValue {@code replace-value}: the values of a line one by one
 */
public record ReplaceHeader(String name, String regex, LogFormat format, boolean eachValue) implements HttpCommonAction {
    public ReplaceHeader {
        requireNonNull(name, "name");
        requireNonNull(regex, "regex");
        requireNonNull(format, "format");
    }
}
