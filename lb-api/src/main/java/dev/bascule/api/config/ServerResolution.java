package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * How a server gets its address: HAProxy's {@code init-addr}, {@code resolvers},
 * {@code resolve-prefer}, {@code resolve-net} and {@code resolve-opts}.
 *
 * @param initAddr     {@code init-addr}: the methods tried in order at start-up
 * @param initIp       the IP literal of {@code init-addr}, when one is among the methods
 * @param resolvers    {@code resolvers NAME}: the section that keeps resolving the host name at run time
 * @param preferIpv6   {@code resolve-prefer}: true for ipv6 (HAProxy's default), false for ipv4
 * @param networks     {@code resolve-net}: preferred networks, in order
 * @param allowDupIp   {@code resolve-opts allow-dup-ip}: servers of a backend may share an address
 * @param ignoreWeight {@code resolve-opts ignore-weight}: the weight of SRV records is not applied
 */
public record ServerResolution(List<InitAddr> initAddr, Optional<String> initIp, Optional<String> resolvers,
                               boolean preferIpv6, List<IpNetwork> networks, boolean allowDupIp,
                               boolean ignoreWeight) {
    /** HAProxy's default: {@code init-addr last,libc}, no run-time resolution. */
    public static final ServerResolution DEFAULT = new ServerResolution(List.of(InitAddr.LAST, InitAddr.LIBC),
            Optional.empty(), Optional.empty(), true, List.of(), false, false);

    /** An {@code init-addr} method. */
    public enum InitAddr {
        /** The address the server had in the state file ({@code server-state-file}). */
        LAST,
        /** The system's resolver at start-up. */
        LIBC,
        /** No address: the server starts in maintenance until a resolution gives it one. */
        NONE,
        /** The IP literal of {@link #initIp()}. */
        IP
    }

    public ServerResolution {
        initAddr = List.copyOf(initAddr);
        requireNonNull(initIp, "initIp");
        requireNonNull(resolvers, "resolvers");
        networks = List.copyOf(networks);
    }
}
