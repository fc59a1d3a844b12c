package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleConverter;

import java.util.List;

/**
 * HAProxy's hash converters, bit for bit ({@code hash.c}): {@code crc32}, {@code crc32c},
 * {@code djb2}, {@code sdbm}, {@code wt6}, each on the input's bytes (a string's characters
 * 0-255), giving an unsigned 32-bit integer, mixed by Bob Jenkins' full avalanche
 * ({@code full_hash()}) when the argument is non-zero.
 */
final class HashConverters {
    private static final int[] CRC32 = table(0xedb88320);
    private static final int[] CRC32C = table(0x82f63b78);

    private HashConverters() {
    }

    private static int[] table(int polynomial) {
        int[] table = new int[256];
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int bit = 0; bit < 8; bit++) {
                c = (c >>> 1) ^ ((c & 1) != 0 ? polynomial : 0);
            }
            table[n] = c;
        }
        return table;
    }

    /** A hash of the bytes {@code [start, end)} of {@code text}. */
    @FunctionalInterface
    interface Hash {
        int hash(CharSequence text, int start, int end);
    }

    static final Hash CRC32_HASH = (text, start, end) -> crc(CRC32, text, start, end);
    static final Hash CRC32C_HASH = (text, start, end) -> crc(CRC32C, text, start, end);

    static final Hash DJB2 = (text, start, end) -> {
        int hash = 5381;
        for (int i = start; i < end; i++) {
            hash = ((hash << 5) + hash) + (text.charAt(i) & 0xff);
        }
        return hash;
    };

    static final Hash SDBM = (text, start, end) -> {
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = (text.charAt(i) & 0xff) + (hash << 6) + (hash << 16) - hash;
        }
        return hash;
    };

    static final Hash WT6 = (text, start, end) -> {
        int h0 = 0xa53c965a;
        int h1 = 0x5ca6953a;
        int step0 = 6;
        int step1 = 18;
        for (int i = start; i < end; i++) {
            int t = text.charAt(i) & 0xff;
            h0 = ~(h0 ^ t);
            h1 = ~(h1 + t);
            t = (h1 << step0) | (h1 >>> (32 - step0));
            h1 = (h0 << step1) | (h0 >>> (32 - step1));
            h0 = t;
            t = ((h0 >>> 16) ^ h1) & 0xffff;
            step0 = t & 0x1f;
            step1 = t >>> 11;
        }
        return h0 ^ h1;
    };

    private static int crc(int[] table, CharSequence text, int start, int end) {
        int crc = ~0;
        for (int i = start; i < end; i++) {
            crc = (crc >>> 8) ^ table[(crc ^ text.charAt(i)) & 0xff];
        }
        return ~crc;
    }

    /** HAProxy's {@code full_hash()}: Bob Jenkins' full avalanche, times 3221225473. */
    static int avalanche(int a) {
        a = (a + 0x7ed55d16) + (a << 12);
        a = (a ^ 0xc761c23c) ^ (a >>> 19);
        a = (a + 0x165667b1) + (a << 5);
        a = (a + 0xd3a2646c) ^ (a << 9);
        a = (a + 0xfd7046c5) + (a << 3);
        a = (a ^ 0xb55a4f09) ^ (a >>> 16);
        return a * (int) 3221225473L;
    }

    /** The converter of {@code hash}, with HAProxy's optional avalanche argument. */
    static BuiltinConverterFactory.Creator converter(Hash hash) {
        return (keyword, arguments) -> {
            boolean mix = avalancheArgument(keyword, arguments);
            return (traffic, sample) -> {
                int value = hash.hash(sample.text(), sample.start(), sample.end());
                sample.setInteger((mix ? avalanche(value) : value) & 0xffffffffL);
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

    /** Evaluates a hash on a whole sample (tests). */
    static long of(Hash hash, Sample sample) {
        return hash.hash(sample.text(), sample.start(), sample.end()) & 0xffffffffL;
    }
}
