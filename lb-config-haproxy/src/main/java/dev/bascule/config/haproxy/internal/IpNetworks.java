package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.IpNetwork;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** Network literals as HAProxy's {@code str2net()} and {@code str62net()} read them; never resolves a name. */
final class IpNetworks {
    private IpNetworks() {
    }

    /**
     * {@code a.b.c.d}, {@code a.b.c.d/len}, {@code a.b.c.d/m.m.m.m}, {@code x::y}, {@code x::y/len};
     * empty when it is none of these.
     */
    static Optional<IpNetwork> parse(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        String mask = slash < 0 ? null : text.substring(slash + 1);
        boolean v6 = host.indexOf(':') >= 0;
        if (!isLiteral(host, v6)) {
            return Optional.empty();
        }
        byte[] address;
        try {
            address = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (mask != null) {
            if (!v6 && mask.indexOf('.') >= 0) {
                if (!isLiteral(mask, false)) {
                    return Optional.empty();
                }
                byte[] dotted;
                try {
                    dotted = InetAddress.getByName(mask).getAddress();
                } catch (UnknownHostException e) {
                    return Optional.empty();
                }
                int value = ((dotted[0] & 0xff) << 24) | ((dotted[1] & 0xff) << 16) | ((dotted[2] & 0xff) << 8)
                        | (dotted[3] & 0xff);
                prefix = Integer.bitCount(value);
                if (prefix != 32 && value != -(1 << (32 - prefix))) {
                    return Optional.empty();
                }
            } else {
                if (mask.isEmpty() || !mask.chars().allMatch(Character::isDigit) || mask.length() > 3) {
                    return Optional.empty();
                }
                prefix = Integer.parseInt(mask);
                if (prefix > bits) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new IpNetwork(address, prefix));
    }

    /** Whether {@code text} is an IPv4 or IPv6 address literal, without mask. */
    static boolean isIpLiteral(String text) {
        return text.indexOf('/') < 0 && parse(text).isPresent();
    }

    private static boolean isLiteral(String host, boolean v6) {
        if (host.isEmpty()) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = v6 ? Character.digit(c, 16) >= 0 || c == ':' || c == '.' : c >= '0' && c <= '9' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return v6 || host.chars().filter(c -> c == '.').count() == 3;
    }
}
