package dev.bascule.config.haproxy.internal;

import dev.bascule.api.InvalidArgumentException;

/**
 * The times and sizes of actions' arguments ({@code wait-for-body time 10s at-least 1k}), as
 * HAProxy's {@code parse_time_err()} and {@code parse_size_err()} read them and its actions word
 * their refusals; lent to the actions through their setup, at load and when the host compiles them.
 */
final class ActionUnits {
    private ActionUnits() {
    }

    /** A duration in milliseconds. */
    static long timeMillis(String value) throws InvalidArgumentException {
        TimeValue parsed = TimeValue.parseMillis(value);
        if (parsed instanceof TimeValue.Overflow) {
            throw new InvalidArgumentException("time overflow (maximum value is 2147483647 ms or ~24.8 days).");
        }
        if (parsed instanceof TimeValue.Underflow) {
            throw new InvalidArgumentException("time underflow (minimum non-null value is 1 ms).");
        }
        if (parsed instanceof TimeValue.UnexpectedCharacter unexpected) {
            throw new InvalidArgumentException("unexpected character '" + unexpected.character() + "'.");
        }
        TimeValue.Valid valid = (TimeValue.Valid) parsed;
        if (valid.trailingCharacter().isPresent()) {
            throw new InvalidArgumentException("unexpected character '" + valid.trailingCharacter().get() + "'.");
        }
        return valid.millis();
    }

    /** A size in bytes. */
    static long size(String value) throws InvalidArgumentException {
        long bytes = sizeValue(value);
        if (bytes < 0) {
            throw new InvalidArgumentException("unexpected character '" + value.charAt((int) -bytes - 1) + "'.");
        }
        return bytes;
    }

    /**
     * HAProxy's {@code parse_size_err()}: digits and an optional k, m or g (powers of 1024); the
     * size, or -(position + 1) of the first character it cannot take.
     */
    static long sizeValue(String text) {
        long value = 0;
        int i = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            value = value * 10 + (text.charAt(i) - '0');
            if (value > 0xFFFFFFFFL) {
                return -(i + 1);
            }
            i++;
        }
        if (i == text.length()) {
            return value;
        }
        long unit = switch (text.charAt(i)) {
            case 'k', 'K' -> 1024L;
            case 'm', 'M' -> 1024L * 1024;
            case 'g', 'G' -> 1024L * 1024 * 1024;
            default -> 0;
        };
        if (unit == 0 || i + 1 != text.length()) {
            return -((unit == 0 ? i : i + 1) + 1);
        }
        return value * unit;
    }
}
