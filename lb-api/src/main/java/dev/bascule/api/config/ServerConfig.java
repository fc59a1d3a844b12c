package dev.bascule.api.config;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A {@code server} line of a backend.
 *
 * @param name     the server's name, unique in its backend
 * @param address  where it listens
 * @param weight   {@code weight}: 0-256, 1 by default; 0 takes the server out of the rotation
 * @param cookie   {@code cookie}: the value of the backend's persistence cookie that designates it
 * @param location where the line is
 * @param check    {@code check}, {@code inter}, {@code rise}, {@code fall}...: its health-check settings
 * @param backup   {@code backup}: serves only when no active server is up
 */
public record ServerConfig(String name, ServerAddress address, int weight, Optional<String> cookie,
                           SourceLocation location, ServerCheck check, boolean backup) {
    /** HAProxy's default server weight. */
    public static final int DEFAULT_WEIGHT = 1;
    /** HAProxy's largest server weight. */
    public static final int MAX_WEIGHT = 256;

    public ServerConfig {
        requireNonNull(name, "name");
        requireNonNull(address, "address");
        requireNonNull(cookie, "cookie");
        requireNonNull(location, "location");
        requireNonNull(check, "check");
        if (weight < 0 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: 0-" + MAX_WEIGHT + ")");
        }
    }

    /** An active server without health check. */
    public ServerConfig(String name, ServerAddress address, int weight, SourceLocation location) {
        this(name, address, weight, Optional.empty(), location, ServerCheck.disabled(), false);
    }

    /** An active server without health check, designated by a cookie value. */
    public ServerConfig(String name, ServerAddress address, int weight, Optional<String> cookie,
                        SourceLocation location) {
        this(name, address, weight, cookie, location, ServerCheck.disabled(), false);
    }
}
