package dev.bascule.core.dns;

import java.net.InetAddress;
import java.util.List;

/**
 * A DNS response as resolution uses it.
 *
 * @param rcode     the response code (0 NOERROR, 3 NXDOMAIN, 5 REFUSED...)
 * @param addresses the A or AAAA records of the answer section, in order (CNAMEs followed by the server)
 */
public record DnsAnswer(int rcode, List<InetAddress> addresses) {
    public static final int NOERROR = 0;
    public static final int NXDOMAIN = 3;
    public static final int REFUSED = 5;

    public DnsAnswer {
        addresses = List.copyOf(addresses);
    }
}
