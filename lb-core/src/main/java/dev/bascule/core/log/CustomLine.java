package dev.bascule.core.log;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.LogFormat;

import java.util.List;

/**
 * A {@code log-format} line: literal text and HAProxy's log-format variables, written from a
 * finished {@link StreamLog} with the same field writers as the built-in formats.
 */
final class CustomLine {
    private static final String HOST_NAME = hostName();
    private static final String PID = Long.toString(ProcessHandle.current().pid());

    private final Object[] parts;
    private final boolean[] literal;
    private final boolean[] quoted;

    /** The compiled fetch of each {@code %[...]} part (null elsewhere). */
    private final dev.bascule.api.sample.@Nullable SampleFetch[] expressions;

    CustomLine(LogFormat format, java.util.function.Function<LogFormat.Expression, dev.bascule.api.sample.SampleFetch>
            compiler) {
        List<LogFormat.Node> nodes = format.nodes();
        parts = new Object[nodes.size()];
        literal = new boolean[nodes.size()];
        quoted = new boolean[nodes.size()];
        expressions = new dev.bascule.api.sample.SampleFetch[nodes.size()];
        for (int i = 0; i < parts.length; i++) {
            LogFormat.Node node = nodes.get(i);
            if (node instanceof LogFormat.Literal text) {
                parts[i] = text.text();
                literal[i] = true;
            } else if (node instanceof LogFormat.Variable variable) {
                parts[i] = variable.name();
                quoted[i] = variable.quoted();
            } else {
                LogFormat.Expression expression = (LogFormat.Expression) node;
                expressions[i] = compiler.apply(expression);
                quoted[i] = expression.options().contains("+Q");
            }
        }
    }

    /** True when the line has {@code %[...]} parts: they need the stream's traffic when it ends. */
    boolean hasExpressions() {
        for (dev.bascule.api.sample.SampleFetch expression : expressions) {
            if (expression != null) {
                return true;
            }
        }
        return false;
    }

    void render(LogFormatter formatter, StreamLog log, FrontendLog frontend, StringBuilder out,
                dev.bascule.api.sample.Sample sample) {
        for (int i = 0; i < parts.length; i++) {
            if (literal[i]) {
                out.append((String) parts[i]);
                continue;
            }
            if (quoted[i]) {
                out.append('"');
            }
            if (expressions[i] != null) {
                expression(expressions[i], log, sample, quoted[i], out);
            } else {
                variable((String) parts[i], formatter, log, frontend, out);
            }
            if (quoted[i]) {
                out.append('"');
            }
        }
    }

    /**
     * A {@code %[...]} part: its sample as text; when there is none, {@code -}, or nothing between
     * the quotes of a {@code +Q} part (HAProxy's {@code lf_text_len()}).
     */
    private static void expression(dev.bascule.api.sample.SampleFetch fetch, StreamLog log,
                                   dev.bascule.api.sample.Sample sample, boolean quoted, StringBuilder out) {
        dev.bascule.api.sample.TrafficView traffic = log.traffic();
        sample.reset(false);
        if (traffic != null && fetch.fetch(traffic, sample) && sample.castTo(dev.bascule.api.sample.SampleType.STRING)
                && sample.length() > 0) {
            out.append(sample.text(), sample.start(), sample.end());
        } else if (!quoted) {
            out.append('-');
        }
    }

    private static void variable(String name, LogFormatter formatter, StreamLog log, FrontendLog frontend,
                                 StringBuilder out) {
        switch (name) {
            case "ci" -> out.append(log.clientAddress);
            case "cp" -> out.append(log.clientPort);
            case "fi" -> out.append(log.localAddress);
            case "fp" -> out.append(log.localPort);
            case "f" -> out.append(frontend.name());
            case "ft" -> LogFormatter.frontendName(log, frontend, out);
            case "b" -> out.append(log.backend != null ? log.backend : frontend.name());
            case "s" -> out.append(log.server != null ? log.server : "<NOSRV>");
            case "B" -> LogFormatter.bytesOut(log, frontend, out);
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
            case "Ta" -> {
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
            case "trg" -> formatter.gmtDate(log.startEpochMillis, out);
            case "trl" -> formatter.gmtDate(log.startEpochMillis, out);
            case "ms" -> out.append(String.format("%03d", Math.floorMod(log.acceptEpochMillis, 1000L)));
            case "ts" -> out.append(log.terminationCause).append(log.sessionState);
            case "tsc" -> LogFormatter.termination(log, true, out);
            case "ac" -> out.append(frontend.activeConnections());
            case "fc" -> out.append(frontend.connections());
            case "bc" -> out.append(log.backendConnections);
            case "sc" -> out.append(log.serverConnections);
            case "rc" -> out.append(log.redispatched ? "+" : "").append(log.retries);
            case "r" -> LogFormatter.requestLine(log, out);
            case "HM" -> requestPart(log, 0, log.methodEnd, out);
            case "HU" -> requestPart(log, log.methodEnd + 1, log.uriEnd, out);
            case "HV" -> requestPart(log, log.uriEnd + 1, log.requestLine.length(), out);
            case "HP" -> {
                int query = queryStart(log);
                requestPart(log, log.methodEnd + 1, query, out);
            }
            case "HPO" -> {
                int start = log.methodEnd + 1;
                int query = queryStart(log);
                int path = pathStart(log, start, query);
                requestPart(log, path, query, out);
            }
            case "HQ" -> requestPart(log, queryStart(log), log.uriEnd, out);
            case "H" -> out.append(HOST_NAME);
            case "pid" -> out.append(PID);
            case "ID" -> out.append(log.uniqueId != null ? log.uniqueId : "-");
            case "hr" -> LogFormatter.captures(log.requestCaptures, frontend.requestCaptures().length, out);
            case "hs" -> LogFormatter.captures(log.responseCaptures, frontend.responseCaptures().length, out);
            case "CC", "CS" -> out.append("");
            default -> out.append('-');
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

    private static void requestPart(StreamLog log, int start, int end, StringBuilder out) {
        if (!log.hasRequest() || log.badRequest || start >= end) {
            return;
        }
        out.append(log.requestLine, start, end);
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
