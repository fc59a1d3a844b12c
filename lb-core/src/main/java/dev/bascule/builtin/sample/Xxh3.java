package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;

import java.util.List;

/**
 * XXH3, 64-bit, with a seed (xxHash 0.8, the version HAProxy 2.6 bundles as
 * {@code import/xxhash.h}), over the bytes of a character range (characters 0-255), for the
 * {@code xxh3([seed])} converter. Written from the published algorithm: the short inputs (up to
 * 240 bytes) mix 16-byte pieces with the secret, longer ones run eight accumulators over 64-byte
 * stripes. A converter's seed is fixed, so its secret is derived once, when the converter is made.
 */
final class Xxh3 {
    private static final long P32_1 = 0x9E3779B1L;
    private static final long P32_2 = 0x85EBCA77L;
    private static final long P32_3 = 0xC2B2AE3DL;
    private static final long P64_1 = 0x9E3779B185EBCA87L;
    private static final long P64_2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P64_3 = 0x165667B19E3779F9L;
    private static final long P64_4 = 0x85EBCA77C2B2AE63L;
    private static final long P64_5 = 0x27D4EB2F165667C5L;

    private static final int STRIPE = 64;
    private static final int CONSUME_RATE = 8;
    private static final int SECRET_SIZE_MIN = 136;
    private static final int MIDSIZE_MAX = 240;

    /** xxHash's default secret (192 bytes, "taken from FARSH"). */
    private static final byte[] DEFAULT_SECRET = bytes(
            0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
            0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
            0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
            0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c,
            0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb, 0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3,
            0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19, 0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8,
            0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7, 0xc7, 0x0b, 0x4f, 0x1d,
            0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78, 0x73, 0x64,
            0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb,
            0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49, 0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e,
            0x2b, 0x16, 0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc, 0x8f, 0xf8, 0xb8, 0xd1, 0x7a, 0xd0, 0x31, 0xce,
            0x45, 0xcb, 0x3a, 0x8f, 0x95, 0x16, 0x04, 0x28, 0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b, 0x40, 0x7e);

    private final long seed;
    /** The secret of inputs above 240 bytes: the default one, or derived from a non-zero seed. */
    private final byte[] longSecret;

