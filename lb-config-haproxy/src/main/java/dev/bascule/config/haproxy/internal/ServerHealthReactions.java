package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.config.ServerReactions;
import dev.bascule.api.loader.CText;

/**
 * The server options of the reactions to health: {@code on-marked-down}, {@code on-marked-up},
 * {@code observe}, {@code error-limit} and {@code on-error} (HAProxy's {@code srv_parse_observe()},
 * {@code srv_parse_error_limit()}, {@code srv_parse_on_error()}, {@code srv_parse_on_marked_down()}
 * and {@code srv_parse_on_marked_up()}, with their messages).
 */
final class ServerHealthReactions {
    private ServerHealthReactions() {
    }

    static void register(ServerOptionTable table) {
        table.register("on-marked-down", ServerHealthReactions::parseOnMarkedDown);
        table.register("on-marked-up", ServerHealthReactions::parseOnMarkedUp);
        table.register("observe", ServerHealthReactions::parseObserve);
        table.register("error-limit", ServerHealthReactions::parseErrorLimit);
        table.register("on-error", ServerHealthReactions::parseOnError);
    }

    private static int parseOnMarkedDown(ServerOption option) {
        if (!option.value().equals("shutdown-sessions")) {
            return option.alert("'" + option.keyword() + "' expects 'shutdown-sessions' but got '" + option.value()
                    + "'.");
        }
        option.settings.shutdownSessionsOnDown = true;
        return 2;
    }

    private static int parseOnMarkedUp(ServerOption option) {
        if (!option.value().equals("shutdown-backup-sessions")) {
            return option.alert("'" + option.keyword() + "' expects 'shutdown-backup-sessions' but got '"
                    + option.value() + "'.");
        }
        option.settings.shutdownBackupSessionsOnUp = true;
        return 2;
    }

    private static int parseObserve(ServerOption option) {
        String value = option.value();
        switch (value) {
            case "" -> {
                return option.alert("'" + option.keyword() + "' expects <mode> as argument..");
            }
            case "none" -> option.settings.observe = ServerReactions.Observe.NONE;
            case "layer4" -> option.settings.observe = ServerReactions.Observe.LAYER4;
            case "layer7" -> {
                if (option.line.section.mode != ProxyMode.HTTP) {
                    // HAProxy prints an alert that is not fatal (ERR_ALERT alone): the option is left out and the
                    // configuration loads. Bascule has no such severity: the same words as a warning
                    option.warning("'" + value + "' can only be used in http proxies..");
                } else {
                    option.settings.observe = ServerReactions.Observe.LAYER7;
                }
            }
            default -> {
                return option.alert("'" + option.keyword() + "' expects one of 'none', 'layer4', 'layer7' but got '"
                        + value + "'.");
            }
        }
        return 2;
    }

    private static int parseErrorLimit(ServerOption option) {
        if (option.value().isEmpty()) {
            return option.alert("'" + option.keyword() + "' expects an integer argument..");
        }
        int limit = CText.atoi(option.value());
        if (limit <= 0) {
            return option.alert(option.keyword() + " has to be > 0..");
        }
        option.settings.errorLimit = limit;
        return 2;
    }

    private static int parseOnError(ServerOption option) {
        switch (option.value()) {
            case "fastinter" -> option.settings.onError = ServerReactions.OnError.FASTINTER;
            case "fail-check" -> option.settings.onError = ServerReactions.OnError.FAIL_CHECK;
            case "sudden-death" -> option.settings.onError = ServerReactions.OnError.SUDDEN_DEATH;
            case "mark-down" -> option.settings.onError = ServerReactions.OnError.MARK_DOWN;
            default -> {
                return option.alert("'" + option.keyword() + "' expects one of 'fastinter', 'fail-check',"
                        + " 'sudden-death' or 'mark-down' but got '" + option.value() + "'.");
            }
        }
        return 2;
    }

    /** The reactions of a server with these settings. */
    static ServerReactions toReactions(ServerSettings settings) {
        return new ServerReactions(settings.shutdownSessionsOnDown, settings.shutdownBackupSessionsOnUp,
                settings.observe, settings.errorLimit, settings.onError);
    }
}
