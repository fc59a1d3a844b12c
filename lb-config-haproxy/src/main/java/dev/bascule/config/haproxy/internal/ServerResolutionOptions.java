package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.IpNetwork;
import dev.bascule.api.config.ServerResolution;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The server options of name resolution, HAProxy 2.6's {@code srv_parse_init_addr()},
 * {@code srv_parse_resolvers()}, {@code srv_parse_resolve_prefer()}, {@code srv_parse_resolve_net()}
 * and {@code srv_parse_resolve_opts()}, with their messages.
 */
final class ServerResolutionOptions {
    /** HAProxy's {@code SRV_IADDR_END} bits: at most this many methods fit in {@code init_addr_methods}. */
    private static final int MAX_METHODS = 10;
    /** HAProxy's {@code SRV_MAX_PREF_NET}. */
    private static final int MAX_NETWORKS = 5;

    private ServerResolutionOptions() {
    }

    static void register(ServerOptionTable table) {
        table.register("init-addr", ServerResolutionOptions::parseInitAddr);
        table.register("resolvers", ServerResolutionOptions::parseResolvers);
        table.register("resolve-prefer", ServerResolutionOptions::parseResolvePrefer);
        table.register("resolve-net", ServerResolutionOptions::parseResolveNet);
        table.register("resolve-opts", ServerResolutionOptions::parseResolveOpts);
    }

    /** The settings' resolution options as the server's config carries them. */
    static ServerResolution toResolution(ServerSettings settings) {
        List<ServerResolution.InitAddr> methods = settings.initAddr;
        if (methods.isEmpty()) {
            // HAProxy's default, "last,libc", and "none" after them when resolvers are set
            methods = settings.resolvers == null ? ServerResolution.DEFAULT.initAddr()
                    : List.of(ServerResolution.InitAddr.LAST, ServerResolution.InitAddr.LIBC,
                            ServerResolution.InitAddr.NONE);
        }
        return new ServerResolution(methods, Optional.ofNullable(settings.initIp),
                Optional.ofNullable(settings.resolvers), !settings.preferIpv4, settings.resolveNets,
                settings.allowDupIp, settings.ignoreWeight);
    }

    private static int parseInitAddr(ServerOption option) {
        List<ServerResolution.InitAddr> methods = new ArrayList<>();
        String ip = null;
        for (String method : option.value().split(",", -1)) {
            if (method.isEmpty()) {
                continue;
            }
            ServerResolution.InitAddr parsed;
            switch (method) {
                case "libc" -> parsed = ServerResolution.InitAddr.LIBC;
                case "last" -> parsed = ServerResolution.InitAddr.LAST;
                case "none" -> parsed = ServerResolution.InitAddr.NONE;
                default -> {
                    if (!IpNetworks.isIpLiteral(method)) {
                        return option.alert("'" + option.keyword() + "' : unknown init-addr method '" + method
                                + "', supported methods are 'libc', 'last', 'none'..");
                    }
                    if (ip != null) {
                        return option.alert("'" + option.keyword() + "' : initial address already specified, cannot"
                                + " add '" + method + "'..");
                    }
                    ip = method;
                    parsed = ServerResolution.InitAddr.IP;
                }
            }
            if (methods.size() >= MAX_METHODS) {
                return option.alert("'" + option.keyword() + "' : too many init-addr methods when trying to add '"
                        + method + "'.");
            }
            methods.add(parsed);
        }
        option.settings.initAddr = List.copyOf(methods);
        option.settings.initIp = ip;
        return 2;
    }

    private static int parseResolvers(ServerOption option) {
        // HAProxy takes the next word, even an empty one, and checks the name once every section is read
        option.settings.resolvers = option.value();
        return 2;
    }

    private static int parseResolvePrefer(ServerOption option) {
        switch (option.value()) {
            case "ipv4" -> option.settings.preferIpv4 = true;
            case "ipv6" -> option.settings.preferIpv4 = false;
            default -> {
                return option.alert("'" + option.keyword() + "' expects either ipv4 or ipv6 as argument..");
            }
        }
        return 2;
    }

    private static int parseResolveNet(ServerOption option) {
        if (option.value().isEmpty()) {
            return option.alert("'" + option.keyword() + "' expects a list of networks..");
        }
        // HAProxy appends to the networks the server inherited
        List<IpNetwork> networks = new ArrayList<>(option.settings.resolveNets);
        for (String network : option.value().split(",")) {
            if (networks.size() >= MAX_NETWORKS) {
                return option.alert("'" + option.keyword() + "' exceed " + MAX_NETWORKS + " networks..");
            }
            Optional<IpNetwork> parsed = IpNetworks.parse(network);
            if (parsed.isEmpty()) {
                return option.alert("'" + option.keyword() + "' invalid network '" + network + "'..");
            }
            networks.add(parsed.get());
        }
        option.settings.resolveNets = List.copyOf(networks);
        return 2;
    }

    private static int parseResolveOpts(ServerOption option) {
        for (String opt : option.value().split(",")) {
            switch (opt) {
                case "" -> {
                }
                case "allow-dup-ip" -> option.settings.allowDupIp = true;
                case "ignore-weight" -> option.settings.ignoreWeight = true;
                case "prevent-dup-ip" -> option.settings.allowDupIp = false;
                default -> {
                    return option.alert("'" + option.keyword() + "' : unknown resolve-opts option '" + opt
                            + "', supported methods are 'allow-dup-ip', 'ignore-weight', and 'prevent-dup-ip'..");
                }
            }
        }
        return 2;
    }
}
