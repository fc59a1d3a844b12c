package dev.bascule.api.config;

/**
 * {@code set-log-level <level>|silent}: the level the stream's log line goes out at (syslog's
 * numbers, {@code emerg} 0 to {@code debug} 7), or {@link #SILENT}: no line at all.
 *
 * @param level the level, or {@link #SILENT}
 */
public record SetLogLevel(int level) implements HttpCommonAction, TcpAction {
    /** {@code silent}: the stream is not logged. */
    public static final int SILENT = -1;

    public SetLogLevel {
        if (level < SILENT || level > 7) {
            throw new IllegalArgumentException("level: " + level + " (expected: -1 to 7)");
        }
    }
}
