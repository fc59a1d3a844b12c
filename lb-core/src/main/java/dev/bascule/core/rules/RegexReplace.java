package dev.bascule.core.rules;

import java.util.regex.Matcher;

/** HAProxy's {@code exp_replace()}: {@code \N} in a replacement stands for the N-th group, {@code \\} for a backslash. */
public final class RegexReplace {
    private RegexReplace() {
    }

    /** The replacement with the matcher's groups put in. */
    public static String expand(String replacement, Matcher matcher) {
        StringBuilder out = new StringBuilder(replacement.length() + 16);
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c == '\\' && i + 1 < replacement.length()) {
                char next = replacement.charAt(i + 1);
                if (next >= '0' && next <= '9') {
                    int group = next - '0';
                    if (group <= matcher.groupCount() && matcher.group(group) != null) {
                        out.append(matcher.group(group));
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
        return out.toString();
    }
}
