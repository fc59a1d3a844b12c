package dev.bascule.api.loader;

/**
 * The C library's character classes and number parsers, with the semantics HAProxy relies on
 * ({@code isspace}, {@code atol}, {@code strtol}) in the "C" locale.
 */
public final class CText {
    private CText() {
    }

    /** {@code isspace()}: space, tab, line feed, vertical tab, form feed, carriage return. */
    public static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /** {@code isalpha()} in the C locale. */
    public static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** {@code isdigit()}. */
    public static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** {@code isalnum()} in the C locale. */
    public static boolean isAlnum(int c) {
        return isAlpha(c) || isDigit(c);
    }

    /** {@code isxdigit()}. */
    public static boolean isHex(int c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** {@code isprint()} in the C locale. */
    public static boolean isPrint(int c) {
        return c >= 0x20 && c < 0x7f;
    }

    /**
     * {@code atol()}: skips leading blanks, takes an optional sign and as many digits as follow,
     * ignores the rest; 0 when there is no digit. Saturates instead of overflowing.
     */
    public static long atol(String text) {
        int index = 0;
        while (index < text.length() && isSpace(text.charAt(index))) {
            index++;
        }
        boolean negative = false;
        if (index < text.length() && (text.charAt(index) == '+' || text.charAt(index) == '-')) {
            negative = text.charAt(index) == '-';
            index++;
        }
        long value = 0;
        while (index < text.length() && isDigit(text.charAt(index))) {
            int digit = text.charAt(index) - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            value = value * 10 + digit;
            index++;
        }
        return negative ? -value : value;
    }

    /** {@code atoi()}: {@link #atol} truncated to an {@code int} the way glibc does on 64-bit. */
    public static int atoi(String text) {
        return (int) atol(text);
    }

    /**
     * {@code strtol(text, &end, radix)} followed by HAProxy's usual {@code !*text || *end} test:
     * the whole word must be a number. Saturates like {@code strtol}.
     *
     * @return the value, or null when the word is empty or has trailing characters
     */
    public static Long strtolStrict(String text, int radix) {
        int index = 0;
        while (index < text.length() && isSpace(text.charAt(index))) {
            index++;
        }
        boolean negative = false;
        if (index < text.length() && (text.charAt(index) == '+' || text.charAt(index) == '-')) {
            negative = text.charAt(index) == '-';
            index++;
        }
        int digitsStart = index;
        long value = 0;
        boolean saturated = false;
        while (index < text.length() && Character.digit(text.charAt(index), radix) >= 0
                && text.charAt(index) < 0x80) {
            int digit = Character.digit(text.charAt(index), radix);
            if (value > (Long.MAX_VALUE - digit) / radix) {
                saturated = true;
            } else {
                value = value * radix + digit;
            }
            index++;
        }
        if (text.isEmpty() || index == digitsStart || index != text.length()) {
            return null;
        }
        if (saturated) {
            return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return negative ? -value : value;
    }
}
