package dev.bascule.core.rules;

import dev.bascule.api.Nullable;

import java.util.regex.MatchResult;
import java.util.regex.Matcher;

/** HAProxy's {@code exp_replace()}: {@code \N} in a replacement stands for the N-th group, {@code \\} for a backslash. */
public final class RegexReplace {
    private RegexReplace() {
    }

    /** The replacement with the matcher's groups put in. */
    public static String expand(String replacement, Matcher matcher) {
        StringBuilder out = new StringBuilder(replacement.length() + 16);
        appendTo(out, replacement, null, matcher);
        return out.toString();
    }

    /**
     * Appends the replacement with the match's groups put in: taken from {@code input} (the
     * sequence {@code match} indexes) without copying them, or as the match's own strings when
     * {@code input} is null.
     */
    public static void appendTo(StringBuilder out, String replacement, @Nullable CharSequence input,
                                MatchResult match) {
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c == '\\' && i + 1 < replacement.length()) {
                char next = replacement.charAt(i + 1);
                if (next >= '0' && next <= '9') {
                    int group = next - '0';
                    if (group <= match.groupCount() && match.start(group) >= 0) {
                        if (input != null) {
                            out.append(input, match.start(group), match.end(group));
                        } else {
                            out.append(match.group(group));
                        }
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
