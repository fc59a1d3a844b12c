package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.ProxyProtocol;

/**
 * The PROXY protocol options: {@code accept-proxy} on a {@code bind} (HAProxy's
 * {@code bind_parse_accept_proxy()}), {@code send-proxy}, {@code send-proxy-v2} and their
 * {@code no-} forms on a {@code server} or {@code default-server} ({@code srv_parse_send_proxy()}...,
 * flags that the {@code no-} forms clear one by one).
 */
final class ProxyProtocolOptions {
    private ProxyProtocolOptions() {
    }

    static void register(BindOptionTable table) {
        table.register("accept-proxy", option -> {
            option.settings.acceptProxy = true;
            return 1;
        });
    }

    static void register(ServerOptionTable table) {
        table.register("send-proxy", option -> {
            option.settings.sendProxyV1 = true;
            return 1;
        });
        table.register("send-proxy-v2", option -> {
            option.settings.sendProxyV2 = true;
            return 1;
        });
        table.register("no-send-proxy", option -> {
            option.settings.sendProxyV1 = false;
            return 1;
        });
        table.register("no-send-proxy-v2", option -> {
            option.settings.sendProxyV2 = false;
            return 1;
        });
    }

    /** HAProxy's {@code make_proxy_line()}: version 2 when its flag is set, else version 1 when its flag is. */
    static ProxyProtocol sendProxy(ServerSettings settings) {
        return settings.sendProxyV2 ? ProxyProtocol.V2 : settings.sendProxyV1 ? ProxyProtocol.V1 : ProxyProtocol.NONE;
    }
}
