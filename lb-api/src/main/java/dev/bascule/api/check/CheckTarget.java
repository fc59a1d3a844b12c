package dev.bascule.api.check;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;

/**
 * The server to probe.
 *
 * @param serverName the server's name
 * @param address    the address to probe (the server's, or its {@code addr}/{@code port} override)
 */
public record CheckTarget(String serverName, InetSocketAddress address) {
    public CheckTarget {
        requireNonNull(serverName, "serverName");
        requireNonNull(address, "address");
    }
}
