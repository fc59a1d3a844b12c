package dev.bascule.api.check;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Nullable;

import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * The server to probe.
 *
 * @param serverName  the server's name
 * @param address     the address to probe (the server's, or its {@code addr}/{@code port} override)
 * @param serverState the server's state as HAProxy's {@code httpchk_build_status_header()} writes it for
 *                    {@code http-check send-state} ({@code "UP 1/3; address=192.0.2.1; port=80; name=b/s;
 *                    node=lb1; weight=1/2; scur=0/0; qcur=0"}), read when a probe sends it; null when the
 *                    core gives none
 * @param backendName the name of the server's backend ({@code be_name} in a check's expressions), empty when
 *                    the core gives none
 */
public record CheckTarget(String serverName, InetSocketAddress address, @Nullable Supplier<String> serverState,
                          String backendName) {
    public CheckTarget {
        requireNonNull(serverName, "serverName");
        requireNonNull(address, "address");
        requireNonNull(backendName, "backendName");
    }

    /** A target without its backend's name. */
    public CheckTarget(String serverName, InetSocketAddress address, @Nullable Supplier<String> serverState) {
        this(serverName, address, serverState, "");
    }

    /** A target without its state. */
    public CheckTarget(String serverName, InetSocketAddress address) {
        this(serverName, address, null);
    }
}
