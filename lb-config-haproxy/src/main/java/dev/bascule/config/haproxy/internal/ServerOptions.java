package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.loader.CText;

/**
 * The server options of the balancing and connection features: {@code weight}, {@code backup},
 * {@code cookie}, {@code pool-max-conn} and {@code ws}.
 */
final class ServerOptions {
    private ServerOptions() {
    }

    static void register(ServerOptionTable table) {
        table.register("cookie", ServerOptions::parseCookie);
        table.register("weight", ServerOptions::parseWeight);
        table.register("backup", ServerOptions::parseBackup);
        table.register("pool-max-conn", ServerOptions::parsePoolMaxConn);
        table.register("ws", ServerOptions::parseWebSocket);
    }

    /**
     * {@code ws auto|h1|h2}: the protocol of WebSocket streams to the server. Bascule speaks
     * HTTP/1 to servers, so {@code h1} and {@code auto} (h1 unless the server speaks h2) are what
     * it does; {@code h2} is refused.
     */
    private static int parseWebSocket(ServerOption option) {
        switch (option.value()) {
            case "h1", "auto" -> {
                return 2;
            }
            case "h2" -> {
                return option.alert("'ws h2' is not implemented yet by Bascule (HTTP/2 to servers)");
            }
            default -> {
                return option.alert("'ws' has to be 'auto', 'h1' or 'h2'.");
            }
        }
    }

    private static int parseCookie(ServerOption option) {
        if (option.value().isEmpty()) {
            return option.alert("'cookie' expects <value> as argument.");
        }
        option.settings.cookie = option.value();
        return 2;
    }

    private static int parseWeight(ServerOption option) {
        int weight = (int) CText.atol(option.value());
        if (weight < 0 || weight > ServerConfig.MAX_WEIGHT) {
            return option.alert("weight of server " + option.serverName + " is not within 0 and "
                    + ServerConfig.MAX_WEIGHT + " (" + weight + ")..");
        }
        option.settings.weight = weight;
        return 2;
    }

    private static int parseBackup(ServerOption option) {
        option.settings.backup = true;
        return 1;
    }

    private static int parsePoolMaxConn(ServerOption option) {
        if (option.value().isEmpty()) {
            return option.alert("'pool-max-conn' expects <value> as argument..");
        }
        // HAProxy's atoi(): leading digits, 0 for none
        long max = CText.atol(option.value());
        if (max < -1) {
            return option.alert("'pool-max-conn' must be >= -1.");
        }
        option.settings.poolMaxConn = (int) Math.min(max, Integer.MAX_VALUE);
        return 2;
    }
}
