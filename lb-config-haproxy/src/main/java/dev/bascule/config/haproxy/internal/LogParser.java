package dev.bascule.config.haproxy.internal;

import static dev.bascule.config.haproxy.internal.KeywordLine.word;

import dev.bascule.api.config.LogTarget;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.loader.CText;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/**
 * HAProxy's {@code parse_logsrv()}: one {@code log <target> [len <n>] [format <fmt>] <facility>
 * [<level> [<minlevel>]]} line, with HAProxy's messages. The target is a UDP address (a host name
 * is resolved here, once, as HAProxy resolves it with libc at start-up), a UNIX datagram socket path
 * ({@code /dev/log}, {@code unix@}, {@code uxdg@}), or a standard stream. Sampling, rings and
 * stream targets are refused as not implemented.
 */
final class LogParser {
    static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
            "uucp", "cron", "auth2", "ftp", "ntp", "audit", "alert", "cron2", "local0", "local1", "local2", "local3",
            "local4", "local5", "local6", "local7");
    static final List<String> LEVELS = List.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug");
    private static final List<String> FORMATS = List.of("local", "rfc3164", "rfc5424", "priority", "short", "timed",
            "iso", "raw");
    /** The prefixes that name a datagram target (HAProxy's default for a log target). */
    private static final List<String> DATAGRAM_PREFIXES = List.of("udp@", "udp4@", "udp6@", "dgram+");

    /** The outcome: a target, or the message of an alert. */
    sealed interface Result {
    }

    record Parsed(LogTarget target) implements Result {
    }

    record Failed(String message) implements Result {
    }

    private LogParser() {
    }


    /**
     * Parses a {@code log} line that is neither {@code no log} nor {@code log global}.
     *
     * @param global true in the global section (HAProxy's messages differ)
     */
    static Result parse(List<String> args, boolean global, Map<String, String> environment,
                        SourceLocation location) {
        if (word(args, 1).isEmpty() || word(args, 2).isEmpty()) {
            return failed("expects <address> and <facility> " + (global ? "" : "or global") + " as arguments");
        }
        int index = 2;
        int maxLength = LogTarget.DEFAULT_MAX_LENGTH;
        if (word(args, index).equals("len")) {
            long length = CText.atol(word(args, index + 1));
            if (length < 80 || length > 65535) {
                return failed("invalid log length '" + word(args, index + 1) + "', must be between 80 and 65535");
            }
            maxLength = (int) length;
            index += 2;
        }
        LogTarget.Format format = LogTarget.Format.RFC3164;
        if (word(args, index).equals("format")) {
            String name = word(args, index + 1);
            if (!FORMATS.contains(name)) {
                return failed("unknown log format '" + name + "'");
            }
            format = switch (name) {
                case "local" -> LogTarget.Format.LOCAL;
                case "rfc3164" -> LogTarget.Format.RFC3164_HOSTNAME;
                case "rfc5424" -> LogTarget.Format.RFC5424;
                case "priority" -> LogTarget.Format.PRIORITY;
                case "short" -> LogTarget.Format.SHORT;
                case "timed" -> LogTarget.Format.TIMED;
                case "iso" -> LogTarget.Format.ISO;
                default -> LogTarget.Format.RAW;
            };
            index += 2;
        }
        if (word(args, index).equals("sample")) {
            return failed("'sample' is not implemented yet by Bascule");
        }
        int facility = FACILITIES.indexOf(word(args, index));
        if (facility < 0) {
            return failed("unknown log facility '" + word(args, index) + "'");
        }
        index++;
        int level = 7;
        if (!word(args, index).isEmpty()) {
            level = LEVELS.indexOf(word(args, index));
            if (level < 0) {
                return failed("unknown optional log level '" + word(args, index) + "'");
            }
            index++;
        }
        int minLevel = 0;
        if (!word(args, index).isEmpty()) {
            minLevel = LEVELS.indexOf(word(args, index));
            if (minLevel < 0) {
                return failed("unknown optional minimum log level '" + word(args, index) + "'");
            }
            index++;
        }
        if (!word(args, index).isEmpty()) {
            return failed("cannot handle unexpected argument '" + word(args, index) + "'");
        }
        return address(args.get(1), maxLength, format, facility, level, minLevel, environment, location);
    }

    private static Result address(String written, int maxLength, LogTarget.Format format, int facility, int level,
                                  int minLevel, Map<String, String> environment, SourceLocation location) {
        String text = written;
        if (text.equals("stdout") || text.equals("fd@1")) {
            return new Parsed(new LogTarget(LogTarget.Destination.STDOUT, "", 0, maxLength, format, facility, level,
                    minLevel, location));
        }
        if (text.equals("stderr") || text.equals("fd@2")) {
            return new Parsed(new LogTarget(LogTarget.Destination.STDERR, "", 0, maxLength, format, facility, level,
                    minLevel, location));
        }
        if (text.startsWith("ring@")) {
            return failed("'ring@' log targets are not implemented yet by Bascule");
        }
        int family = written.startsWith("udp4@") || written.startsWith("ipv4@") ? 4
                : written.startsWith("udp6@") || written.startsWith("ipv6@") ? 6 : 0;
        boolean inetOnly = false;
        for (String prefix : DATAGRAM_PREFIXES) {
            if (text.startsWith(prefix)) {
                text = text.substring(prefix.length());
                inetOnly = prefix.startsWith("udp");
                break;
            }
        }
        if (text.startsWith("tcp@") || text.startsWith("tcp4@") || text.startsWith("tcp6@")
                || text.startsWith("stream+") || text.startsWith("uxst@")) {
            return failed("stream log targets (TCP syslog through a ring) are not implemented yet by Bascule");
        }
        if (text.startsWith("uxdg@")) {
            // a datagram socket is what a log target on a UNIX path is anyway
            text = "unix@" + text.substring(5);
        }
        AddressParser.Parsed parsed = AddressParser.parse(text, AddressParser.Use.LOG, environment);
        if (parsed instanceof AddressParser.Invalid invalid) {
            // HAProxy's messages quote the address as written
            return failed(invalid.message().replace("'" + text + "'", "'" + written + "'"));
        }
        if (parsed instanceof AddressParser.Unsupported unsupported) {
            return failed("'" + unsupported.form() + "' log targets are not implemented yet by Bascule");
        }
        if (parsed instanceof AddressParser.FileDescriptor) {
            return failed("'" + written + "': log targets on file descriptors other than 1 and 2 are not implemented"
                    + " yet by Bascule");
        }
        if (parsed instanceof AddressParser.Unix && inetOnly) {
            // after udp@, HAProxy reads an IP address and nothing else
            return failed("invalid address: '" + text + "' in '" + written + "'");
        }
        if (parsed instanceof AddressParser.Unix unix) {
            if (unix.path().isEmpty()) {
                return failed("'" + written + "': a UNIX socket log target needs a path");
            }
            return new Parsed(new LogTarget(LogTarget.Destination.UNIX, unix.path(), 0, maxLength, format, facility,
                    level, minLevel, location));
        }
        AddressParser.Inet inet = (AddressParser.Inet) parsed;
        String host = inet.host();
        if (inet.hostName()) {
            host = resolve(host, family);
            if (host == null) {
                return failed("invalid address: '" + inet.host() + "' in '" + written + "'");
            }
        }
        if (host.isEmpty()) {
            // HAProxy 2.6 takes a target without host ('log :514', '${UNSET}:...') as 0.0.0.0: this host
            host = "0.0.0.0";
        }
        // HAProxy's parse_logsrv(): no port, or port 0, is the syslog port
        int port = inet.portGiven() && inet.portLow() != 0 ? inet.portLow() : LogTarget.DEFAULT_PORT;
        return new Parsed(new LogTarget(LogTarget.Destination.UDP, host, port, maxLength, format, facility,
                level, minLevel, location));
    }

    /**
     * HAProxy's {@code str2ip2(..., resolve=1)}: the first address the system resolver gives for
     * {@code name} (of {@code family}, 4 or 6, when the target asks for one), as an IP literal; null
     * when there is none.
     */
    private static String resolve(String name, int family) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(name);
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
        for (InetAddress address : addresses) {
            if (family == 0 || (family == 4 && address instanceof Inet4Address)
                    || (family == 6 && address instanceof Inet6Address)) {
                return address.getHostAddress();
            }
        }
        return null;
    }

    private static Failed failed(String message) {
        return new Failed("log : " + message);
    }
}
