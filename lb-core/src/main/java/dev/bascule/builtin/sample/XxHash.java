package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;

import java.util.List;

/**
 * XXH32 and XXH64 (Yann Collet's xxHash, which HAProxy bundles as {@code import/xxhash.h}) over
 * the bytes of a character range (characters 0-255), for the {@code xxh32} and {@code xxh64}
 * converters. Written from the published algorithm; allocation-free.
 */
final class XxHash {
    private static final int P32_1 = 0x9E3779B1;
    private static final int P32_2 = 0x85EBCA77;
    private static final int P32_3 = 0xC2B2AE3D;
    private static final int P32_4 = 0x27D4EB2F;
    private static final int P32_5 = 0x165667B1;

    private static final long P64_1 = 0x9E3779B185EBCA87L;
    private static final long P64_2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P64_3 = 0x165667B19E3779F9L;
    private static final long P64_4 = 0x85EBCA77C2B2AE63L;
    private static final long P64_5 = 0x27D4EB2F165667C5L;

    private XxHash() {
    }

    private static int byteAt(CharSequence text, int i) {
        return text.charAt(i) & 0xff;
    }

    private static int int32(CharSequence text, int i) {
        return byteAt(text, i) | byteAt(text, i + 1) << 8 | byteAt(text, i + 2) << 16 | byteAt(text, i + 3) << 24;
    }

    private static long int64(CharSequence text, int i) {
        return (int32(text, i) & 0xffffffffL) | (long) int32(text, i + 4) << 32;
    }

    private static int round32(int accumulator, int input) {
        return Integer.rotateLeft(accumulator + input * P32_2, 13) * P32_1;
    }

    /** XXH32 of {@code text[start, end)}. */
    static int xxh32(CharSequence text, int start, int end, int seed) {
        int length = end - start;
        int i = start;
        int hash;
        if (length >= 16) {
            int v1 = seed + P32_1 + P32_2;
            int v2 = seed + P32_2;
            int v3 = seed;
            int v4 = seed - P32_1;
            for (; i + 16 <= end; i += 16) {
                v1 = round32(v1, int32(text, i));
                v2 = round32(v2, int32(text, i + 4));
                v3 = round32(v3, int32(text, i + 8));
                v4 = round32(v4, int32(text, i + 12));
            }
            hash = Integer.rotateLeft(v1, 1) + Integer.rotateLeft(v2, 7) + Integer.rotateLeft(v3, 12)
                    + Integer.rotateLeft(v4, 18);
        } else {
            hash = seed + P32_5;
        }
        hash += length;
        for (; i + 4 <= end; i += 4) {
            hash = Integer.rotateLeft(hash + int32(text, i) * P32_3, 17) * P32_4;
        }
        for (; i < end; i++) {
            hash = Integer.rotateLeft(hash + byteAt(text, i) * P32_5, 11) * P32_1;
        }
        hash ^= hash >>> 15;
        hash *= P32_2;
        hash ^= hash >>> 13;
        hash *= P32_3;
        hash ^= hash >>> 16;
        return hash;
    }

    private static long round64(long accumulator, long input) {
        return Long.rotateLeft(accumulator + input * P64_2, 31) * P64_1;
    }

    private static long merge64(long hash, long value) {
        return (hash ^ round64(0, value)) * P64_1 + P64_4;
    }

    /** XXH64 of {@code text[start, end)}. */
    static long xxh64(CharSequence text, int start, int end, long seed) {
        int length = end - start;
        int i = start;
        long hash;
        if (length >= 32) {
            long v1 = seed + P64_1 + P64_2;
            long v2 = seed + P64_2;
            long v3 = seed;
            long v4 = seed - P64_1;
            for (; i + 32 <= end; i += 32) {
                v1 = round64(v1, int64(text, i));
                v2 = round64(v2, int64(text, i + 8));
                v3 = round64(v3, int64(text, i + 16));
                v4 = round64(v4, int64(text, i + 24));
            }
            hash = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12)
                    + Long.rotateLeft(v4, 18);
            hash = merge64(hash, v1);
            hash = merge64(hash, v2);
            hash = merge64(hash, v3);
            hash = merge64(hash, v4);
        } else {
            hash = seed + P64_5;
        }
        hash += length;
        for (; i + 8 <= end; i += 8) {
            hash ^= round64(0, int64(text, i));
            hash = Long.rotateLeft(hash, 27) * P64_1 + P64_4;
        }
        if (i + 4 <= end) {
            hash ^= (int32(text, i) & 0xffffffffL) * P64_1;
            hash = Long.rotateLeft(hash, 23) * P64_2 + P64_3;
            i += 4;
        }
        for (; i < end; i++) {
            hash ^= byteAt(text, i) * P64_5;
            hash = Long.rotateLeft(hash, 11) * P64_1;
        }
        hash ^= hash >>> 33;
        hash *= P64_2;
        hash ^= hash >>> 29;
        hash *= P64_3;
        hash ^= hash >>> 32;
        return hash;
    }

    /** {@code xxh32([seed])}: HAProxy keeps the low 32 bits of the seed; the result is unsigned. */
    static BuiltinConverterFactory.Creator xxh32Converter() {
        return (keyword, arguments) -> {
            int seed = (int) seed(keyword, arguments);
            return (traffic, sample) -> {
                sample.setInteger(xxh32(sample.text(), sample.start(), sample.end(), seed) & 0xffffffffL);
                return true;
            };
        };
    }

    /** {@code xxh64([seed])}: the unsigned 64-bit hash stored as a signed integer, as HAProxy does. */
    static BuiltinConverterFactory.Creator xxh64Converter() {
        return (keyword, arguments) -> {
            long seed = seed(keyword, arguments);
            return (traffic, sample) -> {
                sample.setInteger(xxh64(sample.text(), sample.start(), sample.end(), seed));
                return true;
            };
        };
    }

    private static long seed(String keyword, List<String> arguments) throws InvalidArgumentException {
        if (arguments.size() > 1) {
            throw new InvalidArgumentException("'" + keyword + "' expects at most 1 argument");
        }
        return arguments.isEmpty() ? 0 : SampleArguments.integer(arguments.get(0), 1);
    }
}
