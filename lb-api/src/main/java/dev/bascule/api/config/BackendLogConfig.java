package dev.bascule.api.config;

import java.util.List;

/**
 * What a backend logs besides traffic: HAProxy sends a proxy's server state messages
 * ({@code Server b/s is DOWN...}, {@code backend b has no server available!}) to the proxy's own
 * {@code log} targets.
 *
 * @param targets      the section's {@code log} targets (after {@code log global} and inheritance)
 * @param healthChecks {@code option log-health-checks}: every change of a check's result is logged
 */
public record BackendLogConfig(List<LogTarget> targets, boolean healthChecks) {
    /** No targets, no health-check lines. */
    public static final BackendLogConfig NONE = new BackendLogConfig(List.of(), false);

    public BackendLogConfig {
        targets = List.copyOf(targets);
    }
}
