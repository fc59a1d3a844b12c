package dev.bascule.core.cli;

/**
 * HAProxy version strings and their ordering, as HAProxy's {@code split_version()} defines it:
 * {@code major.minor.patch.sub[-devN|-preN|-rcN][-commit]}, where a development tag sorts before
 * a release candidate, which sorts before the release.
 */
final class HaproxyVersion {
    private static final int ELEMENTS = 7;
    private static final int TAG = 4;
    private static final int RELEASE = 3;

    private HaproxyVersion() {
    }

    /** -1, 0 or 1 as {@code a} is older, the same or newer than {@code b}; throws when unparsable. */
    static int compare(String a, String b) {
        long[] left = split(a);
        long[] right = split(b);
        for (int i = 0; i < ELEMENTS; i++) {
            if (left[i] != right[i]) {
                return left[i] < right[i] ? -1 : 1;
            }
        }
        return 0;
    }

    static long[] split(String version) {
        long[] value = new long[ELEMENTS];
        value[TAG] = RELEASE;
        if (version.isEmpty()) {
            throw new IllegalArgumentException("empty version");
        }
        Cursor cursor = new Cursor(version);
        for (int i = 0; i < 4; i++) {
            value[i] = cursor.number();
            if (cursor.atEnd()) {
                return value;
            }
            char separator = cursor.next();
            if (separator == '-') {
                splitTag(cursor, value);
                return value;
            }
            if (separator != '.' || i == 3) {
                throw new IllegalArgumentException("unparsable version '" + version + "'");
            }
        }
        return value;
    }

    private static void splitTag(Cursor cursor, long[] value) {
        String rest = cursor.rest();
        if (!rest.isEmpty() && !Character.isDigit(rest.charAt(0))) {
            int skip = rest.startsWith("dev") ? 3 : rest.startsWith("pre") ? 3 : rest.startsWith("rc") ? 2 : 0;
            if (skip > 0) {
                value[TAG] = rest.startsWith("dev") ? 1 : 2;
                Cursor tag = new Cursor(rest.substring(skip));
                value[TAG + 1] = tag.number();
                if (tag.atEnd()) {
                    return;
                }
                if (tag.next() != '-') {
                    throw new IllegalArgumentException("unparsable version tag '" + rest + "'");
                }
                rest = tag.rest();
            }
        }
        int dash = rest.lastIndexOf('-');
        String commit = dash >= 0 ? rest.substring(dash + 1) : rest;
        if (dash >= 0 && commit.isEmpty()) {
            throw new IllegalArgumentException("unparsable version commit '" + rest + "'");
        }
        value[TAG + 2] = commit.chars().allMatch(Character::isDigit) && !commit.isEmpty() ? Long.parseLong(commit) : 0;
    }

    private static final class Cursor {
        private final String text;
        private int position;

        Cursor(String text) {
            this.text = text;
        }

        long number() {
            int start = position;
            while (position < text.length() && Character.isDigit(text.charAt(position))) {
                position++;
            }
            return start == position ? 0 : Long.parseLong(text.substring(start, position));
        }

        boolean atEnd() {
            return position >= text.length();
        }

        char next() {
            return text.charAt(position++);
        }

        String rest() {
            return text.substring(position);
        }
    }
}
