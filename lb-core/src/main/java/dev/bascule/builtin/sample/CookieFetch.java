package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.TrafficView;

import java.util.List;

/**
 * The cookie fetches: {@code req.cook(name)} / {@code cook}, {@code req.cook_cnt([name])} /
 * {@code cook_cnt}, {@code req.cook_val([name])} / {@code cook_val}, and their response twins
 * {@code res.cook} / {@code scook} and the like, which read Set-Cookie lines.
 *
 * <p>Read as HAProxy 2.6's {@code smp_fetch_cookie()} and {@code http_extract_cookie_value()} do:
 * each header line is split into comma-separated values first (commas inside quotes do not split),
 * a value shorter than the name plus one character is skipped, and inside a value the search stops
 * when fewer than the name's length plus two characters are left ({@code x=1;a=} has no {@code a}).
 * Blanks around names and values are skipped, quoted values kept whole, {@code $} attributes and
 * names without '=' ignored. A Set-Cookie value gives its first {@code name=value} only. Outside
 * ACLs a named cookie gives its last value, no name the first cookie's; ACLs see every value.
 */
final class CookieFetch implements SampleFetch {
    enum Kind {
        VALUE, COUNT, INTEGER
    }

    /** Positions inside a header line fit in 21 bits: a request head is far smaller than 2 MB. */
    private static final int BITS = 21;
    private static final long MASK = (1L << BITS) - 1;

    private final String name;
    private final Kind kind;
    private final String header;
    private final boolean list;

    private CookieFetch(String name, Kind kind, String header, boolean list) {
        this.name = name;
        this.kind = kind;
        this.header = header;
        this.list = list;
    }

    /** A request fetch: the Cookie lines, several cookies per value. */
    static SampleFetch create(String keyword, List<String> arguments, Kind kind) throws InvalidArgumentException {
        FetchArguments.atMost(keyword, arguments, 1);
        return new CookieFetch(arguments.isEmpty() ? "" : arguments.get(0), kind, "cookie", true);
    }

    /** A response fetch, run on the response's view: the Set-Cookie lines, one cookie per value. */
    static SampleFetch response(String keyword, List<String> arguments, Kind kind) throws InvalidArgumentException {
        FetchArguments.atMost(keyword, arguments, 1);
        return new CookieFetch(arguments.isEmpty() ? "" : arguments.get(0), kind, "set-cookie", false);
    }

    @Override
    public boolean fetch(TrafficView traffic, Sample out) {
        boolean all = kind == Kind.VALUE && out.iterate();
        int count = 0;
        CharSequence foundLine = null;
        int foundStart = 0;
        int foundEnd = 0;
        int firstLine = 0;
        int resume = -1;
        if (all && out.context() != 0) {
            firstLine = (int) (out.context() >>> 32) - 1;
            resume = (int) out.context();
        }
        for (int h = firstLine, headers = traffic.requestHeaderCount(); h < headers; h++) {
            if (!HeaderFetch.nameMatches(traffic.requestHeaderName(h), header)) {
                continue;
            }
            CharSequence line = traffic.requestHeaderValue(h);
            int length = line.length();
            int position = resume >= 0 ? resume : 0;
            boolean resumed = resume >= 0;
            resume = -1;
            while (position <= length) {
                // one comma-separated value of the line, without surrounding blanks
                int start = skipBlanks(line, position, length);
                int stop = HeaderFetch.valueEnd(line, start, length);
                int end = stop;
                while (end > start && blank(line.charAt(end - 1))) {
                    end--;
                }
                if (resumed || end - start >= name.length() + 1) {
                    int at = start;
                    long found;
                    while ((found = extract(line, at, end)) >= 0) {
                        int valueStart = (int) ((found >>> BITS) & MASK);
                        int valueEnd = (int) (found & MASK);
                        at = (int) (found >>> (2 * BITS));
                        count++;
                        if (all) {
                            out.setString(line, valueStart, valueEnd);
                            out.setContext(((long) (h + 1) << 32) | at);
                            out.setMore(true);
                            return true;
                        }
                        if (kind != Kind.COUNT && (foundLine == null || !name.isEmpty())) {
                            foundLine = line;
                            foundStart = valueStart;
                            foundEnd = valueEnd;
                            if (name.isEmpty()) {
                                return result(out, foundLine, foundStart, foundEnd);
                            }
                        }
                    }
                }
                resumed = false;
                if (stop >= length) {
                    break;
                }
                position = stop + 1;
            }
        }
        if (kind == Kind.COUNT) {
            out.setInteger(count);
            return true;
        }
        if (all) {
            out.setMore(false);
            return false;
        }
        return foundLine != null && result(out, foundLine, foundStart, foundEnd);
    }

    private boolean result(Sample out, CharSequence line, int start, int end) {
        if (kind == Kind.INTEGER) {
            out.setInteger(Numbers.strl2ic(line, start, end));
        } else {
            out.setString(line, start, end);
        }
        return true;
    }

    /**
     * HAProxy's {@code http_extract_cookie_value()} from {@code from} to {@code end}: the next
     * cookie with the name (any cookie without one), packed as where to go on from, the value's
     * start and its end; -1 when there is none.
     */
    private long extract(CharSequence line, int from, int end) {
        int next;
        for (int attributeStart = from; attributeStart + name.length() + 1 < end; attributeStart = next + 1) {
            attributeStart = skipBlanks(line, attributeStart, end);
            int equal = attributeStart;
            int attributeEnd = attributeStart;
            while (equal < end) {
                char c = line.charAt(equal);
                if (c == '=' || c == ';' || list && c == ',') {
                    break;
                }
                equal++;
                if (!blank(c)) {
                    attributeEnd = equal;
                }
            }
            int valueStart;
            int valueEnd;
            if (equal < end && line.charAt(equal) == '=') {
                valueStart = skipBlanks(line, equal + 1, end);
                next = valueEnd(line, valueStart, end);
                valueEnd = next;
                while (valueEnd > valueStart && blank(line.charAt(valueEnd - 1))) {
                    valueEnd--;
                }
            } else {
                valueStart = valueEnd = next = equal;
            }
            if (attributeStart < end && line.charAt(attributeStart) == '$' || equal == next) {
                continue;
            }
            if (name.isEmpty() || sameName(line, attributeStart, attributeEnd)) {
                return ((long) (next + 1) << (2 * BITS)) | ((long) valueStart << BITS) | valueEnd;
            }
            if (!list) {
                break;
            }
        }
        return -1;
    }

    private boolean sameName(CharSequence line, int start, int end) {
        if (end - start != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (line.charAt(start + i) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** HAProxy's {@code http_find_cookie_value_end()}: the ',' or ';' ending the value, quotes respected. */
    private static int valueEnd(CharSequence line, int start, int end) {
        return Chars.unquotedSeparator(line, start, end, true);
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t';
    }

    private static int skipBlanks(CharSequence line, int position, int end) {
        while (position < end && blank(line.charAt(position))) {
            position++;
        }
        return position;
    }
}
