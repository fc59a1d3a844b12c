package dev.bascule.api.config;

import dev.bascule.api.sample.MatchOptions;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One {@code acl} line, or one anonymous ACL ({@code { ssl_fc }}), resolved: the fetch and the
 * match method it names, whether written ({@code -m beg}), implied by the keyword
 * ({@code hdr_beg}) or by the fetch's output type.
 *
 * @param name           the ACL's name; for an anonymous ACL, its text between braces
 * @param fetch          the sample fetch keyword
 * @param fetchArguments the fetch's arguments (between parentheses), unquoted
 * @param matcher        the match method
 * @param options        {@code -i} and the other flags
 * @param patterns       the patterns, those of {@code -f} files included, in order
 * @param location       where the line is
 * @param converters     the converters applied to the fetch's sample, in order
 */
public record AclConfig(String name, String fetch, List<String> fetchArguments, String matcher, MatchOptions options,
                        List<String> patterns, SourceLocation location, List<ConverterCall> converters) {
    public AclConfig {
        requireNonNull(name, "name");
        requireNonNull(fetch, "fetch");
        fetchArguments = List.copyOf(fetchArguments);
        converters = List.copyOf(converters);
        requireNonNull(matcher, "matcher");
        requireNonNull(options, "options");
        patterns = List.copyOf(patterns);
        requireNonNull(location, "location");
    }

    /** An ACL whose fetch has no converter. */
    public AclConfig(String name, String fetch, List<String> fetchArguments, String matcher, MatchOptions options,
                     List<String> patterns, SourceLocation location) {
        this(name, fetch, fetchArguments, matcher, options, patterns, location, List.of());
    }
}
