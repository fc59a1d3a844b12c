package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleType;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.UUID;

/**
 * HAProxy's constant fetches ({@code str}, {@code int}, {@code bool}, {@code bin}, {@code meth},
 * {@code ipv4}, {@code ipv6}) and {@code uuid}, with the argument checks of HAProxy 2.6's
 * {@code sample.c} and {@code make_arg_list()}.
 */
final class ConstantFetch {
    private ConstantFetch() {
    }

    /** {@code str([text])}: a missing or empty argument is the empty string, as in HAProxy. */
    static SampleFetch string(String keyword, List<String> arguments) throws InvalidArgumentException {
        FetchArguments.atMost(keyword, arguments, 1);
        String value = arguments.isEmpty() ? "" : arguments.get(0);
        return (traffic, out) -> {
            out.setString(value);
            return true;
        };
    }

    /** {@code int(n)}: read as HAProxy's {@code read_int64()} (an optional sign, then digits only). */
    static SampleFetch integer(String keyword, List<String> arguments) throws InvalidArgumentException {
        FetchArguments.atMost(keyword, arguments, 1);
        if (arguments.isEmpty() || arguments.get(0).isEmpty()) {
            throw nothing(keyword, "integer");
        }
        long value = FetchArguments.optionalInteger(keyword, arguments, 0, 0);
        return (traffic, out) -> {
            out.setInteger(value);
            return true;
        };
    }

    /** {@code bool(b)}: only true, false, 1 or 0, in any case ({@code smp_check_const_bool()}). */
    static SampleFetch bool(String keyword, List<String> arguments) throws InvalidArgumentException {
        FetchArguments.atMost(keyword, arguments, 1);
        String text = arguments.isEmpty() ? "" : arguments.get(0);
        boolean value;
        if (text.equalsIgnoreCase("true") || text.equals("1")) {
            value = true;
        } else if (text.equalsIgnoreCase("false") || text.equals("0")) {
            value = false;
        } else {
            throw new InvalidArgumentException("invalid args in fetch method '" + keyword
                    + "' : Expects 'true', 'false', '0' or '1'");
        }
        return (traffic, out) -> {
            out.setBoolean(value);
            return true;
        };
    }

    /** {@code bin(hex)}: an even number of hex digits, as HAProxy's {@code parse_binary()}. */
    static SampleFetch binary(String keyword, List<String> arguments) throws InvalidArgumentException {
        FetchArguments.atMost(keyword, arguments, 1);
        String hex = arguments.isEmpty() ? "" : arguments.get(0);
        if (hex.isEmpty()) {
            // HAProxy 2.6 reports no reason here
            throw new InvalidArgumentException("invalid args in fetch method '" + keyword + "' : (null)");
        }
        String value;
        try {
            value = BinaryMatcher.hex(hex);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("invalid args in fetch method '" + keyword + "' : " + e.getMessage());
        }
        return (traffic, out) -> {
            out.setString(value);
            return out.castTo(SampleType.BINARY);
        };
    }

    /** {@code meth(m)}: a method name, which must be a token; empty is accepted as HAProxy does. */
    static SampleFetch method(String keyword, List<String> arguments) throws InvalidArgumentException {
        FetchArguments.atMost(keyword, arguments, 1);
        String value = arguments.isEmpty() ? "" : arguments.get(0);
        for (int i = 0; i < value.length(); i++) {
            if (!token(value.charAt(i))) {
                throw new InvalidArgumentException("invalid args in fetch method '" + keyword
                        + "' : expects valid method.");
            }
        }
        return (traffic, out) -> {
            out.setMethod(value);
            return true;
        };
    }

    /** {@code ipv4(a)}: a dotted quad, checked as HAProxy's {@code ARGT_IPV4}. */
    static SampleFetch ipv4(String keyword, List<String> arguments) throws InvalidArgumentException {
        FetchArguments.atMost(keyword, arguments, 1);
        String text = arguments.isEmpty() ? "" : arguments.get(0);
        if (text.isEmpty()) {
            throw nothing(keyword, "IPv4 address");
        }
        long value = IpAddresses.parseIpv4(text, 0, text.length());
        if (value < 0) {
            throw unparsable(keyword, text, "IPv4 address");
        }
        InetAddress address = address(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16),
                (byte) (value >>> 8), (byte) value});
        return (traffic, out) -> {
            out.setAddress(address);
            return true;
        };
    }

    /** {@code ipv6(a)}: an IPv6 literal, checked as HAProxy's {@code ARGT_IPV6}. */
    static SampleFetch ipv6(String keyword, List<String> arguments) throws InvalidArgumentException {
        FetchArguments.atMost(keyword, arguments, 1);
        String text = arguments.isEmpty() ? "" : arguments.get(0);
        if (text.isEmpty()) {
            throw nothing(keyword, "IPv6 address");
        }
        int[] groups = new int[8];
        if (!IpAddresses.parseIpv6(text, 0, text.length(), groups)) {
            throw unparsable(keyword, text, "IPv6 address");
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[2 * i] = (byte) (groups[i] >>> 8);
            bytes[2 * i + 1] = (byte) groups[i];
        }
        InetAddress address;
        try {
            // kept IPv6 even when IPv4-mapped, as HAProxy keeps it
            address = Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return (traffic, out) -> {
            out.setAddress(address);
            return true;
        };
    }

    /** {@code uuid([4])}: a random version 4 UUID, as text (a new one per call, as HAProxy's). */
    static SampleFetch uuid(String keyword, List<String> arguments) throws InvalidArgumentException {
        if (arguments.size() > 1 || arguments.size() == 1 && !arguments.get(0).strip().equals("4")) {
            throw new InvalidArgumentException("Unsupported UUID version: '" + arguments.get(0) + "'");
        }
        return (traffic, out) -> {
            out.setString(UUID.randomUUID().toString());
            return true;
        };
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static InvalidArgumentException nothing(String keyword, String type) {
        return new InvalidArgumentException("fetch method '" + keyword + "' : expected type '" + type
                + "' at position 1, but got nothing");
    }

    private static InvalidArgumentException unparsable(String keyword, String text, String type) {
        return new InvalidArgumentException("fetch method '" + keyword + "' : failed to parse '" + text
                + "' as type '" + type + "' at position 1");
    }

    /** RFC 7230 tchar. */
    private static boolean token(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
