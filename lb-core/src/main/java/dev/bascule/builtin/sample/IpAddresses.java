package dev.bascule.builtin.sample;

import dev.bascule.api.Nullable;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Allocation-free address parsers over character ranges, following glibc's {@code inet_pton()}
 * that HAProxy relies on: IPv4 is exactly four decimal octets without leading zeros; IPv6 is up to
 * eight groups of one to four hex digits, one {@code ::}, and an optional trailing IPv4 part.
 */
final class IpAddresses {
    private IpAddresses() {
    }

    /**
     * HAProxy's {@code smp_fetch_hdr_ip()} reading of a value: an IPv4 address, alone or followed
     * by ':' and a port (0 to 65535); an IPv6 address alone (haproxy 2.6.12 takes no brackets);
     * null otherwise.
     */
    static java.net.@Nullable InetAddress leadingAddress(CharSequence text, int start, int end) {
        int stop = start;
        while (stop < end && (Character.isDigit(text.charAt(stop)) || text.charAt(stop) == '.')) {
            stop++;
        }
        long ipv4 = parseIpv4(text, start, stop);
        try {
            if (ipv4 >= 0 && (stop == end || text.charAt(stop) == ':' && isPort(text, stop + 1, end))) {
                return InetAddress.getByAddress(new byte[] {(byte) (ipv4 >>> 24), (byte) (ipv4 >>> 16),
                        (byte) (ipv4 >>> 8), (byte) ipv4});
            }
            int[] groups = new int[8];
            if (!parseIpv6(text, start, end, groups)) {
                return null;
            }
            byte[] bytes = new byte[16];
            for (int i = 0; i < 8; i++) {
                bytes[2 * i] = (byte) (groups[i] >>> 8);
                bytes[2 * i + 1] = (byte) groups[i];
            }
            return Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Digits only, 0 to 65535 (HAProxy's {@code strl2irc()} then its range check). */
    private static boolean isPort(CharSequence text, int start, int end) {
        if (start >= end || end - start > 5) {
            return false;
        }
        int port = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            port = port * 10 + (c - '0');
        }
        return port <= 65535;
    }

    /** The IPv4 address in {@code text[start, end)} as an unsigned 32-bit value, or -1. */
    static long parseIpv4(CharSequence text, int start, int end) {
        int octets = 0;
        int octet = 0;
        boolean sawDigit = false;
        long address = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (sawDigit && octet == 0) {
                    return -1; // leading zero
                }
                octet = octet * 10 + (c - '0');
                if (octet > 255) {
                    return -1;
                }
                if (!sawDigit) {
                    if (++octets > 4) {
                        return -1;
                    }
                    sawDigit = true;
                }
            } else if (c == '.' && sawDigit) {
                if (octets == 4) {
                    return -1;
                }
                address = (address << 8) | octet;
                octet = 0;
                sawDigit = false;
            } else {
                return -1;
            }
        }
        if (octets < 4 || !sawDigit) {
            return -1;
        }
        return (address << 8) | octet;
    }

    /**
     * Parses the IPv6 address in {@code text[start, end)} into {@code groups} (eight 16-bit
     * values, a caller-owned scratch array). Returns false when it is not one.
     */
    static boolean parseIpv6(CharSequence text, int start, int end, int[] groups) {
        int count = 0;          // groups written
        int gap = -1;           // where "::" stands, in groups
        int position = start;
        if (position < end && text.charAt(position) == ':') {
            if (position + 1 >= end || text.charAt(position + 1) != ':') {
                return false;
            }
            position++;
        }
        int token = position;
        boolean sawDigit = false;
        int digits = 0;
        int value = 0;
        while (position < end) {
            char c = text.charAt(position++);
            int hex = hexValue(c);
            if (hex >= 0) {
                value = (value << 4) | hex;
                if (++digits > 4) {
                    return false;
                }
                sawDigit = true;
                continue;
            }
            if (c == ':') {
                token = position;
                if (!sawDigit) {
                    if (gap >= 0) {
                        return false;
                    }
                    gap = count;
                    continue;
                }
                if (position >= end || count + 1 > 8) {
                    return false;
                }
                groups[count++] = value;
                sawDigit = false;
                digits = 0;
                value = 0;
                continue;
            }
            if (c == '.' && count + 2 <= 8) {
                long ipv4 = parseIpv4(text, token, end);
                if (ipv4 < 0) {
                    return false;
                }
                groups[count++] = (int) (ipv4 >>> 16);
                groups[count++] = (int) (ipv4 & 0xFFFF);
                sawDigit = false;
                position = end;
                break;
            }
            return false;
        }
        if (sawDigit) {
            if (count + 1 > 8) {
                return false;
            }
            groups[count++] = value;
        }
        if (gap >= 0) {
            if (count == 8) {
                return false;
            }
            int moved = count - gap;
            for (int i = 1; i <= moved; i++) {
                groups[8 - i] = groups[count - i];
                groups[count - i] = 0;
            }
            for (int i = gap; i < 8 - moved; i++) {
                groups[i] = 0;
            }
            count = 8;
        }
        return count == 8;
    }

    /** The high 64 bits of parsed groups. */
    static long high(int[] groups) {
        return ((long) groups[0] << 48) | ((long) groups[1] << 32) | ((long) groups[2] << 16) | groups[3];
    }

    /** The low 64 bits of parsed groups. */
    static long low(int[] groups) {
        return ((long) groups[4] << 48) | ((long) groups[5] << 32) | ((long) groups[6] << 16) | groups[7];
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
