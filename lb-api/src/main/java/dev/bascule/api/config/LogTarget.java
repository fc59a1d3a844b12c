package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

/**
 * One {@code log <target> [len <n>] [format <fmt>] <facility> [<level> [<minlevel>]]} line.
 *
 * @param destination where the lines go
 * @param host        the IP literal of a {@link Destination#UDP} target (a host name was resolved when the
 *                    configuration was read, as HAProxy does), the socket path of a {@link Destination#UNIX}
 *                    target, empty otherwise
 * @param port        the UDP port (HAProxy's default: 514), 0 for the other destinations
 * @param maxLength   {@code len}: longer lines are truncated (80-65535, HAProxy's default 1024)
 * @param format      {@code format}
 * @param facility    the syslog facility number, 0 ({@code kern}) to 23 ({@code local7})
 * @param level       the least urgent severity sent, 0 ({@code emerg}) to 7 ({@code debug})
 * @param minLevel    more urgent severities than this are sent at this one
 * @param location    the {@code log} line
 */
public record LogTarget(Destination destination, String host, int port, int maxLength, Format format, int facility,
                        int level, int minLevel, SourceLocation location) {
    /** HAProxy's {@code MAX_SYSLOG_LEN}. */
    public static final int DEFAULT_MAX_LENGTH = 1024;
    /** HAProxy's {@code SYSLOG_PORT}. */
    public static final int DEFAULT_PORT = 514;

    /** Where the lines go. */
    public enum Destination {
        /** A syslog server over UDP. */
        UDP,
        /** The process's standard output. */
        STDOUT,
        /** The process's standard error. */
        STDERR,
        /** A UNIX datagram socket, such as {@code /dev/log}: one datagram per line. */
        UNIX
    }

    /** The framing of one line ({@code format}). */
    public enum Format {
        /**
         * HAProxy's default (no {@code format}): {@code <PRI>Mmm dd hh:mm:ss [host ]tag[pid]: message}, with
         * the host name of {@code log-send-hostname} when there is one ({@code format rfc3164}), without
         * otherwise ({@code format local}).
         */
        RFC3164,
        /** The message alone. */
        RAW,
        /** {@code <severity>message}. */
        SHORT,
        /** {@code format local}: {@code <PRI>Mmm dd hh:mm:ss tag[pid]: message}, never a host name. */
        LOCAL,
        /**
         * {@code format rfc3164} written out: always a host name field, {@code log-send-hostname}'s or
         * {@code localhost}.
         */
        RFC3164_HOSTNAME,
        /** {@code <PRI>1 yyyy-mm-ddThh:mm:ss.uuuuuu+hh:mm host tag pid - - message}. */
        RFC5424,
        /** {@code <PRI>message}. */
        PRIORITY,
        /** {@code <severity>yyyy-mm-ddThh:mm:ss.uuuuuu+hh:mm message}. */
        TIMED,
        /** {@code yyyy-mm-ddThh:mm:ss.uuuuuu+hh:mm message}. */
        ISO
    }

    public LogTarget {
        requireNonNull(destination, "destination");
        requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
        if (maxLength < 80 || maxLength > 65535) {
            throw new IllegalArgumentException("maxLength: " + maxLength + " (expected: 80-65535)");
        }
        requireNonNull(format, "format");
        if (facility < 0 || facility > 23) {
            throw new IllegalArgumentException("facility: " + facility + " (expected: 0-23)");
        }
        if (level < 0 || level > 7 || minLevel < 0 || minLevel > 7) {
            throw new IllegalArgumentException("level: " + level + ", minLevel: " + minLevel + " (expected: 0-7)");
        }
        requireNonNull(location, "location");
    }
}
