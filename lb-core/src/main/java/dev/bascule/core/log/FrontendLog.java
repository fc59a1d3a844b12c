package dev.bascule.core.log;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.GlobalLogConfig;
import dev.bascule.api.config.HeaderCapture;
import dev.bascule.api.config.LogSettings;
import dev.bascule.api.config.LogTarget;

import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One frontend's logging: its targets, its line format, and HAProxy's {@code feconn}. The
 * transport counts connections here and hands it each finished {@link StreamLog}.
 */
public final class FrontendLog {
    /** Severity of traffic lines: {@code info}, as HAProxy without {@code option log-separate-errors}. */
    static final int INFO = 6;
    /** Severity of failed streams with {@code option log-separate-errors}. */
    static final int ERR = 3;

    private final LogRuntime runtime;
    private final String name;
    private final boolean http;
    private final LogSettings.LineFormat format;
    private final boolean dontLogNull;
    private final boolean separateErrors;
    private final boolean dontLogNormal;
    private final LogTarget[] targets;
    private final SocketAddress[] addresses;
    private final AtomicInteger connections = new AtomicInteger();
    /** The lines this frontend sent (HAProxy's {@code fe->log_count}, {@code %lc}). */
    private final AtomicLong lines = new AtomicLong();

    private final dev.bascule.core.format.@Nullable Format<LogLine> custom;
    private final boolean logAsap;
    private final @Nullable String[] requestCaptures;
    private final int[] requestCaptureLengths;
    private final @Nullable String[] responseCaptures;
    private final int[] responseCaptureLengths;

    FrontendLog(LogRuntime runtime, String name, boolean http, LogSettings.LineFormat format, boolean dontLogNull,
                boolean separateErrors, LogTarget[] targets, SocketAddress[] addresses,
                dev.bascule.core.format.@Nullable Format<LogLine> custom,
                List<HeaderCapture> requestCaptures,
                List<HeaderCapture> responseCaptures, boolean logAsap, boolean dontLogNormal) {
        this.custom = custom;
        this.dontLogNormal = dontLogNormal;
        this.logAsap = logAsap;
        this.requestCaptures = requestCaptures.stream().map(FrontendLog::headerName).toArray(String[]::new);
        this.requestCaptureLengths = requestCaptures.stream().mapToInt(c -> c.length()).toArray();
        this.responseCaptures = responseCaptures.stream().map(FrontendLog::headerName).toArray(String[]::new);
        this.responseCaptureLengths = responseCaptures.stream().mapToInt(c -> c.length()).toArray();
        this.separateErrors = separateErrors;
        this.runtime = runtime;
        this.name = name;
        this.http = http;
        this.format = format;
        this.dontLogNull = dontLogNull;
        this.targets = targets;
        this.addresses = addresses;
    }

    /** A frontend without log targets (still counting its connections). */
    public static FrontendLog disabled(String name, boolean http) {
        return new LogRuntime(GlobalLogConfig.none()).frontend(name, http,
                LogSettings.none());
    }

    public String name() {
        return name;
    }

    /**
     * {@code option logasap}: the line goes out as soon as the response's head is forwarded (mode
     * tcp: the server connected), its durations and byte count marked {@code +} as HAProxy marks
     * them, on every line of the frontend.
     */
    public boolean logAsap() {
        return logAsap;
    }

    private static @Nullable String headerName(HeaderCapture capture) {
        return capture.name().isEmpty() ? null : capture.name();
    }

    /**
     * The frontend's request capture slots, in order (empty when none): the header each
     * {@code capture request header} fills, null for a slot only rules fill.
     */
    public @Nullable String[] requestCaptures() {
        return requestCaptures;
    }

    /** The length each request capture keeps. */
    public int requestCaptureLength(int index) {
        return requestCaptureLengths[index];
    }

    /** The frontend's response capture slots, as {@link #requestCaptures()}. */
    public @Nullable String[] responseCaptures() {
        return responseCaptures;
    }

    /** The length each response capture keeps. */
    public int responseCaptureLength(int index) {
        return responseCaptureLengths[index];
    }

    boolean http() {
        return http;
    }

    /** True when the frontend has a {@code log} target. */
    public boolean enabled() {
        return targets.length > 0;
    }

    /** The line written per stream; {@link LogSettings.LineFormat#CONNECT} writes at accept instead. */
    public LogSettings.LineFormat format() {
        return format;
    }

    int activeConnections() {
        return runtime.activeConnections();
    }

    /** HAProxy's {@code feconn}. */
    public int connections() {
        return connections.get();
    }

