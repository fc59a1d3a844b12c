package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.AclMatcher;
import dev.bascule.api.sample.MatchOptions;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleType;

import java.util.Arrays;
import java.util.List;

/**
 * {@code -m int}, {@code -m len}, {@code -m bool} and {@code -m found}.
 *
 * <p>Integer patterns are parsed as HAProxy's {@code pat_parse_int()} after the operator rewriting
 * of {@code parse_acl_expr()}: {@code N}, {@code N:M}, {@code :M}, {@code N:} ({@code -} may stand
 * for {@code :}, so {@code -5} means {@code :5}), and an operator word {@code eq}, {@code ge},
 * {@code gt}, {@code le}, {@code lt} applying to the patterns after it ({@code ne} is accepted and
 * acts as {@code eq}, as in HAProxy). Unlike HAProxy's {@code strl2llrc()}, characters below
 * {@code '0'} inside a number are rejected rather than read as odd digits.
 */
final class IntMatchers {
    private IntMatchers() {
    }

    /** {@code -m int}: integer and boolean samples, and strings read as HAProxy's string-to-integer cast does. */
    static AclMatcher integer(List<String> patterns, MatchOptions options) throws InvalidArgumentException {
        Ranges ranges = Ranges.parse(patterns);
        if (ranges.isEmpty()) {
            return BuiltinMatcherFactory.NEVER;
        }
        return sample -> {
            switch (sample.type()) {
                case INTEGER:
                case BOOLEAN:
                    return ranges.contains(sample.integer());
                case STRING:
                    // HAProxy's c_str2int(): an empty string does not convert
                    return sample.text() != null && sample.length() > 0
                            && ranges.contains(Numbers.readInt64(sample.text(), sample.start(), sample.end()));
                default:
                    return false;
            }
        };
    }

    /**
     * HAProxy's {@code int} match with {@code pat_parse_dotted_ver()} patterns, which the
     * {@code req.ssl_ver} ACL keyword uses: {@code major.minor} is {@code major << 16 | minor} (a
     * missing minor is 0), in ranges and after the operator words as integers are.
     */
    static AclMatcher dottedVersion(List<String> patterns, MatchOptions options) throws InvalidArgumentException {
        List<String> integers = new java.util.ArrayList<>(patterns.size());
        for (String pattern : patterns) {
            if (Ranges.isOperator(pattern)) {
                integers.add(pattern);
                continue;
            }
            int separator = 0;
            while (separator < pattern.length() && pattern.charAt(separator) != ':'
                    && pattern.charAt(separator) != '-') {
                separator++;
            }
            if (separator == pattern.length()) {
                integers.add(Long.toString(dotted(pattern, "'" + pattern + "' is not a dotted number")));
                continue;
            }
            String error = "'" + pattern + "' is not a valid dotted number range";
            String before = pattern.substring(0, separator);
            String after = pattern.substring(separator + 1);
            integers.add((before.isEmpty() ? "" : Long.toString(dotted(before, error))) + ":"
                    + (after.isEmpty() ? "" : Long.toString(dotted(after, error))));
        }
        return integer(integers, options);
    }

    /** HAProxy's {@code strl2llrc_dotted()}. */
    private static long dotted(String text, String error) throws InvalidArgumentException {
        int dot = text.indexOf('.');
        String major = dot < 0 ? text : text.substring(0, dot);
        String minor = dot < 0 ? "0" : text.substring(dot + 1);
        if (!Numbers.isLong(major) || !Numbers.isLong(minor)) {
            throw new InvalidArgumentException(error);
        }
        long high = Numbers.parseLong(major);
        long low = Numbers.parseLong(minor);
        if (high < 0 || high >= 65_536 || low < 0 || low >= 65_536) {
            throw new InvalidArgumentException(error);
        }
        return high << 16 | low;
    }

    /** {@code -m len}: the length of a string sample. */
    static AclMatcher length(List<String> patterns, MatchOptions options) throws InvalidArgumentException {
        Ranges ranges = Ranges.parse(patterns);
        if (ranges.isEmpty()) {
            return BuiltinMatcherFactory.NEVER;
        }
        return sample -> Chars.isText(sample) && ranges.contains(sample.length());
    }

    /** {@code -m bool}: a non-zero value matches; patterns are ignored, as HAProxy's {@code pat_parse_nothing()} does. */
    static AclMatcher bool(List<String> patterns, MatchOptions options) {
        return IntMatchers::isTrue;
    }

