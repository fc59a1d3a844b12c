package dev.bascule.algorithms;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.balance.HashType;
import dev.bascule.api.sample.HashFunction;

/** Turns a backend's {@link HashType} into the function the hash-based algorithms use. */
final class Hashing {
    /** The functions {@code hash-type} takes in HAProxy 2.6 ({@code crc32c} is a converter only). */
    private static final HashFunction[] HASH_TYPES = {
            HashFunction.SDBM, HashFunction.DJB2, HashFunction.WT6, HashFunction.CRC32};

    private Hashing() {
    }

    /** The hash function of {@code type}. */
    static HashFunction function(HashType type) throws InvalidArgumentException {
        for (HashFunction function : HASH_TYPES) {
            if (function.keyword().equalsIgnoreCase(type.function())) {
                return function;
            }
        }
        throw new InvalidArgumentException("unknown hash function '" + type.function() + "'");
    }
}
