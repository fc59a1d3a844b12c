package dev.bascule.algorithms;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.balance.HashType;

import java.util.Locale;

/** Turns a backend's {@link HashType} into the function the map-based algorithms use. */
final class Hashing {
    private Hashing() {
    }

    /** The hash function of {@code type}; refuses {@code consistent}, not implemented yet. */
    static HashFunction function(HashType type) throws InvalidArgumentException {
        if (type.consistent()) {
            throw new InvalidArgumentException("'hash-type consistent' is not implemented yet (only 'map-based' is).");
        }
        try {
            return HashFunction.valueOf(type.function().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("unknown hash function '" + type.function() + "'");
        }
    }
}
