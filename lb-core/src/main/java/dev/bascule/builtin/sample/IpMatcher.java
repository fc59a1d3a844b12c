package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.AclMatcher;
import dev.bascule.api.sample.MatchOptions;
import dev.bascule.api.sample.Sample;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * {@code -m ip}, as HAProxy's {@code pat_parse_ip()} and {@code pat_match_ip()}.
 *
 * <p>Patterns: {@code a.b.c.d}, {@code a.b.c.d/24}, {@code a.b.c.d/255.255.0.0} (a dotted mask
 * need not be contiguous), and IPv6 {@code x::y} or {@code x::y/64}. Host names are not resolved.
 *
 * <p>Samples: an address, or a string holding one. An IPv4 sample matches the IPv4 patterns and,
 * as {@code ::ffff:a.b.c.d}, the IPv6 ones; an IPv6 sample matches the IPv6 patterns and, when it
 * is IPv4-mapped ({@code ::ffff:a.b.c.d}), IPv4-compatible ({@code ::a.b.c.d}) or 6to4
 * ({@code 2002:AABB:CCDD::}), the IPv4 patterns with its embedded address.
 */
final class IpMatcher implements AclMatcher {
    private final int[] ipv4Addresses;
    private final int[] ipv4Masks;
    private final long[] ipv6High;
    private final long[] ipv6Low;
    private final long[] ipv6MaskHigh;
    private final long[] ipv6MaskLow;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    private IpMatcher(int[] ipv4Addresses, int[] ipv4Masks, long[] ipv6High, long[] ipv6Low,
                      long[] ipv6MaskHigh, long[] ipv6MaskLow) {
        this.ipv4Addresses = ipv4Addresses;
        this.ipv4Masks = ipv4Masks;
        this.ipv6High = ipv6High;
        this.ipv6Low = ipv6Low;
        this.ipv6MaskHigh = ipv6MaskHigh;
        this.ipv6MaskLow = ipv6MaskLow;
    }

    static AclMatcher compile(List<String> patterns, MatchOptions options) throws InvalidArgumentException {
        if (patterns.isEmpty()) {
            return BuiltinMatcherFactory.NEVER;
        }
        int size = patterns.size();
        int[] v4Addresses = new int[size];
        int[] v4Masks = new int[size];
        long[] v6High = new long[size];
        long[] v6Low = new long[size];
        long[] v6MaskHigh = new long[size];
        long[] v6MaskLow = new long[size];
        int v4Count = 0;
        int v6Count = 0;
        int[] groups = new int[8];
        for (String pattern : patterns) {
            int slash = pattern.lastIndexOf('/');
            String address = slash < 0 ? pattern : pattern.substring(0, slash);
            String mask = slash < 0 ? null : pattern.substring(slash + 1);
            long ipv4 = IpAddresses.parseIpv4(address, 0, address.length());
            long ipv4Mask = mask == null ? 0xFFFF_FFFFL : ipv4Mask(mask);
            if (ipv4 >= 0 && ipv4Mask >= 0) {
                v4Addresses[v4Count] = (int) ipv4;
                v4Masks[v4Count] = (int) ipv4Mask;
                v4Count++;
                continue;
            }
            int prefix = mask == null ? 128 : prefixLength(mask, 128);
            if (prefix >= 0 && IpAddresses.parseIpv6(address, 0, address.length(), groups)) {
                v6High[v6Count] = IpAddresses.high(groups);
                v6Low[v6Count] = IpAddresses.low(groups);
                v6MaskHigh[v6Count] = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
                v6MaskLow[v6Count] = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
                v6Count++;
                continue;
            }
            throw new InvalidArgumentException("'" + pattern + "' is not a valid IPv4 or IPv6 address");
        }
        return new IpMatcher(Arrays.copyOf(v4Addresses, v4Count), Arrays.copyOf(v4Masks, v4Count),
                Arrays.copyOf(v6High, v6Count), Arrays.copyOf(v6Low, v6Count),
                Arrays.copyOf(v6MaskHigh, v6Count), Arrays.copyOf(v6MaskLow, v6Count));
    }

