package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.TrafficView;

import java.util.List;

/**
 * The capture fetches of HAProxy 2.6 ({@code http_fetch.c}): {@code capture.req.hdr(N)} and
 * {@code capture.res.hdr(N)} read what {@code capture request|response header} number N kept for
 * the log; {@code capture.req.method} and {@code capture.req.uri} read the request line captured
 * for the log; {@code capture.req.ver} and {@code capture.res.ver} give {@code HTTP/1.1} or
 * {@code HTTP/1.0}.
 */
final class CaptureFetch {
    private CaptureFetch() {
    }

    /** {@code capture.req.hdr(N)} or, with {@code response}, {@code capture.res.hdr(N)}. */
    static SampleFetch header(String keyword, List<String> arguments, boolean response) throws InvalidArgumentException {
        FetchArguments.atMost(keyword, arguments, 1);
        if (arguments.isEmpty() || arguments.get(0).isEmpty()) {
            throw ConstantFetch.nothing(keyword, "integer");
        }
        long index = FetchArguments.optionalInteger(keyword, arguments, 0, 0);
        if (index < 0 || index > Integer.MAX_VALUE) {
            return (traffic, out) -> false;
        }
        int position = (int) index;
        return (traffic, out) -> {
            CharSequence value = response ? traffic.responseCapture(position) : traffic.requestCapture(position);
            if (value == null) {
                return false;
            }
            out.setString(value);
            return true;
        };
    }

    /** {@code capture.req.method}: the captured line up to its first space. */
    static boolean method(TrafficView traffic, Sample out) {
        CharSequence line = traffic.capturedRequestLine();
        if (line == null) {
            return false;
        }
        int space = indexOf(line, ' ', 0);
        out.setString(line, 0, space < 0 ? line.length() : space);
        return true;
    }

    /**
     * {@code capture.req.uri}: the captured target's path and query (an absolute target loses its
     * scheme and authority, as HAProxy's {@code http_parse_path()} does).
     */
    static boolean uri(TrafficView traffic, Sample out) {
        CharSequence line = traffic.capturedRequestLine();
        if (line == null) {
            return false;
        }
        int space = indexOf(line, ' ', 0);
        if (space < 0) {
            return false;
        }
        int start = space + 1;
        int end = indexOf(line, ' ', start);
        if (end < 0) {
            end = line.length();
        }
        if (start < end && line.charAt(start) != '/' && line.charAt(start) != '*') {
            // scheme "://" authority, then the path
            int scheme = indexOf(line, ':', start);
            if (scheme >= 0 && scheme + 2 < end && line.charAt(scheme + 1) == '/' && line.charAt(scheme + 2) == '/') {
                int path = scheme + 3;
                while (path < end && line.charAt(path) != '/') {
                    path++;
                }
                start = path;
            }
        }
        out.setString(line, start, end);
        return true;
    }

    /** {@code capture.req.ver}: {@code HTTP/1.1} unless the request said HTTP/1.0. */
    static boolean requestVersion(TrafficView traffic, Sample out) {
        return version(traffic.version(), out);
    }

    /** {@code capture.res.ver}, on the response's view. */
    static boolean responseVersion(TrafficView traffic, Sample out) {
        TrafficView response = traffic.responseHeaders();
        return response != null && version(response.version(), out);
    }

    private static boolean version(CharSequence version, Sample out) {
        if (version == null) {
            return false;
        }
        out.setString(Chars.equalsIgnoreCase(version, "HTTP/1.0") ? "HTTP/1.0" : "HTTP/1.1");
        return true;
    }

    private static int indexOf(CharSequence text, char c, int from) {
        for (int i = from, length = text.length(); i < length; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
