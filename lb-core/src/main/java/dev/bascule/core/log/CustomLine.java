package dev.bascule.core.log;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleType;
import dev.bascule.api.sample.TrafficView;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static dev.bascule.api.config.LogFormat.ESCAPE;
import static dev.bascule.api.config.LogFormat.HEX;
import static dev.bascule.api.config.LogFormat.MANDATORY;
import static dev.bascule.api.config.LogFormat.QUOTE;

/**
 * A {@code log-format} line: literal text and HAProxy's log-format variables, written from a
 * finished {@link StreamLog} with the same field writers as the built-in formats, as HAProxy's
 * {@code build_logline()} writes them: each part with its options ({@code Q} quotes text but no
 * number, {@code X} writes numbers and addresses in hexadecimal, {@code E} escapes, {@code M},
 * on by default here, writes {@code -} for nothing) and each run of spaces as one separator,
 * dropped at the start of the line and after another one.
 */
final class CustomLine {
    private static final String HOST_NAME = hostName();
    private static final long PID = ProcessHandle.current().pid();
    private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

    /** A part that is a space of the format: HAProxy's {@code LOG_FMT_SEPARATOR}. */
    private static final Object SEPARATOR = new Object();

    /** Literal text (String), {@link #SEPARATOR}, a variable's name (as a {@link Variable}) or null for an expression. */
    private final Object[] parts;
    private final int[] flags;

    /** The compiled fetch of each {@code %[...]} part (null elsewhere). */
    private final @Nullable SampleFetch[] expressions;

    /** A variable's name, so that it is told apart from literal text. */
    private record Variable(String name) {
    }

    CustomLine(LogFormat format, Function<LogFormat.Expression, SampleFetch> compiler) {
        List<Object> parts = new ArrayList<>();
        List<Integer> flags = new ArrayList<>();
        List<SampleFetch> expressions = new ArrayList<>();
        for (LogFormat.Node node : format.nodes()) {
            if (node instanceof LogFormat.Literal text) {
                // HAProxy's LOG_OPT_MERGE_SPACES: every space is a separator of its own
                String literal = text.text();
                int start = 0;
                for (int i = 0; i <= literal.length(); i++) {
                    if (i == literal.length() || literal.charAt(i) == ' ') {
                        if (i > start) {
                            parts.add(literal.substring(start, i));
                            flags.add(0);
                            expressions.add(null);
                        }
                        if (i < literal.length()) {
                            parts.add(SEPARATOR);
                            flags.add(0);
                            expressions.add(null);
                        }
                        start = i + 1;
                    }
                }
            } else if (node instanceof LogFormat.Variable variable) {
                parts.add(new Variable(variable.name()));
                flags.add(LogFormat.flags(variable.options(), MANDATORY));
                expressions.add(null);
            } else {
                LogFormat.Expression expression = (LogFormat.Expression) node;
                parts.add(null);
                flags.add(LogFormat.flags(expression.options(), MANDATORY));
                expressions.add(compiler.apply(expression));
            }
        }
        this.parts = parts.toArray();
        this.flags = flags.stream().mapToInt(Integer::intValue).toArray();
        this.expressions = expressions.toArray(new SampleFetch[0]);
    }

    /** True when the line has {@code %[...]} parts: they need the stream's traffic when it ends. */
    boolean hasExpressions() {
        for (SampleFetch expression : expressions) {
            if (expression != null) {
                return true;
            }
        }
        return false;
    }

    void render(LogFormatter formatter, StreamLog log, FrontendLog frontend, StringBuilder out, Sample sample) {
        boolean afterSpace = true;
        for (int i = 0; i < parts.length; i++) {
            Object part = parts[i];
            if (part == SEPARATOR) {
                if (!afterSpace) {
                    out.append(' ');
                    afterSpace = true;
                }
            } else if (part instanceof String text) {
                out.append(text);
                afterSpace = false;
            } else if (part == null) {
                expression(expressions[i], log, sample, flags[i], out);
                afterSpace = false;
            } else if (variable(((Variable) part).name(), flags[i], formatter, log, frontend, out)) {
                afterSpace = false;
            }
        }
    }

