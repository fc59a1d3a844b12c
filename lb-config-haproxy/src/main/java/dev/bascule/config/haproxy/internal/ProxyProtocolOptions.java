package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.ProxyProtocol;
import dev.bascule.api.config.ProxyV2Options;

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
        // cfgparse-ssl.c: the v2 header with its SSL TLV (and the client certificate's CN)
        table.register("send-proxy-v2-ssl", option -> {
            option.settings.sendProxyV2 = true;
            option.settings.proxyV2Options |= SSL;
            return 1;
        });
        table.register("send-proxy-v2-ssl-cn", option -> {
            option.settings.sendProxyV2 = true;
            option.settings.proxyV2Options |= SSL | SSL_CN;
            return 1;
        });
        table.register("no-send-proxy-v2-ssl", option -> {
            option.settings.sendProxyV2 = false;
            option.settings.proxyV2Options &= ~SSL;
            return 1;
        });
        table.register("no-send-proxy-v2-ssl-cn", option -> {
            option.settings.sendProxyV2 = false;
            option.settings.proxyV2Options &= ~(SSL | SSL_CN);
            return 1;
        });
        table.register("proxy-v2-options", ProxyProtocolOptions::parseV2Options);
    }

    // HAProxy's SRV_PP_V2_* flags
    private static final int SSL = 1;
    private static final int SSL_CN = 1 << 1;
    private static final int CERT_KEY = 1 << 2;
    private static final int CERT_SIG = 1 << 3;
    private static final int SSL_CIPHER = 1 << 4;
    private static final int AUTHORITY = 1 << 5;
    private static final int CRC32C = 1 << 6;
    private static final int UNIQUE_ID = 1 << 7;

    /** {@code srv_parse_proxy_v2_options()}: a comma-separated list, each option adding its TLV. */
    private static int parseV2Options(ServerOption option) {
        int flags = 0;
        for (String word : option.value().split(",", -1)) {
            flags |= switch (word) {
                case "ssl" -> SSL;
                case "cert-cn" -> SSL | SSL_CN;
                case "cert-key" -> SSL | CERT_KEY;
                case "cert-sig" -> SSL | CERT_SIG;
                case "ssl-cipher" -> SSL | SSL_CIPHER;
                case "authority" -> AUTHORITY;
                case "crc32c" -> CRC32C;
                case "unique-id" -> UNIQUE_ID;
                default -> -1;
            };
            if (flags < 0) {
                return option.alert("'" + word + "' : proxy v2 option not implemented");
            }
        }
        option.settings.proxyV2Options |= flags;
        return 2;
    }

    /** The TLVs of the server's v2 headers. */
    static ProxyV2Options proxyV2(ServerSettings settings) {
        int flags = settings.proxyV2Options;
        if (flags == 0) {
            return ProxyV2Options.NONE;
        }
        return new ProxyV2Options((flags & CRC32C) != 0, (flags & AUTHORITY) != 0, (flags & UNIQUE_ID) != 0,
                (flags & SSL) != 0, (flags & SSL_CN) != 0, (flags & CERT_KEY) != 0, (flags & CERT_SIG) != 0,
                (flags & SSL_CIPHER) != 0);
    }

    /** HAProxy's {@code make_proxy_line()}: version 2 when its flag is set, else version 1 when its flag is. */
    static ProxyProtocol sendProxy(ServerSettings settings) {
        return settings.sendProxyV2 ? ProxyProtocol.V2 : settings.sendProxyV1 ? ProxyProtocol.V1 : ProxyProtocol.NONE;
    }
}
