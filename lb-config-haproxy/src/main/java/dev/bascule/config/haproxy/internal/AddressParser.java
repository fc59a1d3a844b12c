package dev.bascule.config.haproxy.internal;

import dev.bascule.api.loader.CText;
import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Addresses as HAProxy's {@code str2sa_range()} reads them: {@code [proto@]addr[:port[-end]]},
 * {@code /path}, {@code unix@path} and {@code fd@N}, after the legacy {@code $NAME} expansion it
 * applies to every address ({@code env_expand()}). Host names are never resolved here: HAProxy
 * resolves them while parsing, Bascule's core does it when it compiles the configuration.
 */
public final class AddressParser {
    /** Longest UNIX socket path HAProxy accepts without a {@code unix-bind prefix}. */
    static final int MAX_UNIX_PATH = 97;

    private AddressParser() {
    }

    /** Which forms a directive accepts, after HAProxy's {@code PA_O_*} flags. */
    public enum Use {
        /** {@code bind}: port mandatory, ranges allowed, inherited descriptors allowed. */
        BIND(true, true, false, true, true),
        /** {@code stats socket}: as {@code bind}. */
        STATS_SOCKET(true, true, false, true, true),
        /** {@code server}: port optional, offsets allowed, host names allowed. */
        SERVER(false, false, true, false, true),
        /** {@code dispatch}: port mandatory, host names allowed. */
        DISPATCH(true, false, false, false, true),
        /** {@code log}: port optional, host names allowed (the datagram prefix is the caller's). */
        LOG(false, false, false, true, true);

        final boolean portMandatory;
        final boolean portRange;
        final boolean portOffset;
        final boolean fileDescriptor;
        final boolean hostName;

        Use(boolean portMandatory, boolean portRange, boolean portOffset, boolean fileDescriptor, boolean hostName) {
            this.portMandatory = portMandatory;
            this.portRange = portRange;
            this.portOffset = portOffset;
            this.fileDescriptor = fileDescriptor;
            this.hostName = hostName;
        }
    }

    /** What an address parses to. */
    public sealed interface Parsed {
    }

    /**
     * An IP address or host name and a port.
     *
     * @param host      the IP literal without brackets, a host name, or the empty string for
     *                  every IPv4 address ({@code ::} for every IPv6 address)
     * @param hostName  true when {@code host} is not an IP literal
     * @param portLow   the port, or the first of a range; 0 when none was written
     * @param portHigh  the last port of a range, {@code portLow} otherwise
     * @param offset    true for {@code +N} or {@code -N} (server port offsets)
     * @param portGiven true when a port was written, even 0
     */
    public record Inet(String host, boolean hostName, int portLow, int portHigh, boolean offset, boolean portGiven)
            implements Parsed {
        public Inet {
            requireNonNull(host, "host");
        }
    }

    /** {@code fd@N}. */
    public record FileDescriptor(int fd) implements Parsed {
    }

    /** {@code /path} or {@code unix@path}. */
    public record Unix(String path) implements Parsed {
        public Unix {
            requireNonNull(path, "path");
        }
    }

    /** A form HAProxy accepts and Bascule does not implement yet, such as {@code abns@}. */
    public record Unsupported(String form) implements Parsed {
        public Unsupported {
            requireNonNull(form, "form");
        }
    }

    /** HAProxy's reason for refusing the address, as {@code str2sa_range()} words it. */
    public record Invalid(String message) implements Parsed {
        public Invalid {
            requireNonNull(message, "message");
        }
    }

