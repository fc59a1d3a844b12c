/** The DNS client of the {@code resolvers} sections. Internal: may change at any time. */
package dev.bascule.transport.netty.dns;
