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

    /**
     * Appends {@code template} read as this interface says, for templates known only per message
     * (a rendered log-format string, as {@code replace-header} has): the groups taken from
     * {@code input}, the sequence {@code match} was found in, without copying them.
     */
    static void expand(StringBuilder out, CharSequence template, CharSequence input, MatchResult match) {
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '\\' && i + 1 < template.length()) {
                char next = template.charAt(i + 1);
                if (next >= '0' && next <= '9') {
                    int group = next - '0';
                    if (group <= match.groupCount() && match.start(group) >= 0) {
                        out.append(input, match.start(group), match.end(group));
                    }
                    i++;
                    continue;
                }
                if (next == '\\') {
                    out.append('\\');
                    i++;
                    continue;
                }
            }
            out.append(c);
        }
    }
}
