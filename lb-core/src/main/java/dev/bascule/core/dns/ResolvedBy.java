package dev.bascule.core.dns;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.config.ResolversConfig;
import dev.bascule.api.config.ServerResolution;

/**
 * What keeps a server's host name resolved at run time.
 *
 * @param resolvers the {@code resolvers} section the server names
 * @param options   its {@code resolve-prefer}, {@code resolve-net} and {@code resolve-opts}
 * @param fqdn      the host name written on the server line
 * @param port      the server's port (0: the client's)
 */
public record ResolvedBy(ResolversConfig resolvers, ServerResolution options, String fqdn, int port) {
    public ResolvedBy {
        requireNonNull(resolvers, "resolvers");
        requireNonNull(options, "options");
        requireNonNull(fqdn, "fqdn");
    }
}
