package dev.bascule.api.balance;

import static java.util.Objects.requireNonNull;

/**
 * A backend's {@code hash-type}: how hash-based algorithms turn a hash into a server. Algorithms
 * that do not hash ignore it, as HAProxy does.
 *
 * @param consistent {@code consistent} rather than {@code map-based}
 * @param function   the hash function's name: {@code sdbm}, {@code djb2}, {@code wt6} or {@code crc32}
 * @param avalanche  whether the hash goes through the avalanche mix
 */
public record HashType(boolean consistent, String function, boolean avalanche) {
    /** HAProxy's default without a {@code hash-type} line: map-based, sdbm, no avalanche. */
    public static final HashType DEFAULT = new HashType(false, "sdbm", false);

    public HashType {
        requireNonNull(function, "function");
    }
}
