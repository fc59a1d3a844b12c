package dev.bascule.core.sample.builtin;

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
}
