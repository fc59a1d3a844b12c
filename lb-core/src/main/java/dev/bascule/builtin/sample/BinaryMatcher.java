package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.AclMatcher;
import dev.bascule.api.sample.MatchOptions;
import dev.bascule.api.sample.SampleType;

import java.util.List;

/**
 * {@code -m bin} (HAProxy's {@code pat_parse_bin()} and {@code pat_match_bin()}): patterns are hex
 * strings, and a sample matches one whose bytes it equals exactly, same length; {@code -i} has no
 * effect. Binary and string samples are compared byte for byte (one character per byte).
 */
final class BinaryMatcher {
    private BinaryMatcher() {
    }

    static AclMatcher compile(List<String> patterns, MatchOptions options) throws InvalidArgumentException {
        if (patterns.isEmpty()) {
            return BuiltinMatcherFactory.NEVER;
        }
        String[] values = new String[patterns.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = hex(patterns.get(i));
        }
        return sample -> {
            if (sample.text() == null
                    || sample.type() != SampleType.BINARY && sample.type() != SampleType.STRING) {
                return false;
            }
            CharSequence text = sample.text();
            int start = sample.start();
            int length = sample.end() - start;
            for (String value : values) {
                if (value.length() == length && same(text, start, value)) {
                    return true;
                }
            }
            return false;
        };
    }

    private static boolean same(CharSequence text, int start, String value) {
        for (int i = 0; i < value.length(); i++) {
            if ((text.charAt(start + i) & 0xff) != value.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** HAProxy's {@code parse_binary()} for hex text: one character per byte; its messages. */
    static String hex(String text) throws InvalidArgumentException {
        if (text.length() % 2 != 0) {
            throw new InvalidArgumentException("an even number of hex digit is expected");
        }
        StringBuilder bytes = new StringBuilder(text.length() / 2);
        for (int i = 0; i < text.length(); i += 2) {
            int high = Character.digit(text.charAt(i), 16);
            int low = Character.digit(text.charAt(i + 1), 16);
            if (high < 0 || low < 0) {
                char bad = high < 0 ? text.charAt(i) : text.charAt(i + 1);
                throw new InvalidArgumentException("an hex digit is expected (found '" + bad + "')");
            }
            bytes.append((char) (high << 4 | low));
        }
        return bytes.toString();
    }
}
