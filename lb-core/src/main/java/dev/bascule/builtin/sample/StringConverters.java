package dev.bascule.builtin.sample;

import dev.bascule.api.sample.SampleConverter;

/** HAProxy's converters on strings that take no argument ({@code sample.c}). */
final class StringConverters {
    private StringConverters() {
    }

    /** {@code lower}: ASCII letters to lower case. */
    static final SampleConverter LOWER = (traffic, sample) -> {
        StringBuilder out = sample.scratch();
        CharSequence text = sample.text();
        for (int i = sample.start(); i < sample.end(); i++) {
            char c = text.charAt(i);
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        sample.setString(out);
        return true;
    };

    /** {@code upper}: ASCII letters to upper case. */
    static final SampleConverter UPPER = (traffic, sample) -> {
        StringBuilder out = sample.scratch();
        CharSequence text = sample.text();
        for (int i = sample.start(); i < sample.end(); i++) {
            char c = text.charAt(i);
            out.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
        }
        sample.setString(out);
        return true;
    };

    /** {@code length}: the number of bytes of the string. */
    static final SampleConverter LENGTH = (traffic, sample) -> {
        sample.setInteger(sample.end() - sample.start());
        return true;
    };

    /** {@code cut_crlf}: the string up to its first CR or LF. */
    static final SampleConverter CUT_CRLF = (traffic, sample) -> {
        CharSequence text = sample.text();
        int end = sample.start();
        while (end < sample.end() && text.charAt(end) != '\r' && text.charAt(end) != '\n') {
            end++;
        }
        sample.setString(text, sample.start(), end);
        return true;
    };

    /** Where the port's ':' of a Host value is (searching back to a ':' or a ']'), or -1. */
    private static int portColon(CharSequence text, int start, int end) {
        for (int p = end - 1; p >= start; p--) {
            char c = text.charAt(p);
            if (c == ':') {
                return p;
            }
            if (c == ']') {
                return -1;
            }
        }
        return -1;
    }

    /** {@code host_only}: a Host value without its port, in lower case. */
    static final SampleConverter HOST_ONLY = (traffic, sample) -> {
        CharSequence text = sample.text();
        int colon = portColon(text, sample.start(), sample.end());
        int end = colon < 0 ? sample.end() : colon;
        StringBuilder out = sample.scratch();
        for (int i = sample.start(); i < end; i++) {
            out.append(Chars.fold(text.charAt(i)));
        }
        sample.setString(out);
        return true;
    };

    /**
     * {@code port_only}: the port of a Host value, 0 without one; read as HAProxy's unchecked
     * {@code strl2ui()} does (every character counts as a digit, on 32 unsigned bits).
     */
    static final SampleConverter PORT_ONLY = (traffic, sample) -> {
        CharSequence text = sample.text();
        int colon = portColon(text, sample.start(), sample.end());
        int port = 0;
        if (colon >= 0) {
            for (int i = colon + 1; i < sample.end(); i++) {
                port = port * 10 - '0' + (text.charAt(i) & 0xff);
            }
        }
        sample.setInteger(port & 0xffffffffL);
        return true;
    };
}
