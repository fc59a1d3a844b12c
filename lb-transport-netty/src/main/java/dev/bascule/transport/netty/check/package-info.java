/** The probe client health checks use: non-blocking connections on the transport's event loops. */
package dev.bascule.transport.netty.check;
