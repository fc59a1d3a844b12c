/**
 * Name resolution at run time, as HAProxy's {@code resolvers} sections do it: servers whose
 * host name is resolved again and again, through a {@link dev.bascule.core.dns.DnsClient} the
 * transport provides. Internal: may change at any time.
 */
package dev.bascule.core.dns;
