package dev.bascule.dist.reliability;

import java.util.List;

/** The configuration text both proxies run in a case: the same file for HAProxy and Bascule. */
final class ProxyConfig {
    private ProxyConfig() {
    }

    /**
     * A frontend on 127.0.0.1:port sending everything to one backend of servers on the given
     * loopback ports, in HTTP mode; {@code defaults} and {@code backend} are extra lines for those
     * sections (timeouts given there win over the ones here, which come first).
     */
    static String http(int port, List<String> defaults, List<String> backend, List<Integer> servers) {
        StringBuilder config = new StringBuilder(String.join("\n",
                "defaults",
                "    mode http",
                "    timeout connect 5s",
                "    timeout client 30s",
                "    timeout server 30s",
                ""));
        defaults.forEach(line -> config.append("    ").append(line).append('\n'));
        config.append("frontend fe\n    bind 127.0.0.1:").append(port).append("\n    default_backend be\n");
        config.append("backend be\n");
        backend.forEach(line -> config.append("    ").append(line).append('\n'));
        for (int i = 0; i < servers.size(); i++) {
            config.append("    server s").append(i + 1).append(" 127.0.0.1:").append(servers.get(i)).append('\n');
        }
        return config.toString();
    }
}
