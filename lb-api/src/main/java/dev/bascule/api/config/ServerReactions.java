package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

/**
 * What a server does on its own state changes and on errors seen in real traffic: HAProxy's
 * {@code on-marked-down}, {@code on-marked-up}, {@code observe}, {@code error-limit} and
 * {@code on-error} server keywords.
 *
 * @param shutdownSessionsOnDown  {@code on-marked-down shutdown-sessions}: the server's sessions are
 *                                closed when it is marked DOWN (or enters maintenance while running)
 * @param shutdownBackupSessionsOnUp {@code on-marked-up shutdown-backup-sessions}: when this non-backup
 *                                server comes UP, the sessions on every backup server of its backend are closed
 * @param observe                 {@code observe}: which traffic errors count against the server
 * @param errorLimit              {@code error-limit}: consecutive errors that trigger {@code onError} (10)
 * @param onError                 {@code on-error}: what reaching the limit does to the health check
 */
public record ServerReactions(boolean shutdownSessionsOnDown, boolean shutdownBackupSessionsOnUp, Observe observe,
                              int errorLimit, OnError onError) {
    /** HAProxy's {@code DEF_HANA_ERRLIMIT}. */
    public static final int DEFAULT_ERROR_LIMIT = 10;
    /** No reaction: HAProxy's defaults. */
    public static final ServerReactions DEFAULT = new ServerReactions(false, false, Observe.NONE,
            DEFAULT_ERROR_LIMIT, OnError.FAIL_CHECK);

    /** {@code observe}: HAProxy's {@code HANA_OBS_*}. */
    public enum Observe {
        /** Traffic does not count. */
        NONE,
        /** Connection errors and timeouts count; a connection established clears the count. */
        LAYER4,
        /** HTTP errors count (5xx but 501 and 505, invalid or missing responses); a good response clears it. */
        LAYER7
    }

    /** {@code on-error}: HAProxy's {@code HANA_ONERR_*}. */
    public enum OnError {
        /** Only brings the next check forward to {@code fastinter}. */
        FASTINTER,
        /** Counts as one failed check (the default). */
        FAIL_CHECK,
        /** Leaves the server one failed check away from DOWN, then counts a failed check. */
        SUDDEN_DEATH,
        /** Marks the server DOWN at once. */
        MARK_DOWN
    }

    public ServerReactions {
        requireNonNull(observe, "observe");
        requireNonNull(onError, "onError");
        if (errorLimit < 1) {
            throw new IllegalArgumentException("errorLimit: " + errorLimit + " (expected: > 0)");
        }
    }

    /** Whether a traffic error can count against the server. */
    public boolean observing() {
        return observe != Observe.NONE;
    }
}
