package dev.bascule.core.format;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.sample.TrafficView;

/**
 * What a format is rendered from and how HAProxy writes it there: the variables the message can
 * answer, the options every part starts with, whether spaces are separators, and how a sample's
 * text is written.
 *
 * @param <M> the message: a finished stream's log line, or the live traffic of a rule
 */
public interface Dialect<M> {
    /** The part writing variable {@code %name}; the loader has checked the name, so a failure is a bug. */
    Part<M> variable(String name) throws InvalidArgumentException;

    /** The traffic {@code %[...]} parts read for {@code message}; null when there is none (written as nothing). */
    @Nullable TrafficView traffic(M message);

    /** The options every part starts with: {@code M} in log lines (HAProxy's {@code LOG_OPT_MANDATORY}), none elsewhere. */
    int initialFlags();

    /**
     * Whether each space of the format's text is a separator, written once and dropped at the
     * line's start and after another one or an empty part (log lines: HAProxy's {@code LOG_OPT_MERGE_SPACES}).
     */
    boolean mergeSpaces();

    /**
     * Whether a sample's text is written as in an HTTP message (HAProxy's {@code LOG_OPT_HTTP}:
     * control characters {@code %XX}-encoded, never quoted, nothing for a missing sample) rather
     * than as log text.
     */
    boolean http();
}