    /** {@code -m found}: any value matches; patterns are ignored, as HAProxy's {@code pat_parse_nothing()} does. */
    static AclMatcher found(List<String> patterns, MatchOptions options) {
        return sample -> true;
    }

    private static boolean isTrue(Sample sample) {
        SampleType type = sample.type();
        if (type == SampleType.BOOLEAN || type == SampleType.INTEGER) {
            return sample.integer() != 0;
        }
        if (type == SampleType.STRING && sample.text() != null && sample.length() > 0) {
            return Numbers.readInt64(sample.text(), sample.start(), sample.end()) != 0;
        }
        return false;
    }

    /** Compiled integer ranges; an absent bound is {@link Long#MIN_VALUE} or {@link Long#MAX_VALUE}. */
    static final class Ranges {
        private final long[] minimums;
        private final long[] maximums;

        private Ranges(long[] minimums, long[] maximums) {
            this.minimums = minimums;
            this.maximums = maximums;
        }

        boolean isEmpty() {
            return minimums.length == 0;
        }

        boolean contains(long value) {
            for (int i = 0; i < minimums.length; i++) {
                if (minimums[i] <= value && value <= maximums[i]) {
                    return true;
                }
            }
            return false;
        }

        static Ranges parse(List<String> patterns) throws InvalidArgumentException {
            long[] minimums = new long[patterns.size()];
            long[] maximums = new long[patterns.size()];
            int count = 0;
            String operator = "eq";
            for (String pattern : patterns) {
                if (isOperator(pattern)) {
                    operator = pattern;
                    continue;
                }
                String text = pattern;
                boolean hasSeparator = pattern.indexOf(':') >= 0 || pattern.indexOf('-') >= 0;
                if (!hasSeparator && !operator.equals("eq")) {
                    if (!Numbers.isLong(pattern)) {
                        throw new InvalidArgumentException("'" + pattern + "' is neither a number nor a supported operator");
                    }
                    long value = Numbers.parseLong(pattern);
                    switch (operator) {
                        case "gt" -> text = (value + 1) + ":";
                        case "ge" -> text = value + ":";
                        case "lt" -> text = ":" + (value - 1);
                        case "le" -> text = ":" + value;
                        default -> text = pattern; // "ne": HAProxy leaves the pattern as written
                    }
                }
                parseRange(text, minimums, maximums, count);
                count++;
            }
            return new Ranges(Arrays.copyOf(minimums, count), Arrays.copyOf(maximums, count));
        }

        /** HAProxy's {@code get_std_op()}. */
        static boolean isOperator(String word) {
            return switch (word) {
                case "eq", "ne", "ge", "gt", "le", "lt" -> true;
                default -> false;
            };
        }

        /** HAProxy's {@code pat_parse_int()}. */
        private static void parseRange(String text, long[] minimums, long[] maximums, int index)
                throws InvalidArgumentException {
            if (text.isEmpty()) {
                throw notRange(text);
            }
            int separator = 0;
            while (separator < text.length() && text.charAt(separator) != ':' && text.charAt(separator) != '-') {
                separator++;
            }
            if (separator == text.length()) {
                if (!Numbers.isLong(text)) {
                    throw new InvalidArgumentException("'" + text + "' is not a number");
                }
                minimums[index] = Numbers.parseLong(text);
                maximums[index] = minimums[index];
                return;
            }
            String before = text.substring(0, separator);
            String after = text.substring(separator + 1);
            if (separator == 0 && !after.isEmpty()) {
                minimums[index] = Long.MIN_VALUE;
                maximums[index] = number(after, text);
            } else if (after.isEmpty()) {
                minimums[index] = number(before, text);
                maximums[index] = Long.MAX_VALUE;
            } else {
                minimums[index] = number(before, text);
                maximums[index] = number(after, text);
                if (minimums[index] > maximums[index]) {
                    throw notRange(text);
                }
            }
        }

        private static long number(String part, String text) throws InvalidArgumentException {
            if (!Numbers.isLong(part)) {
                throw notRange(text);
            }
            return Numbers.parseLong(part);
        }

        private static InvalidArgumentException notRange(String text) {
            return new InvalidArgumentException("'" + text + "' is not a valid number range");
        }
    }
}