    Xxh3(long seed) {
        this.seed = seed;
        this.longSecret = seed == 0 ? DEFAULT_SECRET : customSecret(seed);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** {@code XXH3_initCustomSecret}: each 16-byte pair of the default secret, plus and minus the seed. */
    private static byte[] customSecret(long seed) {
        byte[] secret = new byte[DEFAULT_SECRET.length];
        for (int i = 0; i < DEFAULT_SECRET.length; i += 16) {
            writeLong(secret, i, readLong(DEFAULT_SECRET, i) + seed);
            writeLong(secret, i + 8, readLong(DEFAULT_SECRET, i + 8) - seed);
        }
        return secret;
    }

    // ------------------------------------------------------------------ reading

    private static long readLong(byte[] bytes, int at) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = value << 8 | (bytes[at + i] & 0xffL);
        }
        return value;
    }

    private static long readInt(byte[] bytes, int at) {
        return (bytes[at] & 0xffL) | (bytes[at + 1] & 0xffL) << 8 | (bytes[at + 2] & 0xffL) << 16
                | (bytes[at + 3] & 0xffL) << 24;
    }

    private static void writeLong(byte[] bytes, int at, long value) {
        for (int i = 0; i < 8; i++) {
            bytes[at + i] = (byte) (value >>> (8 * i));
        }
    }

    private static long readLong(CharSequence text, int at) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = value << 8 | (text.charAt(at + i) & 0xffL);
        }
        return value;
    }

    private static long readInt(CharSequence text, int at) {
        return (text.charAt(at) & 0xffL) | (text.charAt(at + 1) & 0xffL) << 8 | (text.charAt(at + 2) & 0xffL) << 16
                | (text.charAt(at + 3) & 0xffL) << 24;
    }

    // ------------------------------------------------------------------ mixing

    /** The 128-bit product of two unsigned 64-bit numbers, its halves XOR-ed. */
    private static long mul128Fold64(long lhs, long rhs) {
        long low = lhs * rhs;
        long high = Math.multiplyHigh(lhs, rhs) + ((lhs >> 63) & rhs) + ((rhs >> 63) & lhs);
        return low ^ high;
    }

    private static long xxh64Avalanche(long hash) {
        hash ^= hash >>> 33;
        hash *= P64_2;
        hash ^= hash >>> 29;
        hash *= P64_3;
        return hash ^ hash >>> 32;
    }

    private static long avalanche(long hash) {
        hash ^= hash >>> 37;
        hash *= 0x165667919E3779F9L;
        return hash ^ hash >>> 32;
    }

    private static long rrmxmx(long hash, long length) {
        hash ^= Long.rotateLeft(hash, 49) ^ Long.rotateLeft(hash, 24);
        hash *= 0x9FB21C651E98DF25L;
        hash ^= (hash >>> 35) + length;
        hash *= 0x9FB21C651E98DF25L;
        return hash ^ hash >>> 28;
    }

    private static long mix16(CharSequence text, int at, byte[] secret, int secretAt, long seed) {
        return mul128Fold64(readLong(text, at) ^ (readLong(secret, secretAt) + seed),
                readLong(text, at + 8) ^ (readLong(secret, secretAt + 8) - seed));
    }

    // ------------------------------------------------------------------ hashing

    /** XXH3-64 of {@code text[start, end)} with this seed. */
    long hash(CharSequence text, int start, int end) {
        int length = end - start;
        byte[] secret = DEFAULT_SECRET;
        if (length <= 16) {
            return upTo16(text, start, length, secret, seed);
        }
        if (length <= 128) {
            long acc = length * P64_1;
            if (length > 32) {
                if (length > 64) {
                    if (length > 96) {
                        acc += mix16(text, start + 48, secret, 96, seed);
                        acc += mix16(text, end - 64, secret, 112, seed);
                    }
                    acc += mix16(text, start + 32, secret, 64, seed);
                    acc += mix16(text, end - 48, secret, 80, seed);
                }
                acc += mix16(text, start + 16, secret, 32, seed);
                acc += mix16(text, end - 32, secret, 48, seed);
            }
            acc += mix16(text, start, secret, 0, seed);
            acc += mix16(text, end - 16, secret, 16, seed);
            return avalanche(acc);
        }
        if (length <= MIDSIZE_MAX) {
            long acc = length * P64_1;
            int rounds = length / 16;
            for (int i = 0; i < 8; i++) {
                acc += mix16(text, start + 16 * i, secret, 16 * i, seed);
            }
            acc = avalanche(acc);
            for (int i = 8; i < rounds; i++) {
                acc += mix16(text, start + 16 * i, secret, 16 * (i - 8) + 3, seed);
            }
            acc += mix16(text, end - 16, secret, SECRET_SIZE_MIN - 17, seed);
            return avalanche(acc);
        }
        return hashLong(text, start, length, longSecret);
    }

    private static long upTo16(CharSequence text, int start, int length, byte[] secret, long seed) {
        if (length > 8) {
            long low = readLong(text, start) ^ ((readLong(secret, 24) ^ readLong(secret, 32)) + seed);
            long high = readLong(text, start + length - 8) ^ ((readLong(secret, 40) ^ readLong(secret, 48)) - seed);
            long acc = length + Long.reverseBytes(low) + high + mul128Fold64(low, high);
            return avalanche(acc);
        }
        if (length >= 4) {
            long mixedSeed = seed ^ ((long) Integer.reverseBytes((int) seed) & 0xffffffffL) << 32;
            long first = readInt(text, start);
            long last = readInt(text, start + length - 4);
            long bitflip = (readLong(secret, 8) ^ readLong(secret, 16)) - mixedSeed;
            long keyed = (last + (first << 32)) ^ bitflip;
            return rrmxmx(keyed, length);
        }
        if (length > 0) {
            long c1 = text.charAt(start) & 0xff;
            long c2 = text.charAt(start + (length >> 1)) & 0xff;
            long c3 = text.charAt(start + length - 1) & 0xff;
            long combined = c1 << 16 | c2 << 24 | c3 | (long) length << 8;
            long bitflip = (readInt(secret, 0) ^ readInt(secret, 4)) + seed;
            return xxh64Avalanche(combined ^ bitflip);
        }
        return xxh64Avalanche(seed ^ readLong(secret, 56) ^ readLong(secret, 64));
    }

    /** Inputs above 240 bytes: eight accumulators over 64-byte stripes, scrambled after each block. */
    private static long hashLong(CharSequence text, int start, int length, byte[] secret) {
        // one small array per input above 240 bytes (the JIT's escape analysis usually removes it)
        long[] acc = {P32_3, P64_1, P64_2, P64_3, P64_4, P32_2, P64_5, P32_1};
        int stripesPerBlock = (secret.length - STRIPE) / CONSUME_RATE;
        int blockLength = STRIPE * stripesPerBlock;
        int blocks = (length - 1) / blockLength;
        for (int block = 0; block < blocks; block++) {
            for (int stripe = 0; stripe < stripesPerBlock; stripe++) {
                accumulate(acc, text, start + block * blockLength + stripe * STRIPE, secret, stripe * CONSUME_RATE);
            }
            scramble(acc, secret, secret.length - STRIPE);
        }
        int stripes = ((length - 1) - blockLength * blocks) / STRIPE;
        for (int stripe = 0; stripe < stripes; stripe++) {
            accumulate(acc, text, start + blocks * blockLength + stripe * STRIPE, secret, stripe * CONSUME_RATE);
        }
        accumulate(acc, text, start + length - STRIPE, secret, secret.length - STRIPE - 7);
        long result = length * P64_1;
        for (int i = 0; i < 4; i++) {
            result += mul128Fold64(acc[2 * i] ^ readLong(secret, 11 + 16 * i),
                    acc[2 * i + 1] ^ readLong(secret, 11 + 16 * i + 8));
        }
        return avalanche(result);
    }

    private static void accumulate(long[] acc, CharSequence text, int at, byte[] secret, int secretAt) {
        for (int i = 0; i < 8; i++) {
            long data = readLong(text, at + 8 * i);
            long key = data ^ readLong(secret, secretAt + 8 * i);
            acc[i ^ 1] += data;
            acc[i] += (key & 0xffffffffL) * (key >>> 32);
        }
    }

    private static void scramble(long[] acc, byte[] secret, int secretAt) {
        for (int i = 0; i < 8; i++) {
            long value = acc[i];
            value ^= value >>> 47;
            value ^= readLong(secret, secretAt + 8 * i);
            value *= P32_1;
            acc[i] = value;
        }
    }

    /** {@code xxh3([seed])}: the unsigned 64-bit hash stored as a signed integer, as HAProxy does. */
    static BuiltinConverterFactory.Creator converter() {
        return (keyword, arguments) -> {
            Xxh3 hash = new Xxh3(seed(keyword, arguments));
            return (traffic, sample) -> {
                sample.setInteger(hash.hash(sample.text(), sample.start(), sample.end()));
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