    /** HAProxy's {@code str2mask()}: dotted (any bits) or a length up to 32; -1 when invalid. */
    private static long ipv4Mask(String mask) {
        if (mask.indexOf('.') >= 0) {
            return IpAddresses.parseIpv4(mask, 0, mask.length());
        }
        int length = prefixLength(mask, 32);
        return length < 0 ? -1 : length == 0 ? 0 : (0xFFFF_FFFFL << (32 - length)) & 0xFFFF_FFFFL;
    }

    /** A decimal prefix length up to {@code max}, or -1. */
    private static int prefixLength(String text, int max) {
        if (text.isEmpty()) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
            if (value > max) {
                return -1;
            }
        }
        return value;
    }

    @Override
    public boolean matches(Sample sample) {
        switch (sample.type()) {
            case ADDRESS: {
                InetAddress address = sample.address();
                if (address instanceof Inet4Address) {
                    // Inet4Address.hashCode() is the address itself: no byte array copy
                    return matchesIpv4(address.hashCode());
                }
                if (address instanceof Inet6Address) {
                    Scratch local = scratch.get();
                    local.load((Inet6Address) address);
                    return matchesIpv6(local.high, local.low);
                }
                return false;
            }
            case STRING: {
                CharSequence text = sample.text();
                if (text == null) {
                    return false;
                }
                long ipv4 = IpAddresses.parseIpv4(text, sample.start(), sample.end());
                if (ipv4 >= 0) {
                    return matchesIpv4((int) ipv4);
                }
                int[] groups = scratch.get().groups;
                if (IpAddresses.parseIpv6(text, sample.start(), sample.end(), groups)) {
                    return matchesIpv6(IpAddresses.high(groups), IpAddresses.low(groups));
                }
                return false;
            }
            default:
                return false;
        }
    }

    private boolean matchesIpv4(int address) {
        for (int i = 0; i < ipv4Addresses.length; i++) {
            if (((address ^ ipv4Addresses[i]) & ipv4Masks[i]) == 0) {
                return true;
            }
        }
        // as ::ffff:a.b.c.d against the IPv6 patterns
        return matchesIpv6Patterns(0, 0x0000_FFFF_0000_0000L | (address & 0xFFFF_FFFFL));
    }

    private boolean matchesIpv6(long high, long low) {
        if (matchesIpv6Patterns(high, low)) {
            return true;
        }
        long top = low >>> 32;
        if (high == 0 && (top == 0 || top == 0xFFFF)) {
            return matchesIpv4Patterns((int) low); // IPv4-compatible or IPv4-mapped
        }
        if ((high >>> 48) == 0x2002) {
            return matchesIpv4Patterns((int) (high >>> 16)); // 6to4
        }
        return false;
    }

    private boolean matchesIpv4Patterns(int address) {
        for (int i = 0; i < ipv4Addresses.length; i++) {
            if (((address ^ ipv4Addresses[i]) & ipv4Masks[i]) == 0) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesIpv6Patterns(long high, long low) {
        for (int i = 0; i < ipv6High.length; i++) {
            if (((high ^ ipv6High[i]) & ipv6MaskHigh[i]) == 0 && ((low ^ ipv6Low[i]) & ipv6MaskLow[i]) == 0) {
                return true;
            }
        }
        return false;
    }

    /** Per-thread parse buffers, and the last IPv6 address read (its bytes can only be had as a copy). */
    private static final class Scratch {
        final int[] groups = new int[8];
        private InetAddress last;
        long high;
        long low;

        /**
         * Reads an IPv6 address. {@link Inet6Address#getAddress()} copies, so the result is kept
         * for as long as the same address object comes back: one copy per connection, not per match.
         */
        void load(Inet6Address address) {
            if (address == last) {
                return;
            }
            byte[] bytes = address.getAddress();
            long h = 0;
            long l = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (bytes[i] & 0xFF);
                l = (l << 8) | (bytes[i + 8] & 0xFF);
            }
            high = h;
            low = l;
            last = address;
        }
    }
}
