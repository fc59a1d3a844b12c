package dev.bascule.core.sample.builtin;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.SampleConverter;

import java.util.List;
import java.util.function.LongBinaryOperator;

/** HAProxy's arithmetic converters on signed 64-bit integers ({@code sample.c}). */
final class NumberConverters {
    private NumberConverters() {
    }

    /** A converter taking one integer argument (HAProxy also takes a variable there: not yet). */
    static BuiltinConverterFactory.Creator binary(LongBinaryOperator operation) {
        return (keyword, arguments) -> {
            long operand = operand(keyword, arguments);
            return (traffic, sample) -> {
                sample.setInteger(operation.applyAsLong(sample.integer(), operand));
                return true;
            };
        };
    }

    static long operand(String keyword, List<String> arguments) throws InvalidArgumentException {
        if (arguments.size() != 1) {
            throw new InvalidArgumentException("expects 1 argument");
        }
        String argument = arguments.get(0).strip();
        try {
            return Long.parseLong(argument);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("'" + keyword + "' : variables are not implemented yet by Bascule as"
                    + " arguments, and '" + argument + "' is not an integer");
        }
    }

    /** {@code div(n)}: by zero gives the largest integer, as HAProxy does. */
    static long divide(long value, long by) {
        return by == 0 ? Long.MAX_VALUE : value / by;
    }

    /** {@code mod(n)}: by zero gives 0. */
    static long modulo(long value, long by) {
        return by == 0 ? 0 : value % by;
    }

    static final SampleConverter NEG = (traffic, sample) -> {
        sample.setInteger(-sample.integer());
        return true;
    };

    static final SampleConverter NOT = (traffic, sample) -> {
        sample.setBoolean(sample.integer() == 0);
        return true;
    };

    static final SampleConverter BOOL = (traffic, sample) -> {
        sample.setBoolean(sample.integer() != 0);
        return true;
    };

    static final SampleConverter ODD = (traffic, sample) -> {
        sample.setBoolean((sample.integer() & 1) != 0);
        return true;
    };

    static final SampleConverter EVEN = (traffic, sample) -> {
        sample.setBoolean((sample.integer() & 1) == 0);
        return true;
    };

    static final SampleConverter CPL = (traffic, sample) -> {
        sample.setInteger(~sample.integer());
        return true;
    };
}
