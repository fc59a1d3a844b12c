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
 * @param patterns       the patterns, those of {@code -f} files first, in order, then those written inline
 * @param location       where the line is
 * @param converters     the converters applied to the fetch's sample, in order
 * @param keyword        the keyword as written ({@code path_beg}, where {@code fetch} is {@code path})
 * @param patternFiles   the {@code -f} files, in order, with the patterns read from each
 */
public record AclConfig(String name, String fetch, List<String> fetchArguments, String matcher, MatchOptions options,
                        List<String> patterns, SourceLocation location, List<ConverterCall> converters,
                        String keyword, List<PatternFile> patternFiles) {
    public AclConfig {
        requireNonNull(name, "name");
        requireNonNull(fetch, "fetch");
        fetchArguments = List.copyOf(fetchArguments);
        converters = List.copyOf(converters);
        requireNonNull(matcher, "matcher");
        requireNonNull(options, "options");
        patterns = List.copyOf(patterns);
        requireNonNull(location, "location");
        requireNonNull(keyword, "keyword");
        patternFiles = List.copyOf(patternFiles);
        int fromFiles = patternFiles.stream().mapToInt(file -> file.patterns().size()).sum();
        if (fromFiles > patterns.size()) {
            throw new IllegalArgumentException("patternFiles: " + fromFiles + " patterns (expected: <= "
                    + patterns.size() + ")");
        }
    }

    /** An ACL without {@code -f} file, its keyword the fetch's. */
    public AclConfig(String name, String fetch, List<String> fetchArguments, String matcher, MatchOptions options,
                     List<String> patterns, SourceLocation location, List<ConverterCall> converters) {
        this(name, fetch, fetchArguments, matcher, options, patterns, location, converters, fetch, List.of());
    }

    /** An ACL whose fetch has no converter. */
    public AclConfig(String name, String fetch, List<String> fetchArguments, String matcher, MatchOptions options,
                     List<String> patterns, SourceLocation location) {
        this(name, fetch, fetchArguments, matcher, options, patterns, location, List.of());
    }

    /** The patterns written on the line itself, after those of the files. */
    public List<String> inlinePatterns() {
        int fromFiles = patternFiles.stream().mapToInt(file -> file.patterns().size()).sum();
        return patterns.subList(fromFiles, patterns.size());
    }

    /**
     * A {@code -f} file of an ACL.
     *
     * @param path     the file name as written
     * @param patterns the patterns it held when the configuration was read
     * @param map      {@code -M}: a map file ("key value" lines), whose keys are the patterns; it is
     *                 the same reference as the map converters' of that file
     */
    public record PatternFile(String path, List<String> patterns, boolean map) {
        public PatternFile {
            requireNonNull(path, "path");
            patterns = List.copyOf(patterns);
        }

        /** A one-column pattern file. */
        public PatternFile(String path, List<String> patterns) {
            this(path, patterns, false);
        }
    }
}
