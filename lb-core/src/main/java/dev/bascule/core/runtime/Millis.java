package dev.bascule.core.runtime;

import java.time.Duration;
import java.util.Optional;

/** Timeouts as the hot path reads them: milliseconds, 0 meaning none. */
final class Millis {
    private Millis() {
    }

    static long of(Optional<Duration> timeout) {
        return timeout.map(Duration::toMillis).orElse(0L);
    }

    static long firstSet(long... candidates) {
        for (long candidate : candidates) {
            if (candidate > 0) {
                return candidate;
            }
        }
        return 0;
    }
}
