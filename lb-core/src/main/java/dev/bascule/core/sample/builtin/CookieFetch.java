package dev.bascule.core.sample.builtin;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.TrafficView;

import java.util.List;

/**
 * {@code req.cook(name)} / {@code cook}, {@code req.cook_cnt([name])} / {@code cook_cnt},
 * {@code req.cook_val([name])} / {@code cook_val}: the cookies of the request's Cookie lines, read
 * as HAProxy's {@code http_extract_cookie_value()} does (blanks around names and values skipped,
 * quoted values kept whole, {@code $} attributes and names without '=' ignored). Outside ACLs the
 * last value of a named cookie is returned, the first cookie's when no name is given.
 */
final class CookieFetch implements SampleFetch {
    enum Kind {
        VALUE, COUNT, INTEGER
    }

    private final String name;
    private final Kind kind;

    private CookieFetch(String name, Kind kind) {
        this.name = name;
        this.kind = kind;
    }

    static SampleFetch create(String keyword, List<String> arguments, Kind kind) throws InvalidArgumentException {
        if (arguments.size() > 1) {
            throw new InvalidArgumentException("'" + keyword + "' takes at most 1 argument(s)");
        }
        return new CookieFetch(arguments.isEmpty() ? "" : arguments.get(0), kind);
    }

    @Override
    public boolean fetch(TrafficView traffic, Sample out) {
        int count = 0;
        boolean all = kind == Kind.VALUE && out.iterate();
        int skip = all ? (int) out.context() : 0;
        CharSequence foundLine = null;
        int foundStart = 0;
        int foundEnd = 0;
        for (int h = 0, headers = traffic.requestHeaderCount(); h < headers; h++) {
            if (!ascii("cookie", traffic.requestHeaderName(h))) {
                continue;
            }
            CharSequence line = traffic.requestHeaderValue(h);
            int end = line.length();
            int at = 0;
            while (at < end) {
                while (at < end && (line.charAt(at) == ' ' || line.charAt(at) == '\t')) {
                    at++;
                }
                int nameStart = at;
                int nameEnd = at;
                int equal = at;
                while (equal < end && line.charAt(equal) != '=' && line.charAt(equal) != ';') {
                    char c = line.charAt(equal++);
                    if (c != ' ' && c != '\t') {
                        nameEnd = equal;
                    }
                }
                int next;
                int valueStart;
                int valueEnd;
                if (equal < end && line.charAt(equal) == '=') {
                    valueStart = equal + 1;
                    while (valueStart < end && (line.charAt(valueStart) == ' ' || line.charAt(valueStart) == '\t')) {
                        valueStart++;
                    }
                    next = valueEnd(line, valueStart, end);
                    valueEnd = next;
                    while (valueEnd > valueStart && (line.charAt(valueEnd - 1) == ' ' || line.charAt(valueEnd - 1) == '\t')) {
                        valueEnd--;
                    }
                } else {
                    valueStart = valueEnd = next = equal;
                }
                at = next + 1;
                if (nameStart < end && line.charAt(nameStart) == '$' || equal == next) {
                    continue;
                }
                if (!name.isEmpty() && !sameName(line, nameStart, nameEnd)) {
                    continue;
                }
                count++;
                if (kind == Kind.COUNT) {
                    continue;
                }
                if (all) {
                    if (count > skip) {
                        out.setString(line, valueStart, valueEnd);
                        out.setContext(count);
                        out.setMore(true);
                        return true;
                    }
                    continue;
                }
                if (foundLine == null || !name.isEmpty()) {
                    foundLine = line;
                    foundStart = valueStart;
                    foundEnd = valueEnd;
                }
            }
        }
        switch (kind) {
            case COUNT:
                out.setInteger(count);
                return true;
            case INTEGER:
                if (foundLine == null) {
                    return false;
                }
                out.setString(foundLine, foundStart, foundEnd);
                return out.castTo(dev.bascule.api.sample.SampleType.INTEGER);
            default:
                if (all) {
                    out.setMore(false);
                    return false;
                }
                if (foundLine == null) {
                    return false;
                }
                out.setString(foundLine, foundStart, foundEnd);
                return true;
        }
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

    /** HAProxy's {@code http_find_cookie_value_end()}: the ';' ending the value, quotes respected. */
    private static int valueEnd(CharSequence line, int start, int end) {
        boolean quoted = false;
        for (int i = start; i < end; i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                return i;
            }
        }
        return end;
    }

    private static boolean ascii(String lower, CharSequence name) {
        if (name.length() != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            char c = name.charAt(i);
            if ((c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