    /** A {@code %[...]} part: its sample as text, written as HAProxy's {@code lf_text_len()} does. */
    private static void expression(SampleFetch fetch, StreamLog log, Sample sample, int flags, StringBuilder out) {
        TrafficView traffic = log.traffic();
        sample.reset(false);
        if (traffic != null && fetch.fetch(traffic, sample) && sample.castTo(SampleType.STRING)) {
            text(sample.text(), sample.start(), sample.end(), flags, out);
        } else {
            text(null, 0, 0, flags, out);
        }
    }

    /**
     * Writes one variable; false when it wrote nothing and leaves a following space out
     * ({@code %hr} and its kin when the frontend captures nothing), as HAProxy's {@code last_isspace}.
     */
    private static boolean variable(String name, int flags, LogFormatter formatter, StreamLog log,
                                    FrontendLog frontend, StringBuilder out) {
        boolean hex = (flags & HEX) != 0;
        switch (name) {
            case "ci" -> address(log.client, log.clientAddress, flags, out);
            case "cp" -> socketPort(log.client, flags, out);
            case "fi" -> address(log.local, log.localAddress, flags, out);
            case "fp" -> socketPort(log.local, flags, out);
            case "bi" -> socketAddress(log.serverSource, flags, out);
            case "bp" -> socketPort(log.serverSource, flags, out);
            case "si" -> socketAddress(log.serverDestination, flags, out);
            case "sp" -> socketPort(log.serverDestination, flags, out);
            case "f" -> text(frontend.name(), flags, out);
            case "ft" -> {
                quote(flags, out);
                LogFormatter.frontendName(log, frontend, out);
                quote(flags, out);
            }
            case "b" -> text(log.backend != null ? log.backend : frontend.name(), flags, out);
            case "s" -> text(log.server != null ? log.server : "<NOSRV>", flags, out);
            case "B" -> LogFormatter.bytesOut(log, frontend, out);
            case "U" -> out.append(log.bytesIn);
            case "ST" -> out.append(log.status);
            case "TR" -> {
                if (log.headNanos != 0) {
                    LogFormatter.millis(log.startNanos, log.headNanos, out);
                } else {
                    out.append(-1);
                }
            }
            case "Tw" -> LogFormatter.millis(log.headNanos, log.connectStartNanos, out);
            case "Tc" -> LogFormatter.millis(log.connectStartNanos, log.connectedNanos, out);
            case "Tr" -> LogFormatter.millis(log.connectedNanos, log.responseNanos, out);
            case "Ta", "Tu" -> {
                // Tu is Tt - Ti: Bascule's handshake time (Th) is 0, so it is Ta
                LogFormatter.early(frontend, out);
                LogFormatter.millis(log.startNanos, log.endNanos, out);
            }
            case "Tt" -> {
                LogFormatter.early(frontend, out);
                LogFormatter.millis(log.acceptNanos, log.endNanos, out);
            }
            case "Tq" -> LogFormatter.millis(log.startNanos, log.headNanos, out);
            case "Th" -> out.append(0);
            case "Ti" -> LogFormatter.millis(log.acceptNanos, log.startNanos, out);
            case "Td" -> LogFormatter.millis(log.responseNanos, log.endNanos, out);
            case "t" -> formatter.localDate(log.acceptEpochMillis, out);
            case "tr" -> formatter.localDate(log.startEpochMillis, out);
            case "T" -> formatter.gmtDate(log.acceptEpochMillis, out);
            case "trg" -> formatter.gmtDate(log.startEpochMillis, out);
            case "Tl" -> formatter.localDateWithOffset(log.acceptEpochMillis, out);
            case "trl" -> formatter.localDateWithOffset(log.startEpochMillis, out);
            case "Ts" -> number(Math.floorDiv(log.acceptEpochMillis, 1000L), hex, 4, out);
            case "ms" -> {
                int millis = (int) Math.floorMod(log.acceptEpochMillis, 1000L);
                if (hex) {
                    hex(millis, 2, out);
                } else {
                    LogFormatter.pad3(millis, out);
                }
            }
            case "ts" -> out.append(log.terminationCause).append(log.sessionState);
            case "tsc" -> LogFormatter.termination(log, true, out);
            case "ac" -> out.append(frontend.activeConnections());
            case "fc" -> out.append(frontend.connections());
            case "bc" -> out.append(log.backendConnections);
            case "sc" -> out.append(log.serverConnections);
            case "rc" -> out.append(log.redispatched ? "+" : "").append(log.retries);
            // Bascule never queues a stream: a server's maxconn and maxqueue are refused when loading
            case "sq", "bq" -> out.append(0);
            case "rt" -> number(log.streamId(), hex, 4, out);
            case "lc" -> number(log.logCount, hex, 4, out);
            case "r" -> {
                quote(flags, out);
                LogFormatter.requestLine(log, (flags & ESCAPE) != 0, out);
                quote(flags, out);
            }
            case "HM", "HU", "HP", "HPO", "HQ", "HV" -> {
                quote(flags, out);
                requestPart(name, log, (flags & ESCAPE) != 0, out);
                quote(flags, out);
            }
            case "H" -> text(HOST_NAME, flags, out);
            case "sslc" -> text(log.tlsCipher, flags, out);
            case "sslv" -> text(log.tlsProtocol, flags, out);
            case "pid" -> number(PID, hex, 4, out);
            case "ID" -> text(log.uniqueId, flags, out);
            case "hr", "hs" -> {
                int count = name.equals("hr") ? frontend.requestCaptures().length : frontend.responseCaptures().length;
                if (count == 0 || log.streamless) {
                    return false;
                }
                quote(flags, out);
                LogFormatter.captures(name.equals("hr") ? log.requestCaptures : log.responseCaptures, count,
                        (flags & ESCAPE) != 0, out);
                quote(flags, out);
            }
            case "hrl", "hsl" -> {
                int count = name.equals("hrl") ? frontend.requestCaptures().length : frontend.responseCaptures().length;
                if (count == 0 || log.streamless) {
                    return false;
                }
                @Nullable String[] values = name.equals("hrl") ? log.requestCaptures : log.responseCaptures;
                for (int index = 0; index < count; index++) {
                    if (index > 0) {
                        out.append(' ');
                    }
                    quote(flags, out);
                    String value = values == null ? null : values[index];
                    if (value != null) {
                        LogFormatter.encodeHeader(value, (flags & ESCAPE) != 0, out);
                    } else if ((flags & QUOTE) == 0) {
                        out.append('-');
                    }
                    quote(flags, out);
                }
            }
            // the persistence cookies Bascule does not capture (capture cookie is refused when loading)
            case "CC", "CS" -> text(null, flags, out);
            default -> throw new IllegalStateException("log-format variable %" + name + " passed the loader");
        }
        return true;
    }

