package dev.bascule.core.log;

import dev.bascule.api.Nullable;
import dev.bascule.core.format.Format;
import dev.bascule.core.format.FormatText;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Writes HAProxy 2.6's log lines into a reusable {@link StringBuilder}. One instance per thread:
 * it caches the text of the current second, so a line costs no allocation.
 *
 * <pre>
 * option httplog      %ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r
 * option httplog clf  %{+Q}o %{-Q}ci - - [%trg] %r %ST %B "" "" %cp %ms %ft %b %s %TR %Tw %Tc %Tr %Ta %tsc %ac %fc %bc %sc %rc %sq %bq %CC %CS %hrl %hsl
 * option tcplog       %ci:%cp [%t] %ft %b/%s %Tw/%Tc/%Tt %B %ts %ac/%fc/%bc/%sc/%rc %sq/%bq
 * no option           Connect from %ci:%cp to %fi:%fp (%f/HTTP|TCP)
 * </pre>
 *
 * The built-in lines are written field by field here rather than compiled from the strings
 * above (HAProxy's {@code default_http_log_format}...): they differ from the variables in a few
 * corners HAProxy's own lines keep ({@code %Tw} counts from the accept in {@code tcplog}, an
 * address without IP prints as text), and a direct writer costs no dispatch per part. A
 * {@code log-format} line goes through the {@link dev.bascule.core.format.Format} engine with
 * the same field writers ({@link LogVariable}).
 */
public final class LogFormatter {
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** HAProxy's {@code tune.http.logurilen} (1024) minus its terminating NUL. */
    static final int MAX_REQUEST_LINE = 1023;

    private final ZoneId zone;
    private final DateCache local = new DateCache();
    private final DateCache gmt = new DateCache();
    private final DateCache localOffset = new DateCache();
    private final DateCache syslog = new DateCache();
    private final DateCache iso = new DateCache();
    /** The message {@code log-format} lines are written from, pointed at each line's stream in turn. */
    private final LogLine custom = new LogLine(this);

    public LogFormatter(ZoneId zone) {
        this.zone = zone;
    }

    public LogFormatter() {
        this(ZoneId.systemDefault());
    }

    /** The text of one second, recomputed when the second changes. */
    private static final class DateCache {
        long second = Long.MIN_VALUE;
        final StringBuilder text = new StringBuilder(32);
        /** The zone's offset of that second, where the format puts it after a fraction. */
        final StringBuilder offset = new StringBuilder(8);
    }

    // ------------------------------------------------------------------ lines

    /** {@code option httplog}. */
    public void http(StreamLog log, FrontendLog frontend, StringBuilder out) {
        out.append(log.clientAddress).append(':').append(log.clientPort).append(" [");
        localDate(log.startEpochMillis, out);
        out.append("] ");
        frontendName(log, frontend, out);
        out.append(' ');
        backendAndServer(log, frontend, out);
        out.append(' ');
        httpTimers(log, frontend, '/', out);
        out.append(' ').append(log.status).append(' ');
        bytesOut(log, frontend, out);
        out.append(" - - ");
        termination(log, true, out);
        out.append(' ');
        counters(log, frontend, '/', out);
        out.append(' ').append(log.serverQueuePosition).append('/').append(log.backendQueuePosition).append(' ');
        // a connection without a stream has no captures (HAProxy's sess_log())
        if (!log.streamless && captures(log.requestCaptures, frontend.requestCaptures().length, out)) {
            out.append(' ');
        }
        if (!log.streamless && captures(log.responseCaptures, frontend.responseCaptures().length, out)) {
            out.append(' ');
        }
        out.append('"');
        requestLine(log, out);
        out.append('"');
    }

    /** {@code log-format}: the frontend's compiled format, written for {@code log}. */
    void custom(Format<LogLine> format, StreamLog log, FrontendLog frontend,
                StringBuilder out) {
        custom.render(format, log, frontend, out);
    }

    /**
     * {@code %hr} / {@code %hs}: {@code {v1|v2}} with HAProxy's header encoding ({@code #XX} for
     * control and non-ASCII bytes and {@code "#{|}}); nothing when the frontend captures nothing.
     */
    static boolean captures(@Nullable String[] values, int count, StringBuilder out) {
        return captures(values, count, false, out);
    }

