package dev.bascule.core.log;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.sample.Sample;
import dev.bascule.core.format.FormatText;
import dev.bascule.core.format.Part;

import java.util.HashMap;
import java.util.Map;

import static dev.bascule.api.config.LogFormat.ESCAPE;
import static dev.bascule.api.config.LogFormat.QUOTE;

/**
 * HAProxy's log-format variables ({@code logformat_keywords} in log.c) as a log line writes them
 * from a finished stream, with the field writers of the built-in lines: each with its options
 * ({@code Q} quotes text but no number, {@code X} writes numbers and addresses in hexadecimal,
 * {@code E} escapes, {@code M} writes {@code -} for nothing). Chosen by name once, when the format
 * is compiled.
 */
enum LogVariable implements Part<LogLine> {
    CLIENT_IP("ci"), CLIENT_PORT("cp"), FRONTEND_IP("fi"), FRONTEND_PORT("fp"), BACKEND_IP("bi"), BACKEND_PORT("bp"),
    SERVER_IP("si"), SERVER_PORT("sp"), FRONTEND("f"), FRONTEND_TRANSPORT("ft"), BACKEND("b"), SERVER("s"),
    BYTES("B"), BYTES_UP("U"), STATUS("ST"), TIME_REQUEST("TR"), TIME_WAIT("Tw"), TIME_CONNECT("Tc"),
    TIME_RESPONSE("Tr"),
    /** {@code %Tu} is Tt - Ti: Bascule's handshake time (Th) is 0, so it is Ta. */
    TIME_ACTIVE("Ta", "Tu"), TIME_TOTAL("Tt"), TIME_HEAD("Tq"), TIME_HANDSHAKE("Th"), TIME_IDLE("Ti"), TIME_DATA("Td"),
    DATE("t"), REQUEST_DATE("tr"), DATE_GMT("T"), REQUEST_DATE_GMT("trg"), DATE_LOCAL("Tl"), REQUEST_DATE_LOCAL("trl"),
    SECONDS("Ts"), MILLIS("ms"), TERMINATION("ts"), TERMINATION_COOKIES("tsc"), ACTIVE_CONNECTIONS("ac"),
    FRONTEND_CONNECTIONS("fc"), BACKEND_CONNECTIONS("bc"), SERVER_CONNECTIONS("sc"), RETRIES("rc"),
    SERVER_QUEUE("sq"), BACKEND_QUEUE("bq"),
    STREAM("rt"), LOG_COUNT("lc"), REQUEST_LINE("r"), METHOD("HM"), URI("HU"), PATH("HP"), PATH_ONLY("HPO"),
    QUERY("HQ"), VERSION("HV"), HOST("H"), TLS_CIPHER("sslc"), TLS_VERSION("sslv"), PID("pid"), UNIQUE_ID("ID"),
    REQUEST_CAPTURES("hr"), RESPONSE_CAPTURES("hs"), REQUEST_CAPTURE_LIST("hrl"), RESPONSE_CAPTURE_LIST("hsl"),
    /** The persistence cookies Bascule does not capture ({@code capture cookie} is refused when loading). */
    COOKIE("CC", "CS");

    private static final Map<String, LogVariable> BY_NAME = new HashMap<>();

    static {
        for (LogVariable variable : values()) {
            for (String name : variable.names) {
                BY_NAME.put(name, variable);
            }
        }
    }

    private final String[] names;

    LogVariable(String... names) {
        this.names = names;
    }

    static LogVariable of(String name) throws InvalidArgumentException {
        LogVariable variable = BY_NAME.get(name);
        if (variable == null) {
            throw new InvalidArgumentException("log-format variable %" + name + " passed the loader");
        }
        return variable;
    }

