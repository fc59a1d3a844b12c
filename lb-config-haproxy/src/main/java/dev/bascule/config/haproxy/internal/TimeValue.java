package dev.bascule.config.haproxy.internal;

import dev.bascule.api.loader.CText;
import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;

/**
 * A time written in the configuration, parsed as HAProxy's {@code parse_time_err()} does with
 * milliseconds as the default unit: digits, then an optional unit among {@code us}, {@code ms},
 * {@code s}, {@code m}, {@code h} and {@code d}. Microseconds round up to the next millisecond.
 */
public sealed interface TimeValue {
    /** The largest value HAProxy accepts, in milliseconds ({@code 2^31 - 1}, about 24.8 days). */
    long MAX_MILLIS = 0x7fffffffL;

    /**
     * A valid time.
     *
     * @param millis            the value in milliseconds (0 means "not set" to HAProxy)
     * @param trailingCharacter a character found after a valid unit: HAProxy 2.6 only warns
     */
    record Valid(long millis, Optional<Character> trailingCharacter) implements TimeValue {
        public Valid {
            requireNonNull(trailingCharacter, "trailingCharacter");
        }

        /** The duration, or empty for 0 which HAProxy treats as "no timeout". */
        public Optional<Duration> duration() {
            return millis == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(millis));
        }
    }

    /** The text is not a time: {@code character} is the first unexpected one. */
    record UnexpectedCharacter(char character) implements TimeValue {
    }

    /** The value does not fit in 2^31 - 1 milliseconds. */
    record Overflow() implements TimeValue {
    }

    /** A non-zero value that rounds down to 0 milliseconds. */
    record Underflow() implements TimeValue {
    }

    /** The unit a time is expressed in, and the default unit of a number written without one. */
    enum Unit {
        MILLISECONDS(1000),
        SECONDS(1);

        /** How many of it make one second. */
        final long perSecond;

        Unit(long perSecond) {
            this.perSecond = perSecond;
        }
    }

    /** HAProxy's alert for a delay beyond its 32-bit milliseconds, given to {@code keyword}. */
    static String overflowAlert(String value, String keyword) {
        return "timer overflow in argument '" + value + "' to '" + keyword + "' (maximum value is 2147483647 ms or"
                + " ~24.8 days)";
    }

    /** HAProxy's alert for a non-zero delay below a millisecond, given to {@code keyword}. */
    static String underflowAlert(String value, String keyword) {
        return "timer underflow in argument '" + value + "' to '" + keyword + "' (minimum non-null value is 1 ms)";
    }

    /**
     * HAProxy 2.6's warning for a character after a valid unit ({@code 1s[}): the value is kept.
     * {@code parse_time_err()} prints it itself, so it carries no file:line of its own.
     */
    static String trailingCharacterWarning(char character, String text) {
        return "unexpected character '" + character + "' after the timer value '" + text + "', only"
                + " (us=microseconds,ms=milliseconds,s=seconds,m=minutes,h=hours,d=days) are supported."
                + " This will be reported as an error in next versions.";
    }

    /** Parses {@code text} with milliseconds as the default unit. */
    static TimeValue parseMillis(String text) {
        return parse(text, Unit.MILLISECONDS);
    }

    /**
     * Parses {@code text} with {@code unit} as the default unit; a {@link Valid}'s value is then
     * expressed in {@code unit} (its {@code millis()} are seconds for {@link Unit#SECONDS}).
     */
    static TimeValue parse(String text, Unit unit) {
        if (text.isEmpty()) {
            return new UnexpectedCharacter('\0');
        }
        if (!CText.isDigit(text.charAt(0))) {
            return new UnexpectedCharacter(text.charAt(0));
        }
        int index = 0;
        long value = 0;
        boolean huge = false;
        while (index < text.length() && CText.isDigit(text.charAt(index))) {
            value = value * 10 + (text.charAt(index) - '0');
            if (value > Long.MAX_VALUE / 100_000_000L) {
                huge = true;
                value = Long.MAX_VALUE / 100_000_000L;
            }
            index++;
        }
        // result = value * (imult * omult) / (idiv * odiv), rounded up
        long multiplier;
        long divider;
        if (index == text.length()) {
            multiplier = 1;
            divider = 1;
        } else {
            char written = text.charAt(index);
            long perSecond;
            switch (written) {
                case 's' -> perSecond = 1;
                case 'u' -> {
                    if (index + 1 >= text.length() || text.charAt(index + 1) != 's') {
                        return new UnexpectedCharacter(written);
                    }
                    index++;
                    perSecond = -1_000_000;
                }
                case 'm' -> {
                    if (index + 1 < text.length() && text.charAt(index + 1) == 's') {
                        index++;
                        perSecond = -1_000;
                    } else {
                        perSecond = 60;
                    }
                }
                case 'h' -> perSecond = 3_600;
                case 'd' -> perSecond = 86_400;
                default -> {
                    return new UnexpectedCharacter(written);
                }
            }
            // a negative perSecond is a fraction of a second (us, ms), a positive one seconds per unit
            multiplier = (perSecond > 0 ? perSecond : 1) * unit.perSecond;
            divider = perSecond < 0 ? -perSecond : 1;
            long gcd = BigInteger.valueOf(multiplier).gcd(BigInteger.valueOf(divider)).longValue();
            multiplier /= gcd;
            divider /= gcd;
            index++;
        }
        Optional<Character> trailing = index < text.length() ? Optional.of(text.charAt(index)) : Optional.empty();
        long result = huge ? Long.MAX_VALUE : (value * multiplier + divider - 1) / divider;
        if (result > MAX_MILLIS) {
            return new Overflow();
        }
        if (result == 0 && value != 0) {
            return new Underflow();
        }
        return new Valid(result, trailing);
    }
}
