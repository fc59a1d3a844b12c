package dev.bascule.api.sample;

import java.util.regex.MatchResult;

/**
 * A replacement template as HAProxy's regex rewrites read it ({@code exp_replace()}: {@code regsub},
 * {@code map_regm}, {@code replace-header}...): {@code \N} stands for the match's group N (nothing
 * when the group took no part, or the expression has fewer), {@code \\} for a backslash, anything
 * else for itself. The host compiles it ({@link ConverterContext#regexReplacement(String)}), so
 * that every plugin's rewrite reads templates alike.
 *
 * <p>Immutable and thread-safe: made on the control plane, then used on every event loop, where
 * {@link #appendTo} allocates nothing but what {@code out} grows by.
 */
@FunctionalInterface
public interface RegexReplacement {
    /**
     * Appends the template to {@code out}, its group references taken from {@code input}, the
     * sequence {@code match} was found in ({@code match}'s positions index it).
     */
    void appendTo(StringBuilder out, CharSequence input, MatchResult match);
}