    private static void quote(int flags, StringBuilder out) {
        if ((flags & QUOTE) != 0) {
            out.append('"');
        }
    }

    /** HAProxy's {@code lf_text_len()}: quoted with Q, escaped with E, {@code -} for nothing with M (not with Q). */
    static void text(@Nullable CharSequence value, int flags, StringBuilder out) {
        text(value, 0, value == null ? 0 : value.length(), flags, out);
    }

    private static void text(@Nullable CharSequence value, int start, int end, int flags, StringBuilder out) {
        boolean quoted = (flags & QUOTE) != 0;
        if (quoted) {
            out.append('"');
        }
        if (value != null && end > start) {
            if ((flags & ESCAPE) != 0) {
                for (int i = start; i < end; i++) {
                    char c = value.charAt(i);
                    if (c == '"' || c == '\\' || c == ']') {
                        out.append('\\');
                    }
                    out.append(c);
                }
            } else {
                out.append(value, start, end);
            }
        } else if (!quoted && (flags & MANDATORY) != 0) {
            out.append('-');
        }
        if (quoted) {
            out.append('"');
        }
    }

    /** HAProxy's {@code lf_ip()}: the address as text, or its bytes in hexadecimal with X; nothing known is text. */
    private static void address(@Nullable InetSocketAddress address, String text, int flags, StringBuilder out) {
        if (address == null || address.getAddress() == null || (flags & HEX) != 0) {
            socketAddress(address, flags, out);
        } else {
            // the connection's text, made once for all its streams
            text(text, flags, out);
        }
    }

