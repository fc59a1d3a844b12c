package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.TrafficView;

import java.util.List;

/**
 * {@code url_param([name[,delim]])} / {@code urlp}, {@code urlp_val} and {@code req.body_param([name])},
 * read as HAProxy 2.6's {@code smp_fetch_url_param()} and {@code http_find_next_url_param()} do.
 *
 * <p>The parameter list starts after the first {@code delim} of the target ('?' by default:
 * {@code /p?x=a:x=b} gives {@code b} for {@code url_param(x,:)}); parameters are split on '&amp;',
 * ';' and {@code delim}. A name matches a parameter that starts with it followed by '='. Without a
 * name the value is what follows the first '=' left ({@code ?y&x&z=3} gives {@code 3}). Outside
 * ACLs the first match, in them every match.
 */
final class UrlParamFetch implements SampleFetch {
    enum Kind {
        /** {@code url_param}: the value as a string. */
        VALUE,
        /** {@code urlp_val}: the value read by HAProxy's {@code strl2ic()}. */
        INTEGER,
        /** {@code req.body_param}: the request body as the parameter list, '&amp;' as delimiter. */
        BODY
    }

    private final String name;
    private final char delimiter;
    private final Kind kind;

    private UrlParamFetch(String name, char delimiter, Kind kind) {
        this.name = name;
        this.delimiter = delimiter;
        this.kind = kind;
    }

    static SampleFetch create(String keyword, List<String> arguments) throws InvalidArgumentException {
        return create(keyword, arguments, Kind.VALUE);
    }

    static SampleFetch create(String keyword, List<String> arguments, Kind kind) throws InvalidArgumentException {
        FetchArguments.atMost(keyword, arguments, kind == Kind.BODY ? 1 : 2);
        String name = arguments.isEmpty() ? "" : arguments.get(0);
        // HAProxy reads the delimiter argument's first character (none for an empty one)
        char delimiter = kind == Kind.BODY ? '&'
                : arguments.size() == 2 ? (arguments.get(1).isEmpty() ? '\0' : arguments.get(1).charAt(0)) : '?';
        return new UrlParamFetch(name, delimiter, kind);
    }

    @Override
    public boolean fetch(TrafficView traffic, Sample out) {
        CharSequence text;
        int end;
        int from;
        if (kind == Kind.BODY) {
            text = traffic.requestBody();
            if (text == null) {
                return false;
            }
            end = text.length();
            from = 0;
        } else {
            text = traffic.uri();
            if (text == null) {
                return false;
            }
            end = text.length();
            from = -1;
            for (int i = 0; i < end; i++) {
                if (text.charAt(i) == delimiter) {
                    from = i + 1;
                    break;
                }
            }
            if (from < 0) {
                return false;
            }
        }
        boolean all = out.iterate();
        if (all && out.context() != 0) {
            from = (int) out.context() - 1;
        }
        int valueStart;
        if (name.isEmpty()) {
            valueStart = -1;
            for (int i = from; i < end; i++) {
                if (text.charAt(i) == '=') {
                    valueStart = i + 1;
                    break;
                }
            }
        } else {
            int at = find(text, from, end);
            valueStart = at < 0 ? -1 : at + name.length() + 1;
        }
        if (valueStart < 0) {
            out.setMore(false);
            return false;
        }
        int valueEnd = valueStart;
        while (valueEnd < end && !delimits(text.charAt(valueEnd))) {
            valueEnd++;
        }
        if (all) {
            out.setContext(valueEnd + 1L);
            out.setMore(valueEnd < end);
        }
        if (kind == Kind.INTEGER) {
            out.setInteger(Numbers.strl2ic(text, valueStart, valueEnd));
        } else {
            out.setString(text, valueStart, valueEnd);
        }
        return true;
    }

    /** HAProxy's {@code http_find_url_param_pos()}: where a parameter named {@code name} starts, or -1. */
    private int find(CharSequence text, int position, int end) {
        while (position < end) {
            int equal = position + name.length();
            if (equal >= end) {
                return -1;
            }
            if (text.charAt(equal) == '=') {
                if (regionEquals(text, position)) {
                    return position;
                }
                position = equal + 1;
            }
            while (position < end && !delimits(text.charAt(position))) {
                position++;
            }
            if (position >= end) {
                return -1;
            }
            position++;
        }
        return -1;
    }

    /** HAProxy's {@code http_is_param_delimiter()}: '&amp;' and ';' always, and the list's own delimiter. */
    private boolean delimits(char c) {
        return c == '&' || c == ';' || c == delimiter;
    }

    private boolean regionEquals(CharSequence text, int start) {
        for (int i = 0; i < name.length(); i++) {
            if (text.charAt(start + i) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
