package dev.bascule.builtin.sample;

import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.TrafficView;

/** Fetches on the request line, as HAProxy's {@code smp_fetch_url()}, {@code _path()}, {@code _query()}, {@code _meth()}, {@code _rqver()}. */
enum RequestFetch implements SampleFetch {
    /** {@code url}: the request target as received. */
    URL {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            CharSequence uri = traffic.uri();
            if (uri == null) {
                return false;
            }
            out.setString(uri, 0, uri.length());
            return true;
        }
    },
    /**
     * {@code path}: from the first '/' of the target up to '?'. An absolute-form target
     * ({@code scheme://authority/path}) has its scheme and authority skipped; an authority-form or
     * {@code *} target has no path (HAProxy's {@code http_parse_path()}).
     */
    PATH {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            CharSequence uri = traffic.uri();
            if (uri == null) {
                return false;
            }
            int start = pathStart(uri);
            if (start < 0) {
                return false;
            }
            int end = start;
            int length = uri.length();
            while (end < length && uri.charAt(end) != '?') {
                end++;
            }
            out.setString(uri, start, end);
            return true;
        }
    },
    /** {@code pathq}: the path and the query string, the scheme and authority of an absolute target left out. */
    PATHQ {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            CharSequence uri = traffic.uri();
            if (uri == null) {
                return false;
            }
            int start = pathStart(uri);
            if (start < 0) {
                return false;
            }
            out.setString(uri, start, uri.length());
            return true;
        }
    },
    /** {@code base}: the first Host value then the path (without query); the path alone without a Host. */
    BASE {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            return base(traffic, out, false);
        }
    },
    /** {@code baseq}: like base, the query string included. */
    BASEQ {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            return base(traffic, out, true);
        }
    },
    /** {@code query}: what follows the first '?', possibly empty; no value without a '?'. */
    QUERY {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            CharSequence uri = traffic.uri();
            if (uri == null) {
                return false;
            }
            for (int i = 0, length = uri.length(); i < length; i++) {
                if (uri.charAt(i) == '?') {
                    out.setString(uri, i + 1, length);
                    return true;
                }
            }
            return false;
        }
    },
    /** {@code method}: the request method, a {@code METHOD} sample. */
    METHOD {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            CharSequence method = traffic.method();
            if (method == null) {
                return false;
            }
            out.setMethod(method);
            return true;
        }
    },
    /** {@code req.ver}: the version after "HTTP/" ({@code "1.1"}); no value when nothing follows a '/'. */
    VERSION {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            CharSequence version = traffic.version();
            if (version == null) {
                return false;
            }
            int length = version.length();
            for (int i = 0; i < length; i++) {
                if (version.charAt(i) == '/') {
                    if (i + 1 >= length) {
                        return false;
                    }
                    out.setString(version, i + 1, length);
                    return true;
                }
            }
            return false;
        }
    };

    /** HAProxy's {@code smp_fetch_base()}. */
    private static boolean base(TrafficView traffic, Sample out, boolean withQuery) {
        CharSequence host = null;
        for (int i = 0, count = traffic.requestHeaderCount(); i < count; i++) {
            CharSequence name = traffic.requestHeaderName(i);
            if (name.length() == 4 && Character.toLowerCase(name.charAt(0)) == 'h'
                    && Character.toLowerCase(name.charAt(1)) == 'o' && Character.toLowerCase(name.charAt(2)) == 's'
                    && Character.toLowerCase(name.charAt(3)) == 't') {
                host = traffic.requestHeaderValue(i);
                break;
            }
        }
        if (host == null || host.length() == 0) {
            return withQuery ? PATHQ.fetch(traffic, out) : PATH.fetch(traffic, out);
        }
        StringBuilder text = out.scratch().append(host);
        CharSequence uri = traffic.uri();
        int start = uri == null ? -1 : pathStart(uri);
        if (start >= 0) {
            int end = start;
            while (end < uri.length() && (withQuery || uri.charAt(end) != '?')) {
                end++;
            }
            if (end > start && uri.charAt(start) == '/') {
                text.append(uri, start, end);
            }
        }
        out.setString(text);
        return true;
    }

    /** Where the path starts in {@code uri}, or -1 when it has none; see {@link #PATH}. */
    static int pathStart(CharSequence uri) {
        int length = uri.length();
        if (length == 0 || uri.charAt(0) == '*') {
            return -1;
        }
        if (uri.charAt(0) == '/') {
            return 0;
        }
        // absolute-form: scheme ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) then "://"
        if (!isAlpha(uri.charAt(0))) {
            return -1;
        }
        int position = 1;
        while (position < length && isSchemeChar(uri.charAt(position))) {
            position++;
        }
        if (position + 3 > length || uri.charAt(position) != ':' || uri.charAt(position + 1) != '/'
                || uri.charAt(position + 2) != '/') {
            return -1; // authority-form (CONNECT): no path
        }
        position += 3;
        while (position < length && uri.charAt(position) != '/') {
            position++;
        }
        return position == length ? -1 : position;
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isSchemeChar(char c) {
        return isAlpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    }
}
