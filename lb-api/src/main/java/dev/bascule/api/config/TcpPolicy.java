package dev.bascule.api.config;

import java.util.List;
import java.util.Optional;

/**
 * A proxy's {@code tcp-request} and {@code tcp-response} rules, each set in order (a named
 * defaults section's first).
 *
 * @param connectionRules         {@code tcp-request connection}: on a new connection, before anything is read
 * @param sessionRules            {@code tcp-request session}: once the connection is established (after TLS)
 * @param contentRules            {@code tcp-request content}: on the request's contents (in HTTP, each request)
 * @param inspectDelayMillis      {@code tcp-request inspect-delay}; 0 when unset
 * @param responseRules           {@code tcp-response content}: on the response's contents
 * @param responseInspectDelayMillis {@code tcp-response inspect-delay}; 0 when unset
 * @param rdpCookiePersist        {@code persist rdp-cookie[(<name>)]}: the cookie's name ({@code msts}
 *                                by default), empty when not set (since 1.3)
 */
public record TcpPolicy(List<TcpRule> connectionRules, List<TcpRule> sessionRules, List<TcpRule> contentRules,
                        long inspectDelayMillis, List<TcpRule> responseRules, long responseInspectDelayMillis,
                        Optional<String> rdpCookiePersist) {
    /** No rule. */
    public static final TcpPolicy NONE = new TcpPolicy(List.of(), List.of(), List.of(), 0, List.of(), 0);

    /** The record of API 1.2: no {@code persist rdp-cookie}. */
    public TcpPolicy(List<TcpRule> connectionRules, List<TcpRule> sessionRules, List<TcpRule> contentRules,
                     long inspectDelayMillis, List<TcpRule> responseRules, long responseInspectDelayMillis) {
        this(connectionRules, sessionRules, contentRules, inspectDelayMillis, responseRules, responseInspectDelayMillis,
                Optional.empty());
    }

    public TcpPolicy {
        java.util.Objects.requireNonNull(rdpCookiePersist, "rdpCookiePersist");
        connectionRules = List.copyOf(connectionRules);
        sessionRules = List.copyOf(sessionRules);
        contentRules = List.copyOf(contentRules);
        responseRules = List.copyOf(responseRules);
        if (inspectDelayMillis < 0 || responseInspectDelayMillis < 0) {
            throw new IllegalArgumentException("inspect delays must be >= 0");
        }
    }

    /** True when there is no rule at all. */
    public boolean isEmpty() {
        return connectionRules.isEmpty() && sessionRules.isEmpty() && contentRules.isEmpty() && responseRules.isEmpty();
    }
}
