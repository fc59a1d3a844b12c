package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The health-check settings of a {@code server} line (or of a {@code default-server} line it
 * inherits from).
 *
 * @param enabled   {@code check}: the server is checked
 * @param inter     {@code inter}: the interval between two checks while the server is fully up or down (2s)
 * @param fastInter {@code fastinter}: the interval while it is transitioning; empty means {@code inter}
 * @param downInter {@code downinter}: the interval while it is fully down; empty means {@code inter}
 * @param rise      {@code rise}: consecutive successes that bring a DOWN server UP (2)
 * @param fall      {@code fall}: consecutive failures that bring an UP server DOWN (3)
 * @param port      {@code port}: the port to probe instead of the server's
 * @param address   {@code addr}: the address to probe instead of the server's
 * @param sendProxy {@code check-send-proxy}: probes start with a PROXY protocol header even where the
 *                  server's traffic has none, or where they go to another address or port
 */
public record ServerCheck(boolean enabled, Duration inter, Optional<Duration> fastInter, Optional<Duration> downInter,
                          int rise, int fall, OptionalInt port, Optional<String> address, boolean sendProxy) {
    /** HAProxy's default {@code inter}. */
    public static final Duration DEFAULT_INTER = Duration.ofSeconds(2);
    /** HAProxy's default {@code rise}. */
    public static final int DEFAULT_RISE = 2;
    /** HAProxy's default {@code fall}. */
    public static final int DEFAULT_FALL = 3;

    public ServerCheck {
        requireNonNull(inter, "inter");
        requireNonNull(fastInter, "fastInter");
        requireNonNull(downInter, "downInter");
        requireNonNull(port, "port");
        requireNonNull(address, "address");
        if (inter.isNegative() || inter.isZero()) {
            throw new IllegalArgumentException("inter: " + inter + " (expected: > 0)");
        }
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise/fall: " + rise + "/" + fall + " (expected: > 0)");
        }
        if (port.isPresent() && (port.getAsInt() < 1 || port.getAsInt() > 65535)) {
            throw new IllegalArgumentException("port: " + port.getAsInt() + " (expected: 1-65535)");
        }
    }

    /** Without {@code check-send-proxy} (the record of API 1.3). */
    public ServerCheck(boolean enabled, Duration inter, Optional<Duration> fastInter, Optional<Duration> downInter,
                       int rise, int fall, OptionalInt port, Optional<String> address) {
        this(enabled, inter, fastInter, downInter, rise, fall, port, address, false);
    }

    /** No {@code check} keyword: HAProxy's defaults, not checked. */
    public static ServerCheck disabled() {
        return new ServerCheck(false, DEFAULT_INTER, Optional.empty(), Optional.empty(), DEFAULT_RISE, DEFAULT_FALL,
                OptionalInt.empty(), Optional.empty());
    }

    /** {@code fastinter}, or {@code inter} when unset. */
    public Duration effectiveFastInter() {
        return fastInter.orElse(inter);
    }

    /** {@code downinter}, or {@code inter} when unset. */
    public Duration effectiveDownInter() {
        return downInter.orElse(inter);
    }
}
