package dev.bascule.api.config;

/**
 * A frontend's on/off {@code option} (HAProxy's {@code PR_O*} flags of the same names). Later
 * flags join this set rather than the record's positional components.
 *
 * @since 1.2
 */
public enum FrontendOption {
    /**
     * {@code option http-use-proxy-header}: a request whose URI starts with neither '/' nor '*' (a
     * request to a proxy: {@code scheme://host/...} or {@code CONNECT host:port}) is authenticated
     * as a proxy: its credentials are read from {@code Proxy-Authorization}, and {@code auth}
     * challenges it with a 407 and {@code Proxy-Authenticate} (HAProxy's {@code TX_USE_PX_CONN}).
     */
    HTTP_USE_PROXY_HEADER,
    /**
     * {@code option socket-stats}: each listener ({@code bind} address) of the frontend keeps its
     * own counters and has its own row on the statistics page (type 3, named by the bind's
     * {@code name}, numbered by its {@code id}).
     */
    SOCKET_STATS
}
