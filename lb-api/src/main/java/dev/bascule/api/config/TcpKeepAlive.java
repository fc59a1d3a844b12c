package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * TCP keep-alive probes on one side's sockets ({@code option clitcpka} for the connections a
 * frontend accepts, {@code option srvtcpka} for those a backend opens; {@code option tcpka}
 * for both): {@code SO_KEEPALIVE}, and the system's defaults replaced where set.
 *
 * @param count    {@code clitcpka-cnt}/{@code srvtcpka-cnt}: unanswered probes before the
 *                 connection is dropped ({@code TCP_KEEPCNT}); empty: the system's
 * @param idle     {@code clitcpka-idle}/{@code srvtcpka-idle}: idle time before the first probe
 *                 ({@code TCP_KEEPIDLE}), whole seconds; empty: the system's
 * @param interval {@code clitcpka-intvl}/{@code srvtcpka-intvl}: time between two probes
 *                 ({@code TCP_KEEPINTVL}), whole seconds; empty: the system's
 */
public record TcpKeepAlive(OptionalInt count, Optional<Duration> idle, Optional<Duration> interval) {
    /** SO_KEEPALIVE with the system's probe settings. */
    public static final TcpKeepAlive SYSTEM = new TcpKeepAlive(OptionalInt.empty(), Optional.empty(),
            Optional.empty());

    public TcpKeepAlive {
        requireNonNull(count, "count");
        requireNonNull(idle, "idle");
        requireNonNull(interval, "interval");
        if (count.isPresent() && count.getAsInt() <= 0) {
            throw new IllegalArgumentException("count: " + count.getAsInt() + " (expected: 1 or more)");
        }
        idle.ifPresent(value -> requireWholePositiveSeconds("idle", value));
        interval.ifPresent(value -> requireWholePositiveSeconds("interval", value));
    }

    private static void requireWholePositiveSeconds(String name, Duration value) {
        if (value.isNegative() || value.isZero() || value.getNano() != 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: whole seconds, 1 or more)");
        }
    }
}
