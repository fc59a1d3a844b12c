package dev.bascule.builtin.sample;

/** HAProxy's number readers over character ranges ({@code src/tools.c}), without allocating. */
final class Numbers {
    private Numbers() {
    }

    /**
     * HAProxy's {@code strl2ic()}, used by {@code hdr_val}: an optional {@code -}, then characters
     * read as digits until one above {@code '9'}. Like HAProxy it does not stop on characters below
     * {@code '0'} ({@code "1.5"} reads as 85) and wraps on overflow; kept so for fidelity.
     */
    static long strl2ic(CharSequence text, int start, int end) {
        int value = 0;
        if (start < end) {
            if (text.charAt(start) != '-') {
                for (int i = start; i < end; i++) {
                    int digit = text.charAt(i) - '0';
                    if (digit > 9) {
                        break;
                    }
                    value = value * 10 + digit;
                }
            } else {
                for (int i = start + 1; i < end; i++) {
                    int digit = text.charAt(i) - '0';
                    if (digit > 9) {
                        break;
                    }
                    value = value * 10 - digit;
                }
            }
        }
        return value;
    }

    /**
     * HAProxy's {@code read_int64()} as used by the string-to-integer cast: an optional sign, then
     * digits up to the first non-digit, saturating.
     */
    static long readInt64(CharSequence text, int start, int end) {
        int position = start;
        boolean negative = false;
        if (position < end && (text.charAt(position) == '-' || text.charAt(position) == '+')) {
            negative = text.charAt(position) == '-';
            position++;
        }
        long value = 0;
        for (; position < end; position++) {
            int digit = text.charAt(position) - '0';
            if (digit < 0 || digit > 9) {
                break;
            }
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    /**
     * HAProxy's {@code strl2llrc()} for patterns: an optional leading {@code -}, then only digits;
     * false on anything else, on overflow or on an empty text.
     */
    static boolean isLong(String text) {
        if (text.isEmpty()) {
            return false;
        }
        int start = text.charAt(0) == '-' ? 1 : 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        if (start == text.length()) {
            return true; // HAProxy reads a lone "-" as 0
        }
        try {
            Long.parseLong(text);
            return true;
        } catch (NumberFormatException overflow) {
            return false;
        }
    }

    /** The value of a text {@link #isLong(String)} accepted. */
    static long parseLong(String text) {
        return text.equals("-") ? 0 : Long.parseLong(text);
    }
}