    /** As {@link #captures(String[], int, StringBuilder)}; with {@code escape} (option E), {@code \\ ]} get a backslash. */
    static boolean captures(@Nullable String[] values, int count, boolean escape, StringBuilder out) {
        if (count == 0) {
            return false;
        }
        out.append('{');
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append('|');
            }
            String value = values == null ? null : values[i];
            if (value != null) {
                encodeHeader(value, escape, out);
            }
        }
        out.append('}');
        return true;
    }

    /** HAProxy's {@code hdr_encode_map}: {@code #XX} for control and non-ASCII bytes and {@code "#{|}}. */
    static void encodeHeader(CharSequence value, boolean escape, StringBuilder out) {
        for (int j = 0; j < value.length(); j++) {
            char c = value.charAt(j);
            if (c < 32 || c >= 127 || c == '"' || c == '#' || c == '{' || c == '|' || c == '}') {
                int code = c & 0xFF;
                out.append('#').append(HEX[code >> 4]).append(HEX[code & 15]);
            } else {
                if (escape && (c == '\\' || c == ']')) {
                    out.append('\\');
                }
                out.append(c);
            }
        }
    }

    /** HAProxy's {@code url_encode_map}: {@code #XX} for control and non-ASCII bytes, {@code "} and {@code #}. */
    static void encodeUri(CharSequence line, int start, int end, boolean escape, StringBuilder out) {
        for (int index = start; index < end; index++) {
            char c = line.charAt(index);
            if (c < 32 || c >= 127 || c == '"' || c == '#') {
                int value = c & 0xFF;
                out.append('#').append(HEX[value >> 4]).append(HEX[value & 15]);
            } else {
                if (escape && (c == '\\' || c == ']')) {
                    out.append('\\');
                }
                out.append(c);
            }
        }
    }

    /** {@code option httplog clf}. */
    public void httpClf(StreamLog log, FrontendLog frontend, StringBuilder out) {
        out.append(log.clientAddress).append(" - - [");
        gmtDate(log.startEpochMillis, out);
        out.append("] \"");
        requestLine(log, out);
        out.append("\" ").append(log.status).append(' ');
        bytesOut(log, frontend, out);
        out.append(" \"\" \"\" ").append(log.clientPort).append(' ');
        pad3((int) Math.floorMod(log.startEpochMillis, 1000L), out);
        out.append(" \"");
        frontendName(log, frontend, out);
        out.append("\" \"").append(log.backend != null ? log.backend : frontend.name()).append("\" \"")
                .append(log.server != null ? log.server : "<NOSRV>").append("\" ");
        httpTimers(log, frontend, ' ', out);
        out.append(' ');
        termination(log, true, out);
        out.append(' ');
        counters(log, frontend, ' ', out);
        out.append(' ').append(log.serverQueuePosition).append(' ').append(log.backendQueuePosition)
                .append(" \"\" \"\" ");
    }

    /** {@code option tcplog}. */
    public void tcp(StreamLog log, FrontendLog frontend, StringBuilder out) {
        out.append(log.clientAddress).append(':').append(log.clientPort).append(" [");
        localDate(log.acceptEpochMillis, out);
        out.append("] ");
        frontendName(log, frontend, out);
        out.append(' ');
        backendAndServer(log, frontend, out);
        out.append(' ');
        millis(log.acceptNanos, log.connectStartNanos, out);
        out.append('/');
        millis(log.connectStartNanos, log.connectedNanos, out);
        out.append('/');
        early(frontend, out);
        millis(log.acceptNanos, log.endNanos, out);
        out.append(' ');
        bytesOut(log, frontend, out);
        out.append(' ');
        termination(log, false, out);
        out.append(' ');
        counters(log, frontend, '/', out);
        out.append(' ').append(log.serverQueuePosition).append('/').append(log.backendQueuePosition);
    }

    /** The line of a frontend without log option, at accept. */
    public void connect(StreamLog log, FrontendLog frontend, StringBuilder out) {
        out.append("Connect from ").append(log.clientAddress).append(':').append(log.clientPort).append(" to ")
                .append(log.localAddress).append(':').append(log.localPort).append(" (").append(frontend.name())
                .append(frontend.http() ? "/HTTP)" : "/TCP)");
    }

    // ------------------------------------------------------------------ fields

    static void frontendName(StreamLog log, FrontendLog frontend, StringBuilder out) {
        out.append(frontend.name());
        if (log.tls) {
            out.append('~');
        }
    }

    static void backendAndServer(StreamLog log, FrontendLog frontend, StringBuilder out) {
        out.append(log.backend != null ? log.backend : frontend.name()).append('/')
                .append(log.server != null ? log.server : "<NOSRV>");
    }

    /** {@code %TR %Tw %Tc %Tr %Ta}. */
    /** {@code %B}, marked {@code +} with {@code option logasap}. */
    static void bytesOut(StreamLog log, FrontendLog frontend, StringBuilder out) {
        early(frontend, out);
        out.append(log.bytesOut);
    }

    /** HAProxy's {@code +} before the durations and sizes of a frontend with {@code option logasap}. */
    static void early(FrontendLog frontend, StringBuilder out) {
        if (frontend.logAsap()) {
            out.append('+');
        }
    }

    static void httpTimers(StreamLog log, FrontendLog frontend, char separator, StringBuilder out) {
        requestTime(log, out);
        out.append(separator);
        waitTime(log, out);
        out.append(separator);
        millis(log.connectStartNanos, log.connectedNanos, out);
        out.append(separator);
        millis(log.connectedNanos, log.responseNanos, out);
        out.append(separator);
        early(frontend, out);
        millis(log.startNanos, log.endNanos, out);
    }

    /** {@code %TR}: the time to the request head; -1 without one, or after a tarpit (HAProxy has no {@code t_request} then). */
    static void requestTime(StreamLog log, StringBuilder out) {
        if (log.headNanos != 0 && log.tarpitEndNanos == 0) {
            millis(log.startNanos, log.headNanos, out);
        } else {
            out.append(-1);
        }
    }

    /**
     * {@code %Tw}: the time in queues; after a tarpit, HAProxy's {@code t_queue - t_request} with
     * {@code t_queue} the time since the stream started and {@code t_request} -1.
     */
    static void waitTime(StreamLog log, StringBuilder out) {
        if (log.tarpitEndNanos != 0) {
            out.append(Math.max(0L, (log.tarpitEndNanos - log.startNanos) / 1_000_000L) + 1);
        } else {
            millis(log.headNanos, log.connectStartNanos, out);
        }
    }

    /** Elapsed milliseconds between two marks, -1 when either is missing. */
    static void millis(long from, long to, StringBuilder out) {
        if (from == 0 || to == 0) {
            out.append(-1);
        } else {
            out.append(Math.max(0L, (to - from) / 1_000_000L));
        }
    }

    static void termination(StreamLog log, boolean cookies, StringBuilder out) {
        out.append(log.terminationCause).append(log.sessionState);
        if (cookies) {
            out.append(log.clientCookie).append(log.serverCookie);
        }
    }

    /** {@code %ac %fc %bc %sc %rc}. */
    static void counters(StreamLog log, FrontendLog frontend, char separator, StringBuilder out) {
        out.append(frontend.activeConnections()).append(separator).append(frontend.connections()).append(separator)
                .append(log.backendConnections).append(separator).append(log.serverConnections).append(separator);
        if (log.redispatched) {
            out.append('+');
        }
        out.append(log.retries);
    }

    /** {@code %r}: {@code "#XX"} for control characters, non-ASCII bytes, {@code "} and {@code #}. */
    static void requestLine(StreamLog log, StringBuilder out) {
        requestLine(log, false, out);
    }

    /** As {@link #requestLine(StreamLog, StringBuilder)}; with {@code escape} (option E), {@code \\ ]} get a backslash. */
    static void requestLine(StreamLog log, boolean escape, StringBuilder out) {
        if (!log.hasRequest() || log.badRequest) {
            out.append("<BADREQ>");
            return;
        }
        CharSequence line = log.requestLine;
        encodeUri(line, 0, Math.min(line.length(), MAX_REQUEST_LINE), escape, out);
    }

    // ------------------------------------------------------------------ dates

    /** {@code 22/Nov/2026:08:39:28.275}, local time. */
    void localDate(long epochMillis, StringBuilder out) {
        long second = Math.floorDiv(epochMillis, 1000L);
        if (local.second != second) {
            local.second = second;
            local.text.setLength(0);
            ZonedDateTime time = Instant.ofEpochSecond(second).atZone(zone);
            dayMonthYearTime(time, local.text);
        }
        out.append(local.text).append('.');
        pad3((int) Math.floorMod(epochMillis, 1000L), out);
    }

    /** {@code 22/Nov/2026:08:39:28 +0000}, GMT. */
    void gmtDate(long epochMillis, StringBuilder out) {
        long second = Math.floorDiv(epochMillis, 1000L);
        if (gmt.second != second) {
            gmt.second = second;
            gmt.text.setLength(0);
            dayMonthYearTime(Instant.ofEpochSecond(second).atZone(ZoneOffset.UTC), gmt.text);
            gmt.text.append(" +0000");
        }
        out.append(gmt.text);
    }

    /** {@code 22/Nov/2026:08:39:28 +0100}, local time with its offset from GMT ({@code %Tl}, {@code %trl}). */
    void localDateWithOffset(long epochMillis, StringBuilder out) {
        long second = Math.floorDiv(epochMillis, 1000L);
        if (localOffset.second != second) {
            localOffset.second = second;
            localOffset.text.setLength(0);
            ZonedDateTime time = Instant.ofEpochSecond(second).atZone(zone);
            dayMonthYearTime(time, localOffset.text);
            int minutes = time.getOffset().getTotalSeconds() / 60;
            localOffset.text.append(' ').append(minutes < 0 ? '-' : '+');
            pad2(Math.abs(minutes) / 60, localOffset.text);
            pad2(Math.abs(minutes) % 60, localOffset.text);
        }
        out.append(localOffset.text);
    }

    /** RFC 3164's {@code Nov 22 08:39:28} (day padded with a space), local time. */
    void syslogDate(long epochMillis, StringBuilder out) {
        long second = Math.floorDiv(epochMillis, 1000L);
        if (syslog.second != second) {
            syslog.second = second;
            syslog.text.setLength(0);
            ZonedDateTime time = Instant.ofEpochSecond(second).atZone(zone);
            syslog.text.append(MONTHS[time.getMonthValue() - 1]).append(' ');
            if (time.getDayOfMonth() < 10) {
                syslog.text.append(' ');
            }
            syslog.text.append(time.getDayOfMonth()).append(' ');
            pad2(time.getHour(), syslog.text);
            syslog.text.append(':');
            pad2(time.getMinute(), syslog.text);
            syslog.text.append(':');
            pad2(time.getSecond(), syslog.text);
        }
        out.append(syslog.text);
    }

    /**
     * HAProxy's {@code timeofday_as_iso_us()}: {@code 2026-11-22T08:39:28.123456+01:00}, local time
     * with microseconds and the zone's offset.
     */
    void isoDate(long epochMicros, StringBuilder out) {
        long second = Math.floorDiv(epochMicros, 1_000_000L);
        if (iso.second != second) {
            iso.second = second;
            iso.text.setLength(0);
            ZonedDateTime time = Instant.ofEpochSecond(second).atZone(zone);
            iso.text.append(time.getYear()).append('-');
            pad2(time.getMonthValue(), iso.text);
            iso.text.append('-');
            pad2(time.getDayOfMonth(), iso.text);
            iso.text.append('T');
            pad2(time.getHour(), iso.text);
            iso.text.append(':');
            pad2(time.getMinute(), iso.text);
            iso.text.append(':');
            pad2(time.getSecond(), iso.text);
            int offset = time.getOffset().getTotalSeconds();
            iso.offset.setLength(0);
            iso.offset.append(offset < 0 ? '-' : '+');
            offset = Math.abs(offset) / 60;
            pad2(offset / 60, iso.offset);
            iso.offset.append(':');
            pad2(offset % 60, iso.offset);
        }
        out.append(iso.text).append('.');
        int fraction = (int) Math.floorMod(epochMicros, 1_000_000L);
        for (int digit = 100_000; digit > 0; digit /= 10) {
            out.append((char) ('0' + fraction / digit % 10));
        }
        out.append(iso.offset);
    }

    private static void dayMonthYearTime(ZonedDateTime time, StringBuilder out) {
        pad2(time.getDayOfMonth(), out);
        out.append('/').append(MONTHS[time.getMonthValue() - 1]).append('/').append(time.getYear()).append(':');
        pad2(time.getHour(), out);
        out.append(':');
        pad2(time.getMinute(), out);
        out.append(':');
        pad2(time.getSecond(), out);
    }

    private static void pad2(int value, StringBuilder out) {
        if (value < 10) {
            out.append('0');
        }
        out.append(value);
    }

    static void pad3(int value, StringBuilder out) {
        FormatText.pad3(value, out);
    }
}
