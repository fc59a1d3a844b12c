package dev.bascule.builtin.sample;

import java.util.List;

/**
 * An immutable open-addressing hash set of strings, probed with a character range so that a
 * lookup hashes and compares the sample in place, without building a String. With
 * {@code ignoreCase}, both sides are folded to ASCII lower case while hashing and comparing.
 */
final class StringSet {
    private final String[] table;
    private final int mask;
    private final boolean ignoreCase;

    StringSet(List<String> values, boolean ignoreCase) {
        this.ignoreCase = ignoreCase;
        int capacity = Integer.highestOneBit(Math.max(1, values.size()) * 2 - 1) << 1; // >= 2 * size
        this.table = new String[Math.max(2, capacity)];
        this.mask = table.length - 1;
        for (String value : values) {
            if (!contains(value, 0, value.length())) {
                int slot = hash(value, 0, value.length(), ignoreCase) & mask;
                while (table[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = value;
            }
        }
    }

    /** Whether {@code text[start, end)} is in the set. Allocation-free. */
    boolean contains(CharSequence text, int start, int end) {
        return slot(text, start, end) >= 0;
    }

    /**
     * Where {@code text[start, end)} is stored, in {@code [0, capacity())}, or -1 when absent:
     * an index for values kept beside the set. Allocation-free.
     */
    int slot(CharSequence text, int start, int end) {
        int length = end - start;
        int slot = hash(text, start, end, ignoreCase) & mask;
        String candidate;
        while ((candidate = table[slot]) != null) {
            if (candidate.length() == length && Chars.regionMatches(text, start, candidate, ignoreCase)) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    /** The number of slots. */
    int capacity() {
        return table.length;
    }

    private static int hash(CharSequence text, int start, int end, boolean ignoreCase) {
        int hash = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            hash = 31 * hash + (ignoreCase ? Chars.fold(c) : c);
        }
        return hash ^ (hash >>> 16);
    }
}
