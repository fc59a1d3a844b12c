/**
 * The PROXY protocol (HAProxy's {@code connection.c}): the header a listener with
 * {@code accept-proxy} reads before anything else, and the one written first on each connection
 * to a server with {@code send-proxy} or {@code send-proxy-v2}. Internal: may change at any time.
 */
package dev.bascule.transport.netty.proxy;
