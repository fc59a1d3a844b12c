package dev.bascule.core.runtime;

import dev.bascule.api.Nullable;
import dev.bascule.api.sample.RdpCookie;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * {@code persist rdp-cookie[(<name>)]}, HAProxy's {@code tcp_persist_rdp_cookie()}: an RDP
 * connection request whose cookie ({@code msts} by default) reads {@code <address>.<port>.<rest>}
 * goes to the server configured at that IPv4 address and port, unless it is DOWN (still to it
 * with {@code option persist}). The address is the 32-bit number of the address's bytes in
 * network order read as the little-endian integer HAProxy's x86 builds read it, the port the same
 * for a 16-bit number (Microsoft's session brokers write them so: {@code 3640205834.15629.0000}
 * is 10.1.1.217:3389).
 */
public final class RdpCookiePersistence {
    private final String cookie;
    private final List<ServerRuntime> servers;
    private final boolean persist;

    public RdpCookiePersistence(String cookie, List<ServerRuntime> servers, boolean persist) {
        this.cookie = cookie;
        this.servers = List.copyOf(servers);
        this.persist = persist;
    }

    /** The server the cookie in {@code payload} names and that may take it, or null: balance as usual. */
    public @Nullable ServerRuntime server(@Nullable CharSequence payload) {
        if (payload == null) {
            return null;
        }
        long found = RdpCookie.find(payload, cookie);
        if (found < 0) {
            return null;
        }
        int at = RdpCookie.start(found);
        int end = RdpCookie.end(found);
        if (at == end) {
            return null;
        }
        long[] number = new long[1];
        at = strtoul(payload, at, end, number);
        if (at >= end || payload.charAt(at) != '.') {
            return null;
        }
        long address = number[0] & 0xffff_ffffL;
        at = strtoul(payload, at + 1, end, number);
        if (at >= end || payload.charAt(at) != '.') {
            return null;
        }
        int port = Short.toUnsignedInt(Short.reverseBytes((short) number[0]));
        byte[] bytes = {(byte) address, (byte) (address >>> 8), (byte) (address >>> 16), (byte) (address >>> 24)};
        for (ServerRuntime server : servers) {
            InetAddress serverAddress = server.address().getAddress();
            if (serverAddress instanceof Inet4Address && server.address().getPort() == port
                    && java.util.Arrays.equals(serverAddress.getAddress(), bytes)) {
                return server.isUp() || persist ? server : null;
            }
        }
        return null;
    }

    /** C's {@code strtoul()} in base 10 on {@code [at, end)}: blanks, a sign, digits; where it stopped. */
    private static int strtoul(CharSequence text, int at, int end, long[] value) {
        int start = at;
        while (at < end && (text.charAt(at) == ' ' || text.charAt(at) >= '\t' && text.charAt(at) <= '\r')) {
            at++;
        }
        boolean negative = false;
        if (at < end && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
            negative = text.charAt(at) == '-';
            at++;
        }
        int digits = at;
        long result = 0;
        while (at < end && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            // saturates as strtoul() does (ULONG_MAX)
            result = result > (Long.MAX_VALUE - 9) / 10 ? -1L : result * 10 + (text.charAt(at) - '0');
            at++;
        }
        if (at == digits) {
            // no digits: nothing is consumed
            value[0] = 0;
            return start;
        }
        value[0] = negative ? -result : result;
        return at;
    }
}
