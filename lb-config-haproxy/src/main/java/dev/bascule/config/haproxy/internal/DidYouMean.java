package dev.bascule.config.haproxy.internal;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * HAProxy's suggestion for a mistyped word ({@code cfg_find_best_match()} and its siblings).
 *
 * <p>A word's fingerprint counts the transitions between consecutive character classes: each of
 * the 26 letters (case-insensitive) is a class, all digits form one class, and every other byte,
 * the start and the end of the word form one more. The fingerprint also records which classes
 * occur at all. The distance between two words is the sum of the absolute differences of their
 * fingerprints. The candidate at the smallest distance wins (the first one on a tie); it is
 * dropped when the distance exceeds twice the length of either word, which keeps unrelated words
 * from being suggested.
 */
public final class DidYouMean {
    private static final int SIZE = 1024;
    private static final int DIGIT = 27;
    private static final int OTHER = 28;

    private DidYouMean() {
    }

    /** The closest candidate, in HAProxy's sense, when one is close enough. */
    public static Optional<String> bestMatch(String word, Collection<String> candidates) {
        return bestMatch(word, candidates, candidate -> false);
    }

    /**
     * The closest candidate, allowing three times the word length instead of two for candidates
     * that {@code prefixKeyword} accepts (HAProxy's {@code action_suggest()} does so for actions
     * matched by prefix such as {@code set-var(*)}).
     */
    public static Optional<String> bestMatch(String word, Collection<String> candidates,
                                             Predicate<String> prefixKeyword) {
        if (word.isEmpty()) {
            return Optional.empty();
        }
        int[] wordPrint = fingerprint(word);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(wordPrint, fingerprint(candidate));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        int factor = prefixKeyword.test(best) ? 3 : 2;
        if (bestDistance > factor * byteLength(word) || bestDistance > factor * byteLength(best)) {
            return Optional.empty();
        }
        return Optional.of(best);
    }

    /** The fingerprint of a word: 32 x 32 transition counts, row 0 marking the classes present. */
    static int[] fingerprint(String word) {
        int[] print = new int[SIZE];
        int from = OTHER;
        for (byte b : word.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            int to;
            if (c >= 'a' && c <= 'z') {
                to = c - 'a' + 1;
            } else if (c >= 'A' && c <= 'Z') {
                to = c - 'A' + 1;
            } else if (c >= '0' && c <= '9') {
                to = DIGIT;
            } else {
                to = OTHER;
            }
            print[to] = 1;
            print[32 * from + to] = (print[32 * from + to] + 1) & 0xff;
            from = to;
        }
        print[32 * from + OTHER] = (print[32 * from + OTHER] + 1) & 0xff;
        return print;
    }

    /** The sum of the absolute differences of two fingerprints. */
    static int distance(int[] first, int[] second) {
        int distance = 0;
        for (int index = 0; index < SIZE; index++) {
            distance += Math.abs(first[index] - second[index]);
        }
        return distance;
    }

    private static int byteLength(String word) {
        return word.getBytes(StandardCharsets.UTF_8).length;
    }
}
