package dev.bascule.algorithms;

import dev.bascule.api.InvalidArgumentException;

import java.util.List;

/** Argument checks shared by the algorithm factories. */
final class BalanceArguments {
    private BalanceArguments() {
    }

    /** Refuses any word after {@code balance <algorithm>}. */
    static void none(String algorithm, List<String> arguments) throws InvalidArgumentException {
        if (!arguments.isEmpty()) {
            throw new InvalidArgumentException("'balance " + algorithm + "' takes no argument, got '"
                    + String.join(" ", arguments) + "'");
        }
    }

    /** C's {@code atoi()}: leading blanks, a sign, then digits up to the first other character; 0 without any. */
    static int atoi(String text) {
        int i = 0;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) >= '\t' && text.charAt(i) <= '\r')) {
            i++;
        }
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        long value = 0;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            value = value * 10 + (text.charAt(i) - '0');
            if (value > Integer.MAX_VALUE + 1L) {
                value = Integer.MAX_VALUE + 1L;
            }
            i++;
        }
        long signed = negative ? -value : value;
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, signed));
    }
}
