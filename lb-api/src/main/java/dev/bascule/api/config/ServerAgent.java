package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The agent check of a {@code server} line (HAProxy's auxiliary {@code agent-check}): a TCP
 * connection of its own, on its own interval, to an agent that answers one line of words (a
 * weight, {@code up}, {@code down}, {@code drain}, {@code maint}...).
 *
 * @param enabled {@code agent-check} (and not {@code no-agent-check})
 * @param inter   {@code agent-inter}: empty for the server's {@code inter}
 * @param port    the agent's port: {@code agent-port}, else the check's {@code port}
 * @param address the agent's address: {@code agent-addr}, else the check's {@code addr}; empty for
 *                the server's own address
 * @param send    {@code agent-send}: what is written to the agent once connected, empty for nothing
 */
public record ServerAgent(boolean enabled, Optional<Duration> inter, OptionalInt port, Optional<String> address,
                          String send) {
    /** HAProxy's {@code DEF_AGENT_RISETIME} and {@code DEF_AGENT_FALLTIME}: not configurable. */
    public static final int RISE = 1;
    public static final int FALL = 1;
    /** No agent check. */
    public static final ServerAgent NONE = new ServerAgent(false, Optional.empty(), OptionalInt.empty(),
            Optional.empty(), "");

    public ServerAgent {
        requireNonNull(inter, "inter");
        requireNonNull(port, "port");
        requireNonNull(address, "address");
        requireNonNull(send, "send");
        if (inter.isPresent() && (inter.get().isNegative() || inter.get().isZero())) {
            throw new IllegalArgumentException("inter: " + inter.get() + " (expected: > 0)");
        }
        if (port.isPresent() && (port.getAsInt() < 1 || port.getAsInt() > 65535)) {
            throw new IllegalArgumentException("port: " + port.getAsInt() + " (expected: 1-65535)");
        }
    }

    /** {@code agent-inter}, or the server's {@code inter}. */
    public Duration effectiveInter(ServerCheck check) {
        return inter.orElse(check.inter());
    }
}
