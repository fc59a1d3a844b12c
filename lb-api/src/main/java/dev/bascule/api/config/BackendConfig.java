package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A {@code backend} section, or the serving half of a {@code listen} section.
 *
 * @param name     the section's name
 * @param mode     {@code mode}
 * @param balance  {@code balance}
 * @param servers  {@code server} lines
 * @param dispatch {@code dispatch}: the address used when the backend has no server
 * @param timeouts the server-side timeouts in force
 * @param retries  {@code retries}: further connection attempts after a failed one (HAProxy: 3)
 * @param http     {@code http-request}, {@code redirect}, {@code http-response} rules, {@code option forwardfor}
 * @param cookie   {@code cookie}: persistence
 * @param location where the section starts
 */
public record BackendConfig(String name, ProxyMode mode, BalanceConfig balance, List<ServerConfig> servers,
                            Optional<ServerAddress> dispatch, Timeouts timeouts, int retries,
                            HttpPolicy http, Optional<CookieConfig> cookie,
                            SourceLocation location) {
    /** HAProxy's default {@code retries}. */
    public static final int DEFAULT_RETRIES = 3;

    public BackendConfig {
        requireNonNull(name, "name");
        requireNonNull(mode, "mode");
        requireNonNull(balance, "balance");
        servers = List.copyOf(servers);
        requireNonNull(dispatch, "dispatch");
        requireNonNull(timeouts, "timeouts");
        if (retries < 0) {
            throw new IllegalArgumentException("retries: " + retries + " (expected: >= 0)");
        }
        requireNonNull(http, "http");
        requireNonNull(cookie, "cookie");
        requireNonNull(location, "location");
    }
}
