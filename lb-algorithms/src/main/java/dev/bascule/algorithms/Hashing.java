package dev.bascule.algorithms;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.balance.HashType;

import java.util.Locale;

/** Turns a backend's {@link HashType} into the function the hash-based algorithms use. */
final class Hashing {
    private Hashing() {
    }

    /** The hash function of {@code type}. */
    static HashFunction function(HashType type) throws InvalidArgumentException {
        try {
            return HashFunction.valueOf(type.function().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("unknown hash function '" + type.function() + "'");
        }
    }
}
