package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;

import java.util.List;

/**
 * Argument checks worded as HAProxy's {@code make_arg_list()} and {@code val_hdr()} word them
 * ({@code src/arg.c}, {@code src/sample.c}).
 */
final class FetchArguments {
    /** HAProxy's {@code MAX_HDR_HISTORY}: how far back a negative occurrence may count. */
    static final int MAX_HEADER_HISTORY = 10;

    private FetchArguments() {
    }

    /** Rejects any argument. */
    static void none(String keyword, List<String> arguments) throws InvalidArgumentException {
        atMost(keyword, arguments, 0);
    }

    /** Rejects arguments past the {@code max}-th. */
    static void atMost(String keyword, List<String> arguments, int max) throws InvalidArgumentException {
        if (arguments.size() > max) {
            String rest = String.join(",", arguments.subList(max, arguments.size()));
            throw new InvalidArgumentException("fetch method '" + keyword + "' : expected ')' before '"
                    + (max == 0 ? rest : "," + rest) + "'");
        }
    }

    /** The optional string argument at {@code index}, or null when absent; an empty string is a value. */
    static String optionalString(List<String> arguments, int index) {
        return index < arguments.size() ? arguments.get(index) : null;
    }

    /**
     * The optional integer argument at {@code index} (1-based {@code position} in messages), parsed as
     * HAProxy's {@code read_int64()}: an optional sign, then digits, saturating; an empty argument is absent.
     */
    static long optionalInteger(String keyword, List<String> arguments, int index, long absent)
            throws InvalidArgumentException {
        if (index >= arguments.size() || arguments.get(index).isEmpty()) {
            return absent;
        }
        String text = arguments.get(index);
        int position = 0;
        boolean negative = false;
        if (text.charAt(0) == '-' || text.charAt(0) == '+') {
            negative = text.charAt(0) == '-';
            position = 1;
        }
        long value = 0;
        boolean saturated = false;
        while (position < text.length() && text.charAt(position) >= '0' && text.charAt(position) <= '9') {
            int digit = text.charAt(position) - '0';
            if (!saturated) {
                if (value > (Long.MAX_VALUE - digit) / 10) {
                    saturated = true;
                } else {
                    value = value * 10 + digit;
                }
            }
            position++;
        }
        if (position < text.length()) {
            throw new InvalidArgumentException("fetch method '" + keyword + "' : failed to parse '" + text
                    + "' as type 'integer' at position " + (index + 1));
        }
        if (saturated) {
            return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return negative ? -value : value;
    }

    /** The occurrence argument of the header fetches, checked as HAProxy's {@code val_hdr()}. */
    static int occurrence(String keyword, List<String> arguments) throws InvalidArgumentException {
        long occurrence = optionalInteger(keyword, arguments, 1, 0);
        if (occurrence < -MAX_HEADER_HISTORY) {
            throw new InvalidArgumentException("invalid args in fetch method '" + keyword
                    + "' : header occurrence must be >= " + -MAX_HEADER_HISTORY);
        }
        // HAProxy stores the occurrence in an int; larger values can never be reached anyway
        return (int) Math.min(occurrence, Integer.MAX_VALUE);
    }
}