    @Override
    public boolean write(LogLine line, int flags, Sample sample, StringBuilder out) {
        StreamLog log = line.log;
        FrontendLog frontend = line.frontend;
        LogFormatter formatter = line.formatter;
        switch (this) {
            case CLIENT_IP -> FormatText.address(log.client, log.clientAddress, flags, out);
            case CLIENT_PORT -> FormatText.port(log.client, flags, out);
            case FRONTEND_IP -> FormatText.address(log.local, log.localAddress, flags, out);
            case FRONTEND_PORT -> FormatText.port(log.local, flags, out);
            case BACKEND_IP -> FormatText.address(log.serverSource, null, flags, out);
            case BACKEND_PORT -> FormatText.port(log.serverSource, flags, out);
            case SERVER_IP -> FormatText.address(log.serverDestination, null, flags, out);
            case SERVER_PORT -> FormatText.port(log.serverDestination, flags, out);
            case FRONTEND -> FormatText.text(frontend.name(), flags, out);
            case FRONTEND_TRANSPORT -> {
                FormatText.quote(flags, out);
                LogFormatter.frontendName(log, frontend, out);
                FormatText.quote(flags, out);
            }
            case BACKEND -> FormatText.text(log.backend != null ? log.backend : frontend.name(), flags, out);
            case SERVER -> FormatText.text(log.server != null ? log.server : "<NOSRV>", flags, out);
            case BYTES -> LogFormatter.bytesOut(log, frontend, out);
            case BYTES_UP -> out.append(log.bytesIn);
            case STATUS -> out.append(log.status);
            case TIME_REQUEST -> LogFormatter.requestTime(log, out);
            case TIME_WAIT -> LogFormatter.waitTime(log, out);
            case TIME_CONNECT -> LogFormatter.millis(log.connectStartNanos, log.connectedNanos, out);
            case TIME_RESPONSE -> LogFormatter.millis(log.connectedNanos, log.responseNanos, out);
            case TIME_ACTIVE -> {
                LogFormatter.early(frontend, out);
                LogFormatter.millis(log.startNanos, log.endNanos, out);
            }
            case TIME_TOTAL -> {
                LogFormatter.early(frontend, out);
                LogFormatter.millis(log.acceptNanos, log.endNanos, out);
            }
            case TIME_HEAD -> LogFormatter.millis(log.startNanos, log.headNanos, out);
            case TIME_HANDSHAKE -> out.append(0);
            case TIME_IDLE -> LogFormatter.millis(log.acceptNanos, log.startNanos, out);
            case TIME_DATA -> LogFormatter.millis(log.responseNanos, log.endNanos, out);
            case DATE -> formatter.localDate(log.acceptEpochMillis, out);
            case REQUEST_DATE -> formatter.localDate(log.startEpochMillis, out);
            case DATE_GMT -> formatter.gmtDate(log.acceptEpochMillis, out);
            case REQUEST_DATE_GMT -> formatter.gmtDate(log.startEpochMillis, out);
            case DATE_LOCAL -> formatter.localDateWithOffset(log.acceptEpochMillis, out);
            case REQUEST_DATE_LOCAL -> formatter.localDateWithOffset(log.startEpochMillis, out);
            case SECONDS -> FormatText.number(Math.floorDiv(log.acceptEpochMillis, 1000L), flags, 4, out);
            case MILLIS -> {
                int millis = (int) Math.floorMod(log.acceptEpochMillis, 1000L);
                if ((flags & LogFormat.HEX) != 0) {
                    FormatText.hex(millis, 2, out);
                } else {
                    FormatText.pad3(millis, out);
                }
            }
            case TERMINATION -> out.append(log.terminationCause).append(log.sessionState);
            case TERMINATION_COOKIES -> LogFormatter.termination(log, true, out);
            case ACTIVE_CONNECTIONS -> out.append(frontend.activeConnections());
            case FRONTEND_CONNECTIONS -> out.append(frontend.connections());
            case BACKEND_CONNECTIONS -> out.append(log.backendConnections);
            case SERVER_CONNECTIONS -> out.append(log.serverConnections);
            case RETRIES -> {
                if (log.redispatched) {
                    out.append('+');
                }
                out.append(log.retries);
            }
            case SERVER_QUEUE -> out.append(log.serverQueuePosition);
            case BACKEND_QUEUE -> out.append(log.backendQueuePosition);
            case STREAM -> FormatText.number(log.streamId(), flags, 4, out);
            case LOG_COUNT -> FormatText.number(log.logCount, flags, 4, out);
            case REQUEST_LINE -> {
                FormatText.quote(flags, out);
                LogFormatter.requestLine(log, (flags & ESCAPE) != 0, out);
                FormatText.quote(flags, out);
            }
            case METHOD, URI, PATH, PATH_ONLY, QUERY, VERSION -> {
                FormatText.quote(flags, out);
                requestPart(log, (flags & ESCAPE) != 0, out);
                FormatText.quote(flags, out);
            }
            case HOST -> FormatText.text(FormatText.HOST_NAME, flags, out);
            case TLS_CIPHER -> FormatText.text(log.tlsCipher, flags, out);
            case TLS_VERSION -> FormatText.text(log.tlsProtocol, flags, out);
            case PID -> FormatText.number(FormatText.PID, flags, 4, out);
            case UNIQUE_ID -> FormatText.text(log.uniqueId, flags, out);
            case REQUEST_CAPTURES, RESPONSE_CAPTURES -> {
                boolean request = this == REQUEST_CAPTURES;
                int count = request ? frontend.requestCaptures().length : frontend.responseCaptures().length;
                if (count == 0 || log.streamless) {
                    return false;
                }
                FormatText.quote(flags, out);
                LogFormatter.captures(request ? log.requestCaptures : log.responseCaptures, count,
                        (flags & ESCAPE) != 0, out);
                FormatText.quote(flags, out);
            }
            case REQUEST_CAPTURE_LIST, RESPONSE_CAPTURE_LIST -> {
                boolean request = this == REQUEST_CAPTURE_LIST;
                int count = request ? frontend.requestCaptures().length : frontend.responseCaptures().length;
                if (count == 0 || log.streamless) {
                    return false;
                }
                captureList(request ? log.requestCaptures : log.responseCaptures, count, flags, out);
            }
            case COOKIE -> FormatText.text(null, flags, out);
        }
        return true;
    }

