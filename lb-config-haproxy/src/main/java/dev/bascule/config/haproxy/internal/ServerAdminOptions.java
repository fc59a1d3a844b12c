package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.loader.CText;

/**
 * The server options of the administrative state: {@code disabled} (the server starts in
 * maintenance, HAProxy's {@code srv_parse_disabled()}) and {@code enabled}, which undoes a
 * {@code default-server disabled}; {@code id}.
 */
final class ServerAdminOptions {
    private ServerAdminOptions() {
    }

    static void register(ServerOptionTable table) {
        table.register("disabled", option -> {
            option.settings.disabled = true;
            return 1;
        });
        table.register("enabled", option -> {
            option.settings.disabled = false;
            return 1;
        });
        table.register("id", ServerAdminOptions::parseId);
    }

    /** {@code id <n>}: the server's id, unique in its backend (HAProxy's {@code srv_parse_id()}). */
    private static int parseId(ServerOption option) {
        if (option.onDefaultServer()) {
            return option.alert("'id' option is not accepted in default-server sections");
        }
        if (option.value().isEmpty()) {
            return option.alert("'id' : expects an integer argument.");
        }
        long id = CText.atol(option.value());
        if (id <= 0 || id > Integer.MAX_VALUE) {
            // HAProxy keeps atol()'s value in an int: what does not fit is no id above 0 either
            return option.alert("'id' : custom id has to be > 0.");
        }
        for (ServerConfig other : option.line.section.servers) {
            if (other.id() == id) {
                return option.alert("'id' : custom id " + id + " already used at " + other.location().file() + ":"
                        + other.location().line() + " ('server " + other.name() + "').");
            }
        }
        option.settings.id = (int) id;
        return 2;
    }
}
