package dev.bascule.api.config;

/** The {@code mode} keyword: how a proxy treats the bytes it relays. */
public enum ProxyMode {
    /** {@code mode http}: requests are parsed, rules apply, connections are kept alive. */
    HTTP,
    /** {@code mode tcp}: bytes are relayed unchanged in both directions. */
    TCP
}
