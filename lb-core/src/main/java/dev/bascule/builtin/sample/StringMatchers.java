package dev.bascule.builtin.sample;

import dev.bascule.api.sample.AclMatcher;
import dev.bascule.api.sample.MatchOptions;
import dev.bascule.api.sample.Sample;

import java.util.List;

/**
 * The string match methods of HAProxy's {@code src/pattern.c}: {@code str}, {@code beg},
 * {@code end}, {@code sub}, {@code dir} and {@code dom}, honouring {@code -i} with ASCII case
 * folding. Each reads the sample's range in place: no substring, no lower-cased copy.
 */
final class StringMatchers {
    private StringMatchers() {
    }

    /** {@code -m str}: equality, through a hash set rather than a scan of the patterns. */
    static AclMatcher exact(List<String> patterns, MatchOptions options) {
        if (patterns.isEmpty()) {
            return BuiltinMatcherFactory.NEVER;
        }
        StringSet set = new StringSet(patterns, options.ignoreCase());
        return sample -> Chars.isText(sample) && set.contains(sample.text(), sample.start(), sample.end());
    }

    /** {@code -m beg}: the sample starts with a pattern. */
    static AclMatcher prefix(List<String> patterns, MatchOptions options) {
        if (patterns.isEmpty()) {
            return BuiltinMatcherFactory.NEVER;
        }
        String[] values = patterns.toArray(String[]::new);
        boolean ignoreCase = options.ignoreCase();
        return sample -> {
            if (!Chars.isText(sample)) {
                return false;
            }
            CharSequence text = sample.text();
            for (String value : values) {
                if (value.length() <= sample.length() && Chars.regionMatches(text, sample.start(), value, ignoreCase)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** {@code -m end}: the sample ends with a pattern. */
    static AclMatcher suffix(List<String> patterns, MatchOptions options) {
        if (patterns.isEmpty()) {
            return BuiltinMatcherFactory.NEVER;
        }
        String[] values = patterns.toArray(String[]::new);
        boolean ignoreCase = options.ignoreCase();
        return sample -> {
            if (!Chars.isText(sample)) {
                return false;
            }
            CharSequence text = sample.text();
            for (String value : values) {
                if (value.length() <= sample.length()
                        && Chars.regionMatches(text, sample.end() - value.length(), value, ignoreCase)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** {@code -m sub}: the sample contains a pattern. */
    static AclMatcher substring(List<String> patterns, MatchOptions options) {
        if (patterns.isEmpty()) {
            return BuiltinMatcherFactory.NEVER;
        }
        String[] values = patterns.toArray(String[]::new);
        boolean ignoreCase = options.ignoreCase();
        return sample -> {
            if (!Chars.isText(sample)) {
                return false;
            }
            CharSequence text = sample.text();
            for (String value : values) {
                for (int at = sample.start(), last = sample.end() - value.length(); at <= last; at++) {
                    if (Chars.regionMatches(text, at, value, ignoreCase)) {
                        return true;
                    }
                }
            }
            return false;
        };
    }

    /** {@code -m dir}: a pattern is a whole run between '/' or '?' delimiters. */
    static AclMatcher directory(List<String> patterns, MatchOptions options) {
        return words(patterns, options, "/?");
    }

    /** {@code -m dom}: a pattern is a whole run between '/', '?', '.' or ':' delimiters. */
    static AclMatcher domain(List<String> patterns, MatchOptions options) {
        return words(patterns, options, "/?.:");
    }

    /**
     * HAProxy's {@code match_word()}: delimiters are stripped from both ends of each pattern, which
     * must then appear in the sample starting at its beginning or just after a delimiter, and
     * ending at its end or just before a delimiter. A pattern made only of delimiters never matches.
     */
    private static AclMatcher words(List<String> patterns, MatchOptions options, String delimiters) {
        String[] values = patterns.stream()
                .map(pattern -> strip(pattern, delimiters))
                .filter(pattern -> !pattern.isEmpty())
                .toArray(String[]::new);
        if (values.length == 0) {
            return BuiltinMatcherFactory.NEVER;
        }
        boolean ignoreCase = options.ignoreCase();
        return sample -> {
            if (!Chars.isText(sample)) {
                return false;
            }
            for (String value : values) {
                if (matchWord(sample, value, ignoreCase, delimiters)) {
                    return true;
                }
            }
            return false;
        };
    }

    private static boolean matchWord(Sample sample, String word, boolean ignoreCase, String delimiters) {
        CharSequence text = sample.text();
        int length = word.length();
        int end = sample.end();
        int last = end - length;
        boolean mayMatch = true;
        for (int at = sample.start(); at <= last; at++) {
            if (delimiters.indexOf(text.charAt(at)) >= 0) {
                mayMatch = true;
                continue;
            }
            if (!mayMatch) {
                continue;
            }
            if (Chars.regionMatches(text, at, word, ignoreCase)
                    && (at == last || delimiters.indexOf(text.charAt(at + length)) >= 0)) {
                return true;
            }
            mayMatch = false;
        }
        return false;
    }

    private static String strip(String pattern, String delimiters) {
        int start = 0;
        int end = pattern.length();
        while (start < end && delimiters.indexOf(pattern.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && delimiters.indexOf(pattern.charAt(end - 1)) >= 0) {
            end--;
        }
        return pattern.substring(start, end);
    }
}
