package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What a frontend logs, and where.
 *
 * @param targets     its {@code log} lines ({@code log global} copied in place); empty: no log
 * @param format      the line written for each request or connection
 * @param dontLogNull {@code option dontlognull}: no line for a connection that sent nothing
 * @param separateErrors {@code option log-separate-errors}: streams that failed log at {@code err}
 * @param custom      {@code log-format}: the line of {@link LineFormat#CUSTOM}
 * @param requestCaptures  {@code capture request header} lines, in order
 * @param responseCaptures {@code capture response header} lines, in order
 * @param logAsap     {@code option logasap}: the line goes out once the response's head is on its way
 *                    (mode tcp: once the server is connected), durations and sizes marked '+'
 * @param dontLogNormal {@code option dontlog-normal}: only the streams that failed are logged (the
 *                    test of {@code separateErrors})
 */
public record LogSettings(List<LogTarget> targets, LineFormat format, boolean dontLogNull, boolean separateErrors,
                          Optional<LogFormat> custom, List<HeaderCapture> requestCaptures,
                          List<HeaderCapture> responseCaptures, boolean logAsap, boolean dontLogNormal) {
    /** Which line a frontend writes. */
    public enum LineFormat {
        /** No option: {@code Connect from <ip>:<port> to <ip>:<port> (<frontend>/<mode>)} at accept. */
        CONNECT,
        /** {@code option tcplog}. */
        TCP,
        /** {@code option httplog}. */
        HTTP,
        /** {@code option httplog clf}. */
        HTTP_CLF,
        /** {@code log-format}. */
        CUSTOM
    }

    public LogSettings {
        targets = List.copyOf(targets);
        requireNonNull(format, "format");
        requireNonNull(custom, "custom");
        requestCaptures = List.copyOf(requestCaptures);
        responseCaptures = List.copyOf(responseCaptures);
        if ((format == LineFormat.CUSTOM) != custom.isPresent()) {
            throw new IllegalArgumentException("a log-format goes with the CUSTOM line format, and only with it");
        }
    }

    /** Without {@code option dontlog-normal}. */
    public LogSettings(List<LogTarget> targets, LineFormat format, boolean dontLogNull, boolean separateErrors,
                       Optional<LogFormat> custom, List<HeaderCapture> requestCaptures,
                       List<HeaderCapture> responseCaptures, boolean logAsap) {
        this(targets, format, dontLogNull, separateErrors, custom, requestCaptures, responseCaptures, logAsap, false);
    }

    /** Without {@code option logasap}. */
    public LogSettings(List<LogTarget> targets, LineFormat format, boolean dontLogNull, boolean separateErrors,
                       Optional<LogFormat> custom, List<HeaderCapture> requestCaptures,
                       List<HeaderCapture> responseCaptures) {
        this(targets, format, dontLogNull, separateErrors, custom, requestCaptures, responseCaptures, false);
    }

    public LogSettings(List<LogTarget> targets, LineFormat format, boolean dontLogNull, boolean separateErrors) {
        this(targets, format, dontLogNull, separateErrors, Optional.empty());
    }

    /** Without header captures. */
    public LogSettings(List<LogTarget> targets, LineFormat format, boolean dontLogNull, boolean separateErrors,
                       Optional<LogFormat> custom) {
        this(targets, format, dontLogNull, separateErrors, custom, List.of(), List.of());
    }

    /** Without {@code option log-separate-errors}. */
    public LogSettings(List<LogTarget> targets, LineFormat format, boolean dontLogNull) {
        this(targets, format, dontLogNull, false);
    }

    /** A frontend without any {@code log} line. */
    public static LogSettings none() {
        return new LogSettings(List.of(), LineFormat.CONNECT, false);
    }
}
