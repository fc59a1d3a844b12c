package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.loader.CText;

/**
 * The server options of the balancing and connection features: {@code weight}, {@code backup},
 * {@code cookie} and {@code pool-max-conn}.
 */
final class ServerOptions {
    private ServerOptions() {
    }

    static void register(ServerOptionTable table) {
        table.register("cookie", ServerOptions::parseCookie);
        table.register("weight", ServerOptions::parseWeight);
        table.register("backup", ServerOptions::parseBackup);
        table.register("pool-max-conn", ServerOptions::parsePoolMaxConn);
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