    /** A client connection was accepted; for frontends without log option, the connect line goes out. */
    public void opened(StreamLog log) {
        connections.incrementAndGet();
        runtime.connectionOpened();
        if (enabled() && format == LogSettings.LineFormat.CONNECT) {
            LogRuntime.Emitter emitter = runtime.emitter();
            emitter.line.setLength(0);
            emitter.formatter.connect(log, this, emitter.line);
            sendAll(emitter, INFO);
        }
    }

    /** A new record for one client connection's streams, numbered by the configuration's counter. */
    public StreamLog newStreamLog() {
        return new StreamLog(runtime.streams());
    }

    /** The configuration's stream counter ({@code %rt}), for a line written where there is no stream. */
    public AtomicLong streams() {
        return runtime.streams();
    }

    /** The client connection closed. */
    public void closed() {
        connections.decrementAndGet();
        runtime.connectionClosed();
    }

    /** The stream ended: its line goes to every target (nothing for the connect-line format). */
    public void emit(StreamLog log) {
        if (!enabled()) {
            return;
        }
        if (dontLogNull && !log.clientSentAnything()) {
            return;
        }
        if (format == LogSettings.LineFormat.CONNECT) {
            // HAProxy builds an empty line for a connection without a stream: it sends nothing but takes a number
            log.sessionOnly();
            return;
        }
        if (log.levelOverride == -1) {
            return;
        }
        // HAProxy counts the line once built and prints the count before it (%lc)
        log.logCount = lines.get();
        // a connection logged without a stream (closed before its first byte) takes a number now, as HAProxy's
        log.sessionOnly();
        if (dontLogNormal && !failed(log)) {
            // strm_log(): option dontlog-normal returns before the line is built and counted
            return;
        }
        LogRuntime.Emitter emitter = runtime.emitter();
        StringBuilder line = emitter.line;
        line.setLength(0);
        format(emitter.formatter, log, line);
        if (line.length() == 0) {
            // HAProxy sends no empty line (a custom format of captures only, for a connection without a stream)
            return;
        }
        lines.incrementAndGet();
        sendAll(emitter, log.levelOverride > 0 ? log.levelOverride - 1 : separateErrors && failed(log) ? ERR : INFO);
    }

    /**
     * A connection that failed before it had a stream (a bad or missing PROXY protocol header), as
     * HAProxy's {@code session_kill_embryonic()} logs it when the frontend has a log format
     * ({@code option httplog}, {@code tcplog}, {@code log-format}):
     * {@code 127.0.0.1:40000 [07/Dec/2026:18:50:00.123] fe/listener: message}; with
     * {@code option dontlognull}, not for a connection that sent nothing ({@code empty}).
     *
     * @param source   the client's address, null when it has none (a UNIX socket)
     * @param listener the listener's {@code name}, else its number
     */
    public void connectionError(java.net.@Nullable InetSocketAddress source, long acceptEpochMillis, String listener,
                                String message, boolean empty) {
        if (!enabled() || format == LogSettings.LineFormat.CONNECT || (dontLogNull && empty)) {
            return;
        }
        LogRuntime.Emitter emitter = runtime.emitter();
        StringBuilder line = emitter.line;
        line.setLength(0);
        if (source == null) {
            line.append("unknown");
        } else {
            line.append(StreamLog.hostText(source)).append(':').append(source.getPort());
        }
        line.append(" [");
        emitter.formatter.localDate(acceptEpochMillis, line);
        line.append("] ").append(name).append('/').append(listener).append(": ").append(message);
        sendAll(emitter, separateErrors ? ERR : INFO);
    }

    /** True when the {@code log-format} reads samples at the stream's end: give the stream its traffic. */
    public boolean needsTraffic() {
        return custom != null && custom.hasSamples();
    }

    /** Writes the line of {@code log} in this frontend's format ({@code formatter}: the thread's). */
    public void format(LogFormatter formatter, StreamLog log, StringBuilder line) {
        switch (format) {
            case HTTP -> formatter.http(log, this, line);
            case HTTP_CLF -> formatter.httpClf(log, this, line);
            case TCP -> formatter.tcp(log, this, line);
            case CUSTOM -> formatter.custom(custom, log, this, line);
            case CONNECT -> formatter.connect(log, this, line);
        }
    }

    private void sendAll(LogRuntime.Emitter emitter, int level) {
        int logger = 1;
        for (int index = 0; index < targets.length; index++) {
            if (emitter.send(targets[index], addresses[index], level, logger)) {
                logger++;
            }
        }
    }

    /**
     * HAProxy's {@code strm_log()} test: a redispatch, a termination cause other than none or
     * local, retries, or (in HTTP) a status of 500 or more.
     */
    private boolean failed(StreamLog log) {
        char cause = log.terminationCause;
        return log.redispatched || (cause != '-' && cause != 'L') || (cause == '-' && log.retries != 0)
                || (http && log.status >= 500);
    }
}
