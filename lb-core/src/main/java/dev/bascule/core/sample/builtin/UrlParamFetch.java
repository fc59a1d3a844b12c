package dev.bascule.core.sample.builtin;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.TrafficView;

import java.util.List;

/**
 * {@code url_param([name[,delim]])} / {@code urlp}: the value of a query-string parameter (the
 * first one's without a name), parameters split on '&', ';' and {@code delim}; outside ACLs the first
 * match, in them every match (HAProxy's {@code smp_fetch_url_param()}).
 */
final class UrlParamFetch implements SampleFetch {
    private final String name;
    private final char delimiter;

    private UrlParamFetch(String name, char delimiter) {
        this.name = name;
        this.delimiter = delimiter;
    }

    static SampleFetch create(String keyword, List<String> arguments) throws InvalidArgumentException {
        if (arguments.size() > 2) {
            throw new InvalidArgumentException("'" + keyword + "' takes at most 2 argument(s)");
        }
        String name = arguments.isEmpty() ? "" : arguments.get(0);
        String delimiter = arguments.size() == 2 ? arguments.get(1) : "&";
        if (delimiter.length() != 1) {
            throw new InvalidArgumentException("'" + keyword + "' expects a single-character delimiter");
        }
        return new UrlParamFetch(name, delimiter.charAt(0));
    }

    @Override
    public boolean fetch(TrafficView traffic, Sample out) {
        CharSequence uri = traffic.uri();
        if (uri == null) {
            return false;
        }
        int query = -1;
        for (int i = 0; i < uri.length(); i++) {
            if (uri.charAt(i) == '?') {
                query = i + 1;
                break;
            }
        }
        if (query < 0) {
            return false;
        }
        int skip = out.iterate() ? (int) out.context() : 0;
        int found = 0;
        int start = query;
        int end = uri.length();
        while (start <= end) {
            int next = start;
            while (next < end && !delimits(uri.charAt(next))) {
                next++;
            }
            int equal = start;
            while (equal < next && uri.charAt(equal) != '=') {
                equal++;
            }
            boolean matches = name.isEmpty() || equal - start == name.length() && regionEquals(uri, start);
            if (matches && (equal < next || name.isEmpty())) {
                if (found++ >= skip) {
                    out.setString(uri, equal < next ? equal + 1 : next, next);
                    if (out.iterate()) {
                        out.setContext(found);
                        out.setMore(true);
                    }
                    return true;
                }
            }
            start = next + 1;
        }
        out.setMore(false);
        return false;
    }

    /** HAProxy's {@code is_param_delimiter()}: '&' and ';' always, and the configured one. */
    private boolean delimits(char c) {
        return c == '&' || c == ';' || c == delimiter;
    }

    private boolean regionEquals(CharSequence uri, int start) {
        for (int i = 0; i < name.length(); i++) {
            if (uri.charAt(start + i) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
