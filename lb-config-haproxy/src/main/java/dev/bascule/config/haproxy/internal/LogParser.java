package dev.bascule.config.haproxy.internal;

import static dev.bascule.config.haproxy.internal.KeywordLine.word;

import dev.bascule.api.config.LogTarget;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.loader.CText;

import java.util.List;
import java.util.Map;

/**
 * HAProxy's {@code parse_logsrv()}: one {@code log <target> [len <n>] [format <fmt>] <facility>
 * [<level> [<minlevel>]]} line, with HAProxy's messages. Sampling, rings and UNIX sockets are
 * refused as not implemented.
 */
final class LogParser {
    static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
            "uucp", "cron", "auth2", "ftp", "ntp", "audit", "alert", "cron2", "local0", "local1", "local2", "local3",
            "local4", "local5", "local6", "local7");
    static final List<String> LEVELS = List.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug");
    private static final List<String> FORMATS = List.of("local", "rfc3164", "rfc5424", "priority", "short", "timed",
            "iso", "raw");
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
            switch (name) {
                case "rfc3164" -> format = LogTarget.Format.RFC3164;
                case "raw" -> format = LogTarget.Format.RAW;
                case "short" -> format = LogTarget.Format.SHORT;
                default -> {
                    return failed("'format " + name + "' is not implemented yet by Bascule (rfc3164, short and raw"
                            + " are)");
                }
            }
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
        for (String prefix : DATAGRAM_PREFIXES) {
            if (text.startsWith(prefix)) {
                text = text.substring(prefix.length());
                break;
            }
        }
        if (text.startsWith("tcp@") || text.startsWith("tcp4@") || text.startsWith("tcp6@")
                || text.startsWith("stream+")) {
            return failed("stream log targets (TCP syslog through a ring) are not implemented yet by Bascule");
        }
        AddressParser.Parsed parsed = AddressParser.parse(text, AddressParser.Use.LOG, environment);
        if (parsed instanceof AddressParser.Invalid invalid) {
            return failed(invalid.message());
        }
        if (parsed instanceof AddressParser.Unsupported unsupported) {
            return failed("'" + unsupported.form() + "' log targets are not implemented yet by Bascule");
        }
        if (parsed instanceof AddressParser.FileDescriptor) {
            return failed("'" + written + "': log targets on file descriptors other than 1 and 2 are not implemented"
                    + " yet by Bascule");
        }
        if (parsed instanceof AddressParser.Unix) {
            return failed("'" + written + "': UNIX socket log targets are not implemented yet by Bascule");
        }
        AddressParser.Inet inet = (AddressParser.Inet) parsed;
        if (inet.hostName()) {
            return failed("host names are not implemented yet by Bascule (in '" + written + "'); use an IP address");
        }
        if (inet.host().isEmpty() || inet.host().equals("::")) {
            return failed("'" + written + "': a log target needs an address, not a wildcard");
        }
        int port = inet.portGiven() ? inet.portLow() : LogTarget.DEFAULT_PORT;
        if (port == 0) {
            return failed("'" + written + "': port 0 is not a log target");
        }
        return new Parsed(new LogTarget(LogTarget.Destination.UDP, inet.host(), port, maxLength, format, facility,
                level, minLevel, location));
    }

    private static Failed failed(String message) {
        return new Failed("log : " + message);
    }
}
