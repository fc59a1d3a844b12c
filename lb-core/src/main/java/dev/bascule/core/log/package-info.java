/**
 * HAProxy's traffic logs: the per-stream record the transport fills, the line formats
 * ({@code option httplog}, {@code option tcplog}, the connect line), the syslog framing and the
 * non-blocking datagram sender, one per event loop.
 */
package dev.bascule.core.log;
