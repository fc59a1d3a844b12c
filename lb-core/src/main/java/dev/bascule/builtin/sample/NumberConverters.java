package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.SampleConverter;
import dev.bascule.api.sample.SampleType;
import dev.bascule.api.sample.Variables;

import java.util.List;
import java.util.function.LongBinaryOperator;

/** HAProxy's arithmetic converters on signed 64-bit integers ({@code sample.c}). */
final class NumberConverters {
    private NumberConverters() {
    }

    /**
     * A converter taking one argument: an integer, or a variable whose value is cast to one when
     * the converter runs (HAProxy's {@code check_operator()} and {@code sample_conv_var2smp_sint()}):
     * a variable that is not set, or does not cast, gives no sample.
     */
    static BuiltinConverterFactory.Creator binary(LongBinaryOperator operation) {
        return (keyword, arguments) -> {
            if (arguments.size() != 1) {
                throw new InvalidArgumentException("expects 1 argument");
            }
            String argument = arguments.get(0);
            long operand;
            try {
                // check_operator(): read_int64() over the whole text (a sign, digits, saturating)
                operand = SampleArguments.integer(argument, 1);
            } catch (InvalidArgumentException e) {
                if (!Variables.validName(argument)) {
                    throw new InvalidArgumentException("expects an integer or a variable name");
                }
                return (traffic, sample) -> {
                    Variables variables = traffic.variables();
                    long input = sample.integer();
                    // the sample holds the variable's value for a moment: no scratch sample to allocate
                    if (variables == null || !variables.get(argument, sample)
                            || !sample.castTo(SampleType.INTEGER)) {
                        return false;
                    }
                    sample.setInteger(operation.applyAsLong(input, sample.integer()));
                    return true;
                };
            }
            return (traffic, sample) -> {
                sample.setInteger(operation.applyAsLong(sample.integer(), operand));
                return true;
            };
        };
    }

    /**
     * {@code add(n)}: HAProxy's {@code arith_add()}, capped at the 64-bit limits, check included
     * as written: when both operands are negative, its second test computes
     * {@code LLONG_MAX - a}, which wraps, so that the sum of two negatives that does not
     * underflow gives the largest integer ({@code int(-1),add(-1)} is 9223372036854775807 on
     * haproxy 2.6.12).
     */
    static long add(long a, long b) {
        if ((a ^ b) >= 0) {
            if (a < 0 && Long.MIN_VALUE - a > b) {
                return Long.MIN_VALUE;
            }
            if (Long.MAX_VALUE - a < b) {
                return Long.MAX_VALUE;
            }
        }
        return a + b;
    }

    /** {@code sub(n)}: HAProxy's, through {@link #add} with the negated operand. */
    static long subtract(long a, long b) {
        if (b == Long.MIN_VALUE) {
            long sum = add(a, Long.MAX_VALUE);
            return sum < Long.MAX_VALUE ? sum + 1 : sum;
        }
        return add(a, -b);
    }

    /** {@code mul(n)}: capped at the 64-bit limits by the sign of the exact product. */
    static long multiply(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        if (a == Long.MIN_VALUE && b == -1) {
            return Long.MAX_VALUE;
        }
        long product = a * b;
        if (a != product / b) {
            return (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return product;
    }

    /** {@code div(n)}: by zero, or the smallest integer by -1, gives the largest integer, as HAProxy does. */
    static long divide(long value, long by) {
        if (by == 0 || value == Long.MIN_VALUE && by == -1) {
            return Long.MAX_VALUE;
        }
        return value / by;
    }

    /** {@code mod(n)}: by zero, or the smallest integer by -1, gives 0. */
    static long modulo(long value, long by) {
        return by == 0 || by == -1 ? 0 : value % by;
    }

    /** {@code neg}: the smallest integer gives the largest. */
    static final SampleConverter NEG = (traffic, sample) -> {
        long value = sample.integer();
        sample.setInteger(value == Long.MIN_VALUE ? Long.MAX_VALUE : -value);
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
