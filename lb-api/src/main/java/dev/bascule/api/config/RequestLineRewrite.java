package dev.bascule.api.config;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code http-request set-path|set-pathq|set-query|set-uri|set-method FMT} and
 * {@code replace-path|replace-pathq|replace-uri REGEX FMT}: a part of the request line takes the
 * rendered format; with a regex, only when the part matches it, {@code \1}..{@code \9} in the
 * format naming its groups.
 *
 * @param part   what changes
 * @param regex  the regex of a {@code replace-*} action
 * @param format the new value, a log-format string
 */
public record RequestLineRewrite(Part part, Optional<String> regex, LogFormat format) implements HttpRequestAction {
    /** The parts of a request line the actions address. */
    public enum Part {
        /** The path, without the query string. */
        PATH,
        /** The path and the query string. */
        PATHQ,
        /** The query string, without its '?'. */
        QUERY,
        /** The whole target as received. */
        URI,
        /** The method. */
        METHOD
    }

    public RequestLineRewrite {
        requireNonNull(part, "part");
        requireNonNull(regex, "regex");
        requireNonNull(format, "format");
    }
}
