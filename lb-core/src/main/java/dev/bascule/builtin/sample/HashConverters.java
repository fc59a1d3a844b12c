package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.HashFunction;

import java.util.List;

/**
 * HAProxy's hash converters, bit for bit ({@code hash.c}): {@code crc32}, {@code crc32c},
 * {@code djb2}, {@code sdbm}, {@code wt6}, each on the input's bytes (a string's characters
 * 0-255), giving an unsigned 32-bit integer, mixed by Bob Jenkins' full avalanche
 * ({@code full_hash()}) when the argument is non-zero.
 */
final class HashConverters {
    private HashConverters() {
    }

    /** The converter of {@code hash}, with HAProxy's optional avalanche argument. */
    static BuiltinConverterFactory.Creator converter(HashFunction hash) {
        return (keyword, arguments) -> {
            boolean mix = avalancheArgument(keyword, arguments);
            return (traffic, sample) -> {
                int value = hash.hash(sample.text(), sample.start(), sample.end());
                sample.setInteger((mix ? HashFunction.avalanche(value) : value) & 0xffffffffL);
                return true;
            };
        };
    }

    private static boolean avalancheArgument(String keyword, List<String> arguments) throws InvalidArgumentException {
        if (arguments.size() > 1) {
            throw new InvalidArgumentException("expects at most 1 argument");
        }
        if (arguments.isEmpty()) {
            return false;
        }
        return SampleArguments.integer(arguments.get(0), 1) != 0;
    }
}
