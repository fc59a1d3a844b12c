package dev.bascule.api.sample;

import java.util.Locale;

/**
 * HAProxy's hash functions ({@code hash.c}) and its avalanche mix ({@code full_hash()}), bit for
 * bit, for balancing algorithms ({@code hash-type}) and converters ({@code sdbm}, {@code djb2},
 * {@code wt6}, {@code crc32}) alike. They run over a range of a {@link CharSequence} whose
 * characters stand for bytes (the low 8 bits are used), without copying it; all arithmetic is
 * unsigned 32-bit, as in C. Stateless and allocation-free: safe on any thread.
 *
 * @since 1.1
 */
public enum HashFunction {
    /** HAProxy's default: {@code hash = c + (hash << 6) + (hash << 16) - hash}. */
    SDBM {
        @Override
        public int hash(CharSequence text, int from, int to) {
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
        public int hash(CharSequence text, int from, int to) {
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
        public int hash(CharSequence text, int from, int to) {
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
    /** The reflected CRC-32 (polynomial 0xedb88320). */
    CRC32 {
        @Override
        public int hash(CharSequence text, int from, int to) {
            return crc(CRC32_TABLE, text, from, to);
        }
    },
    /** CRC-32C, Castagnoli's polynomial (0x82f63b78), reflected. */
    CRC32C {
        @Override
        public int hash(CharSequence text, int from, int to) {
            return crc(CRC32C_TABLE, text, from, to);
        }
    };

    private static final int[] CRC32_TABLE = table(0xedb88320);
    private static final int[] CRC32C_TABLE = table(0x82f63b78);

    /** The hash of the bytes {@code text[from, to)}, as an unsigned 32-bit value held in an int. */
    public abstract int hash(CharSequence text, int from, int to);

    /** The name HAProxy gives it ({@code hash-type}, converters): {@code sdbm}, {@code crc32}, ... */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Bob Jenkins' full-avalanche mix HAProxy applies with {@code avalanche}. */
    public static int avalanche(int a) {
        a = (a + 0x7ed55d16) + (a << 12);
        a = (a ^ 0xc761c23c) ^ (a >>> 19);
        a = (a + 0x165667b1) + (a << 5);
        a = (a + 0xd3a2646c) ^ (a << 9);
        a = (a + 0xfd7046c5) + (a << 3);
        a = (a ^ 0xb55a4f09) ^ (a >>> 16);
        // spread over the 32-bit space: times 3221225473, modulo 2^32
        return a * 0xc0000001;
    }

    private static int crc(int[] table, CharSequence text, int from, int to) {
        int crc = ~0;
        for (int i = from; i < to; i++) {
            crc = (crc >>> 8) ^ table[(crc ^ text.charAt(i)) & 0xff];
        }
        return ~crc;
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
}
