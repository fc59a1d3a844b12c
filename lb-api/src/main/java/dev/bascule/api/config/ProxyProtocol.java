package dev.bascule.api.config;

/**
 * The PROXY protocol header a proxy writes first on each connection it opens to a server
 * ({@code send-proxy}, {@code send-proxy-v2}), carrying the client's addresses.
 */
public enum ProxyProtocol {
    /** No header (HAProxy's default). */
    NONE,
    /** {@code send-proxy}: the human-readable version 1 line. */
    V1,
    /** {@code send-proxy-v2}: the binary version 2 header; wins over {@code send-proxy} when both are set. */
    V2
}