    private static void socketAddress(@Nullable InetSocketAddress address, int flags, StringBuilder out) {
        if (address == null || address.getAddress() == null) {
            text(null, flags, out);
        } else if ((flags & HEX) != 0) {
            for (byte b : address.getAddress().getAddress()) {
                hex(b & 0xFF, 2, out);
            }
        } else {
            text(address.getAddress().getHostAddress(), flags, out);
        }
    }

    private static void socketPort(@Nullable InetSocketAddress address, int flags, StringBuilder out) {
        port(address == null ? -1 : address.getPort(), flags, out);
    }

    /** HAProxy's {@code lf_port()}: a number, or four hexadecimal digits with X; nothing known is text. */
    private static void port(int port, int flags, StringBuilder out) {
        if (port < 0) {
            text(null, flags, out);
        } else if ((flags & HEX) != 0) {
            hex(port, 4, out);
        } else {
            out.append(port);
        }
    }

    /** A number, or with X at least {@code digits} upper-case hexadecimal digits ({@code %04X}). */
    private static void number(long value, boolean hex, int digits, StringBuilder out) {
        if (hex) {
            hex(value & 0xFFFFFFFFL, digits, out);
        } else {
            out.append(value);
        }
    }

    private static void hex(long value, int digits, StringBuilder out) {
        int length = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 3) / 4);
        for (int i = length; i < digits; i++) {
            out.append('0');
        }
        for (int shift = (length - 1) * 4; shift >= 0; shift -= 4) {
            out.append(HEX_DIGITS[(int) (value >>> shift) & 15]);
        }
    }

    /**
     * {@code %HM %HU %HP %HPO %HQ %HV}: a part of the request line, with the {@code %r} encoding;
     * {@code <BADREQ>} when there is no request line (not for {@code %HQ}, as HAProxy).
     */
    private static void requestPart(String name, StreamLog log, boolean escape, StringBuilder out) {
        if (!log.hasRequest() || log.badRequest) {
            out.append("<BADREQ>");
            return;
        }
        StringBuilder line = log.requestLine;
        int target = log.methodEnd + 1;
        int query = queryStart(log);
        switch (name) {
            case "HM" -> LogFormatter.encodeUri(line, 0, log.methodEnd, escape, out);
            case "HU" -> LogFormatter.encodeUri(line, target, log.uriEnd, escape, out);
            case "HP" -> LogFormatter.encodeUri(line, target, query, escape, out);
            case "HPO" -> LogFormatter.encodeUri(line, pathStart(log, target, query), query, escape, out);
            case "HQ" -> LogFormatter.encodeUri(line, query, log.uriEnd, escape, out);
            default -> {
                if (log.uriEnd + 1 >= line.length()) {
                    out.append("HTTP/0.9");
                } else {
                    LogFormatter.encodeUri(line, log.uriEnd + 1, line.length(), escape, out);
                }
            }
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

    private static String hostName() {
        try {
            String name = java.net.InetAddress.getLocalHost().getHostName();
            int dot = name.indexOf('.');
            return dot > 0 ? name.substring(0, dot) : name;
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
