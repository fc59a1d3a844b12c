package dev.bascule.core.format;

import dev.bascule.api.sample.Sample;

/**
 * One compiled part of a format: literal text, a {@code %[...]} sample expression or a variable
 * of HAProxy's log-format table, written from a message of type {@code M}. Immutable, shared by
 * every event loop.
 *
 * @param <M> what the format is rendered from (a log line, live traffic)
 */
public interface Part<M> {
    /**
     * Appends the part for {@code message} with the option {@code flags} of its place in the
     * format ({@link dev.bascule.api.config.LogFormat#QUOTE}...), {@code sample} the fetches' holder;
     * false when it wrote nothing and leaves a following separator out (HAProxy's {@code last_isspace}).
     */
    boolean write(M message, int flags, Sample sample, StringBuilder out);
}