    /**
     * HAProxy's {@code env_expand()}: replaces {@code $NAME} and {@code ${NAME}} with the
     * variable's value, or with nothing when it is unset. There is no default value syntax.
     */
    public static String expandEnvironment(String text, Map<String, String> environment) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int index = 0;
        while (index < text.length()) {
            char c = text.charAt(index);
            if (c != '$') {
                out.append(c);
                index++;
                continue;
            }
            int nameStart = index + 1;
            boolean brace = nameStart < text.length() && text.charAt(nameStart) == '{';
            if (brace) {
                nameStart++;
            }
            int nameEnd = nameStart;
            while (nameEnd < text.length() && (CText.isAlnum(text.charAt(nameEnd)) || text.charAt(nameEnd) == '_')) {
                nameEnd++;
            }
            String value = environment.get(text.substring(nameStart, nameEnd));
            if (value != null) {
                out.append(value);
            }
            index = nameEnd;
            if (brace && index < text.length() && text.charAt(index) == '}') {
                index++;
            }
        }
        return out.toString();
    }

    /** Parses one address (no comma-separated list) for {@code use}. */
    public static Parsed parse(String text, Use use, Map<String, String> environment) {
        String str = expandEnvironment(text, environment);
        if (str.isEmpty()) {
            return new Invalid("'" + text + "' resolves to an empty address (environment variable missing?)");
        }
        boolean datagram = false;
        if (str.startsWith("stream+")) {
            str = str.substring(7);
        } else if (str.startsWith("dgram+")) {
            str = str.substring(6);
            datagram = true;
        }
        Family family = Family.UNSPEC;
        String[][] prefixes = {
            {"unix@", "UNIX"}, {"uxdg@", "UNIX_DGRAM"}, {"uxst@", "UNIX"}, {"abns@", "ABNS"}, {"ip@", "UNSPEC"},
            {"ipv4@", "INET"}, {"ipv6@", "INET6"}, {"tcp4@", "INET"}, {"udp4@", "DGRAM"}, {"tcp6@", "INET6"},
            {"udp6@", "DGRAM"}, {"tcp@", "UNSPEC"}, {"udp@", "DGRAM"}, {"quic4@", "QUIC"}, {"quic6@", "QUIC"},
            {"fd@", "FD"}, {"sockpair@", "SOCKPAIR"},
        };
        String kind = null;
        for (String[] prefix : prefixes) {
            if (str.startsWith(prefix[0])) {
                kind = prefix[1];
                str = str.substring(prefix[0].length());
                if (kind.equals("ABNS") || kind.equals("SOCKPAIR") || kind.equals("QUIC")) {
                    return new Unsupported(prefix[0]);
                }
                break;
            }
        }
        if ("DGRAM".equals(kind) || "UNIX_DGRAM".equals(kind) || datagram) {
            return new Invalid("dgram-type address not acceptable in '" + text + "'");
        }
        if (kind == null && str.startsWith("/")) {
            kind = "UNIX";
        }
        if ("INET".equals(kind)) {
            family = Family.INET;
        } else if ("INET6".equals(kind)) {
            family = Family.INET6;
        }
        if ("FD".equals(kind)) {
            Long fd = CText.strtolStrict(str, 10);
            if (fd == null || fd < 0 || fd > Integer.MAX_VALUE) {
                return new Invalid("file descriptor '" + str + "' is not a valid integer in '" + text + "'");
            }
            if (!use.fileDescriptor) {
                return new Invalid("a file descriptor is not acceptable here in '" + text + "'");
            }
            return new FileDescriptor(fd.intValue());
        }
        if ("UNIX".equals(kind)) {
            if (str.getBytes(StandardCharsets.UTF_8).length > MAX_UNIX_PATH) {
                return new Invalid("socket path '" + text + "' too long (max " + MAX_UNIX_PATH + ")");
            }
            return new Unix(str);
        }
        return parseInet(text, str, family, use);
    }

    private enum Family { UNSPEC, INET, INET6 }

    private static Parsed parseInet(String original, String str, Family family, Use use) {
        int separator = str.length() - 1;
        while (separator > 0 && str.charAt(separator) != ']' && str.charAt(separator) != ':') {
            separator--;
        }
        String host;
        String port;
        if (separator >= 0 && str.charAt(separator) == ':') {
            host = str.substring(0, separator);
            port = str.substring(separator + 1);
        } else {
            if (use.portMandatory) {
                return new Invalid("missing port specification in '" + original + "'");
            }
            host = str;
            port = "";
        }
        int low = 0;
        int high = 0;
        boolean offset = false;
        if (!port.isEmpty() && CText.isDigit(port.charAt(0))) {
            int dash = port.indexOf('-');
            String first = dash < 0 ? port : port.substring(0, dash);
            String second = dash < 0 ? port : port.substring(dash + 1);
            if (dash >= 0 && !use.portRange) {
                return new Invalid("port range not permitted here in '" + original + "'");
            }
            long portLow = CText.atol(first);
            long portHigh = CText.atol(second);
            int minimum = use.portMandatory ? 1 : 0;
            if (portLow < minimum || portLow > 65535) {
                return new Invalid("invalid port '" + first + "'");
            }
            if (portHigh < minimum || portHigh > 65535) {
                return new Invalid("invalid port '" + second + "'");
            }
            if (portLow > portHigh) {
                return new Invalid("invalid port range '" + portLow + "-" + portHigh + "'");
            }
            low = (int) portLow;
            high = (int) portHigh;
        } else if (!port.isEmpty() && (port.charAt(0) == '-' || port.charAt(0) == '+')) {
            if (!use.portOffset) {
                return new Invalid("port offset not permitted here in '" + original + "'");
            }
            offset = true;
            low = CText.atoi(port.substring(1));
            high = low;
        } else if (!port.isEmpty()) {
            return new Invalid("invalid character '" + port.charAt(0) + "' in port number '" + port + "' in '"
                    + original + "'");
        } else if (use.portMandatory) {
            return new Invalid("missing port specification in '" + original + "'");
        }
        String literal = ipLiteral(host, family);
        if (literal != null) {
            return new Inet(literal, false, low, high, offset, !port.isEmpty());
        }
        boolean bracketed = host.startsWith("[");
        if (!use.hostName || bracketed || host.indexOf(':') >= 0 || looksNumeric(host, family)) {
            return new Invalid("invalid address: '" + host + "' in '" + original + "'");
        }
        return new Inet(host, true, low, high, offset, !port.isEmpty());
    }

    /** An IPv4 literal of the wrong family ({@code ipv6@1.2.3.4}) is not a host name either. */
    private static boolean looksNumeric(String host, Family family) {
        return family == Family.INET6 && isIpv4(host);
    }

    /**
     * HAProxy's {@code str2ip2()} without resolution: the normalised literal, or null when
     * {@code host} is no IP literal of the family.
     */
    private static String ipLiteral(String host, Family family) {
        String address = host;
        if (address.startsWith("[")) {
            if (address.length() < 4 || address.length() >= 48 || !address.endsWith("]")) {
                return null;
            }
            address = address.substring(1, address.length() - 1);
        }
        if (address.equals("::")) {
            return family == Family.INET ? null : "::";
        }
        if (address.isEmpty() || address.equals("*")) {
            return family == Family.INET6 ? "::" : "";
        }
        if (family != Family.INET && isIpv6(address)) {
            return address;
        }
        if (family != Family.INET6 && isIpv4(address)) {
            return address;
        }
        return null;
    }

    /** glibc's {@code inet_pton(AF_INET)}: four decimal bytes, no leading zero. */
    public static boolean isIpv4(String text) {
        int octets = 0;
        int index = 0;
        while (true) {
            int start = index;
            int value = 0;
            while (index < text.length() && CText.isDigit(text.charAt(index))) {
                if (index > start && value == 0) {
                    return false;
                }
                value = value * 10 + (text.charAt(index) - '0');
                if (value > 255) {
                    return false;
                }
                index++;
            }
            if (index == start) {
                return false;
            }
            octets++;
            if (index == text.length()) {
                return octets == 4;
            }
            if (text.charAt(index) != '.' || octets == 4) {
                return false;
            }
            index++;
        }
    }

    /** glibc's {@code inet_pton(AF_INET6)}, including a trailing dotted IPv4 part. */
    public static boolean isIpv6(String text) {
        int index = 0;
        if (text.startsWith(":")) {
            if (!text.startsWith("::")) {
                return false;
            }
            index = 1;
        }
        int filled = 0;
        int doubleColon = -1;
        int tokenStart = index;
        boolean sawDigit = false;
        int digits = 0;
        while (index < text.length()) {
            char c = text.charAt(index++);
            if (CText.isHex(c)) {
                if (++digits > 4) {
                    return false;
                }
                sawDigit = true;
                continue;
            }
            if (c == ':') {
                tokenStart = index;
                if (!sawDigit) {
                    if (doubleColon >= 0) {
                        return false;
                    }
                    doubleColon = filled;
                    continue;
                }
                if (index == text.length()) {
                    return false;
                }
                if (filled + 2 > 16) {
                    return false;
                }
                filled += 2;
                sawDigit = false;
                digits = 0;
                continue;
            }
            if (c == '.' && filled + 4 <= 16 && isIpv4(text.substring(tokenStart))) {
                filled += 4;
                sawDigit = false;
                index = text.length();
                break;
            }
            return false;
        }
        if (sawDigit) {
            if (filled + 2 > 16) {
                return false;
            }
            filled += 2;
        }
        if (doubleColon >= 0) {
            if (filled == 16) {
                return false;
            }
            filled = 16;
        }
        return filled == 16;
    }
}
