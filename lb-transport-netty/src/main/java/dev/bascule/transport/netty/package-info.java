/**
 * The Netty transport: listeners (IP, UNIX and inherited file descriptors), the HTTP/1.1 reverse
 * proxy, the TCP relay and the runtime-API socket. A client connection and its server
 * connections live on one event loop for their whole life. Internal: may change at any time.
 */
package dev.bascule.transport.netty;
