/**
 * TLS termination for {@code bind ... ssl} listeners: SSL contexts built once per listener,
 * SNI, ALPN, and {@link dev.bascule.transport.netty.tls.TlsInfo} for rules and fetches.
 */
package dev.bascule.transport.netty.tls;
