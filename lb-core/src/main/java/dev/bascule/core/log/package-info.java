/**
 * HAProxy's traffic logs: the per-stream record the transport fills, the line formats
 * ({@code option httplog}, {@code option tcplog}, the connect line, and {@code log-format} lines
 * through the {@link dev.bascule.core.format} engine with the {@link dev.bascule.core.log.LogVariable}
 * variables), the syslog framing and the non-blocking datagram sender, one per event loop.
 */
package dev.bascule.core.log;
