package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;

import java.util.List;

/** Keyword arguments read as HAProxy's {@code make_arg_list()} types them ({@code src/arg.c}). */
final class SampleArguments {
    private SampleArguments() {
    }

    /**
     * An {@code ARGT_SINT} argument: HAProxy's {@code read_int64()} over the whole text (an
     * optional sign, then digits, saturating; nothing else, not even blanks).
     *
     * @param position the argument's position from 1, for the message
     */
    static long integer(String argument, int position) throws InvalidArgumentException {
        if (argument.isEmpty()) {
            throw new InvalidArgumentException("missing integer at position " + position);
        }
        int i = 0;
        boolean negative = false;
        if (argument.charAt(0) == '-' || argument.charAt(0) == '+') {
            negative = argument.charAt(0) == '-';
            i++;
        }
        long value = 0; // unsigned, saturating at 2^64-1 as read_uint64()
        boolean saturated = false;
        for (; i < argument.length(); i++) {
            int digit = argument.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                throw new InvalidArgumentException("failed to parse '" + argument + "' as type 'integer' at position "
                        + position);
            }
            if (!saturated) {
                long times10 = value * 10;
                if (Long.compareUnsigned(value, Long.divideUnsigned(-1L, 10)) > 0
                        || Long.compareUnsigned(times10 + digit, times10) < 0) {
                    saturated = true;
                    value = -1L;
                } else {
                    value = times10 + digit;
                }
            }
        }
        if (negative) {
            return Long.compareUnsigned(value, Long.MIN_VALUE) > 0 ? Long.MIN_VALUE : -value;
        }
        return Long.compareUnsigned(value, Long.MAX_VALUE) > 0 ? Long.MAX_VALUE : value;
    }

    /** The optional integer at {@code index}, or {@code otherwise} when absent. */
    static long optionalInteger(List<String> arguments, int index, long otherwise) throws InvalidArgumentException {
        return index < arguments.size() ? integer(arguments.get(index), index + 1) : otherwise;
    }

    /** Refuses more than {@code most} arguments. */
    static void atMost(String keyword, List<String> arguments, int most) throws InvalidArgumentException {
        if (arguments.size() > most) {
            throw new InvalidArgumentException("'" + keyword + "' expects at most " + most + " argument"
                    + (most == 1 ? "" : "s"));
        }
    }
}
