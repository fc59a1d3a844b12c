package dev.bascule.config.haproxy.internal;

/**
 * The server options of the administrative state: {@code disabled} (the server starts in
 * maintenance, HAProxy's {@code srv_parse_disabled()}) and {@code enabled}, which undoes a
 * {@code default-server disabled}.
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
    }
}
