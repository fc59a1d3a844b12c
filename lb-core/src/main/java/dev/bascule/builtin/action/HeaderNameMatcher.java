package dev.bascule.builtin.action;

import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name test of {@code del-header NAME [-m str|beg|end|sub|reg]}. HAProxy compares header names
 * case-insensitively, and runs the regex against the name in lower case (its HTX layer stores
 * names lower-cased); neither allocates here.
 */
final class HeaderNameMatcher implements Predicate<CharSequence> {
    private enum Method {
        STR, BEG, END, SUB, REG
    }

    private final Method method;
    private final String pattern;
    private final ThreadLocal<Matcher> matchers;
    private final ThreadLocal<LowerCaseView> views;

    private HeaderNameMatcher(Method method, String pattern) {
        this.method = method;
        this.pattern = pattern;
        if (method == Method.REG) {
            Pattern compiled = Pattern.compile(pattern);
            this.matchers = ThreadLocal.withInitial(() -> compiled.matcher(""));
            this.views = ThreadLocal.withInitial(LowerCaseView::new);
        } else {
            this.matchers = null;
            this.views = null;
        }
    }

    /** A matcher for {@code method} ({@code str}, {@code beg}, {@code end}, {@code sub}, {@code reg}). */
    static HeaderNameMatcher of(String pattern, String method) {
        return new HeaderNameMatcher(Method.valueOf(method.toUpperCase(Locale.ROOT)), pattern);
    }

    @Override
    public boolean test(CharSequence name) {
        int length = name.length();
        int size = pattern.length();
        switch (method) {
            case STR:
                return length == size && regionMatches(name, 0, 0, size);
            case BEG:
                return length >= size && regionMatches(name, 0, 0, size);
            case END:
                return length >= size && regionMatches(name, length - size, 0, size);
            case SUB:
                for (int start = 0; start + size <= length; start++) {
                    if (regionMatches(name, start, 0, size)) {
                        return true;
                    }
                }
                return false;
            case REG:
            default:
                LowerCaseView view = views.get().of(name);
                return matchers.get().reset(view).find();
        }
    }

    private boolean regionMatches(CharSequence name, int offset, int patternOffset, int length) {
        for (int i = 0; i < length; i++) {
            char a = name.charAt(offset + i);
            char b = pattern.charAt(patternOffset + i);
            if (a != b && Character.toLowerCase(a) != Character.toLowerCase(b)) {
                return false;
            }
        }
        return true;
    }

    /** A lower-case view of a header name, reused per thread. */
    private static final class LowerCaseView implements CharSequence {
        private CharSequence name = "";

        LowerCaseView of(CharSequence value) {
            this.name = value;
            return this;
        }

        @Override
        public int length() {
            return name.length();
        }

        @Override
        public char charAt(int index) {
            char c = name.charAt(index);
            return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            StringBuilder copy = new StringBuilder(end - start);
            for (int i = start; i < end; i++) {
                copy.append(charAt(i));
            }
            return copy;
        }

        @Override
        public String toString() {
            return subSequence(0, length()).toString();
        }
    }
}