    /** {@code %hrl %hsl}: each capture on its own, separated by spaces. */
    private static void captureList(@Nullable String[] values, int count, int flags, StringBuilder out) {
        for (int index = 0; index < count; index++) {
            if (index > 0) {
                out.append(' ');
            }
            FormatText.quote(flags, out);
            String value = values == null ? null : values[index];
            if (value != null) {
                LogFormatter.encodeHeader(value, (flags & ESCAPE) != 0, out);
            } else if ((flags & QUOTE) == 0) {
                out.append('-');
            }
            FormatText.quote(flags, out);
        }
    }

    /**
     * {@code %HM %HU %HP %HPO %HQ %HV}: a part of the request line, with the {@code %r} encoding;
     * {@code <BADREQ>} when there is no request line (not for {@code %HQ}, as HAProxy).
     */
    private void requestPart(StreamLog log, boolean escape, StringBuilder out) {
        if (!log.hasRequest() || log.badRequest) {
            out.append("<BADREQ>");
            return;
        }
        StringBuilder line = log.requestLine;
        int target = log.methodEnd + 1;
        int query = queryStart(log);
        switch (this) {
            case METHOD -> LogFormatter.encodeUri(line, 0, log.methodEnd, escape, out);
            case URI -> LogFormatter.encodeUri(line, target, log.uriEnd, escape, out);
            case PATH -> LogFormatter.encodeUri(line, target, query, escape, out);
            case PATH_ONLY -> LogFormatter.encodeUri(line, pathStart(log, target, query), query, escape, out);
            case QUERY -> LogFormatter.encodeUri(line, query, log.uriEnd, escape, out);
            case VERSION -> {
                if (log.uriEnd + 1 >= line.length()) {
                    out.append("HTTP/0.9");
                } else {
                    LogFormatter.encodeUri(line, log.uriEnd + 1, line.length(), escape, out);
                }
            }
            default -> throw new IllegalStateException(name() + " is not a part of the request line");
        }
    }

    /** Where the query ('?') starts in the target, or the target's end. */
    private static int queryStart(StreamLog log) {
        for (int i = log.methodEnd + 1; i < log.uriEnd; i++) {
            if (log.requestLine.charAt(i) == '?') {
                return i;
            }
        }
        return log.uriEnd;
    }

    /** The path of an absolute-form target: after "scheme://authority". */
    private static int pathStart(StreamLog log, int start, int end) {
        StringBuilder line = log.requestLine;
        if (start < end && line.charAt(start) == '/') {
            return start;
        }
        for (int i = start; i + 2 < end; i++) {
            if (line.charAt(i) == ':' && line.charAt(i + 1) == '/' && line.charAt(i + 2) == '/') {
                for (int j = i + 3; j < end; j++) {
                    if (line.charAt(j) == '/') {
                        return j;
                    }
                }
                return end;
            }
        }
        return start;
    }
}
