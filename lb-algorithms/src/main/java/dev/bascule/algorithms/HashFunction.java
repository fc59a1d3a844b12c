package dev.bascule.algorithms;

/**
 * HAProxy's hash functions ({@code hash.c}) and its avalanche modifier ({@code full_hash()}),
 * computed over a range of a {@link CharSequence} whose characters stand for bytes (the low 8
 * bits are used), without copying it. All arithmetic is unsigned 32-bit, as in C.
 */
enum HashFunction {
    /** The default: {@code hash = c + (hash << 6) + (hash << 16) - hash}. */
    SDBM {
        @Override
        int hash(CharSequence text, int from, int to) {
            int hash = 0;
            for (int i = from; i < to; i++) {
                hash = (text.charAt(i) & 0xff) + (hash << 6) + (hash << 16) - hash;
            }
            return hash;
        }
    },
    /** Bernstein's: {@code hash * 33 + c} from 5381. */
    DJB2 {
        @Override
        int hash(CharSequence text, int from, int to) {
            int hash = 5381;
            for (int i = from; i < to; i++) {
                hash = (hash << 5) + hash + (text.charAt(i) & 0xff);
            }
            return hash;
        }
    },
    /** Willy Tarreau's wt6: two rotating 32-bit halves whose rotation steps depend on the input. */
    WT6 {
        @Override
        int hash(CharSequence text, int from, int to) {
            int h0 = 0xa53c965a;
            int h1 = 0x5ca6953a;
            int step0 = 6;
            int step1 = 18;
            for (int i = from; i < to; i++) {
                int t = text.charAt(i) & 0xff;
                h0 = ~(h0 ^ t);
                h1 = ~(h1 + t);
                // C shifts by 32 - 0 are undefined there but steps come from 5-bit fields;
                // Java masks shift counts to 5 bits, giving the rotation x86 gives
                int rotated = Integer.rotateLeft(h1, step0);
                h1 = Integer.rotateLeft(h0, step1);
                h0 = rotated;
                t = ((h0 >>> 16) ^ h1) & 0xffff;
                step0 = t & 0x1f;
                step1 = t >>> 11;
            }
            return h0 ^ h1;
        }
    },
    /** The reflected CRC-32 (polynomial 0xedb88320), bit by bit. */
    CRC32 {
        @Override
        int hash(CharSequence text, int from, int to) {
            int hash = ~0;
            for (int i = from; i < to; i++) {
                hash ^= text.charAt(i) & 0xff;
                for (int bit = 0; bit < 8; bit++) {
                    hash = (hash >>> 1) ^ ((hash & 1) != 0 ? 0xedb88320 : 0);
                }
            }
            return ~hash;
        }
    };

    /** The hash of {@code text[from, to)}. */
    abstract int hash(CharSequence text, int from, int to);

    /** The name {@code hash-type} takes. */
    String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Bob Jenkins' full-avalanche mix HAProxy applies with {@code avalanche}. */
    static int avalanche(int a) {
        a = (a + 0x7ed55d16) + (a << 12);
        a = (a ^ 0xc761c23c) ^ (a >>> 19);
        a = (a + 0x165667b1) + (a << 5);
        a = (a + 0xd3a2646c) ^ (a << 9);
        a = (a + 0xfd7046c5) + (a << 3);
        a = (a ^ 0xb55a4f09) ^ (a >>> 16);
        // spread over the 32-bit space: times 3221225473, modulo 2^32
        return a * 0xc0000001;
    }
}
