package dev.bascule.builtin.sample;

import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleType;

/** Allocation-free helpers over character ranges. ASCII case folding, as C's {@code tolower}. */
final class Chars {
    private Chars() {
    }

    /** Lower-cases ASCII letters only, as HAProxy's {@code tolower()} in the C locale. */
    static char fold(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /** HAProxy's {@code HTTP_IS_LWS}: space, tab, CR, LF. */
    /**
     * The first {@code ','} (and {@code ';'} too when {@code semicolon}) in {@code text[start, end)}
     * outside a quoted string ({@code "..."} with {@code \\} escapes), or {@code end}: HAProxy's
     * {@code http_find_hdr_value_end()} and {@code http_find_cookie_value_end()}.
     */
    static int unquotedSeparator(CharSequence text, int start, int end, boolean semicolon) {
        boolean quoted = false;
        boolean escaped = false;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (quoted) {
                if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',' || semicolon && c == ';') {
                return i;
            }
        }
        return end;
    }

    static boolean isLinearWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** Whether {@code text[at, at + pattern.length())} equals {@code pattern}; the caller checks bounds. */
    static boolean regionMatches(CharSequence text, int at, String pattern, boolean ignoreCase) {
        int length = pattern.length();
        if (ignoreCase) {
            for (int i = 0; i < length; i++) {
                if (fold(text.charAt(at + i)) != fold(pattern.charAt(i))) {
                    return false;
                }
            }
        } else {
            for (int i = 0; i < length; i++) {
                if (text.charAt(at + i) != pattern.charAt(i)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether {@code text[start, end)} equals {@code other} ignoring ASCII case (header names). */
    static boolean equalsIgnoreCase(CharSequence text, String other) {
        int length = other.length();
        return text.length() == length && regionMatches(text, 0, other, true);
    }

    /**
     * Whether the sample holds characters: a string or a method. A binary sample is cast first, as
     * HAProxy's string matches cast theirs ({@code c_bin2str()}: the string ends at the first NUL).
     */
    static boolean isText(Sample sample) {
        if (sample.text() == null) {
            return false;
        }
        if (sample.type() == SampleType.BINARY) {
            sample.castTo(SampleType.STRING);
        }
        return sample.type() == SampleType.STRING || sample.type() == SampleType.METHOD;
    }
}
