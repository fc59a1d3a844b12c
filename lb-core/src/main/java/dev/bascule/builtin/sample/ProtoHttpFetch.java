package dev.bascule.builtin.sample;

import dev.bascule.api.config.HttpTuning;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.TrafficView;

/**
 * {@code req.proto_http} ({@code req_proto_http}), HAProxy's {@code smp_fetch_proto_http()}: true
 * on an HTTP stream, and in {@code mode tcp} once the request bytes held by content inspection
 * are a whole HTTP/1 request head ({@code smp_prefetch_htx()}'s raw mode, after
 * {@code h1_headers_to_hdr_list()}): a request line, header lines, the empty line. A head that is
 * not whole yet may still become one (the rules wait); bytes that cannot be one, or a head larger
 * than the buffer, give no sample.
 */
final class ProtoHttpFetch {
    /** HAProxy's {@code tune.http.maxhdr} less the head's end: a head with more header lines is refused. */
    private static final int MAX_HEADERS = HttpTuning.DEFAULT.maxhdr() - 1;

    private ProtoHttpFetch() {
    }

    static boolean fetch(TrafficView traffic, Sample out) {
        CharSequence data = traffic.requestPayload();
        if (data == null) {
            if (traffic.method() == null) {
                return false;
            }
            out.setBoolean(true);
            return true;
        }
        int verdict = head(data);
        if (verdict > 0) {
            out.setBoolean(true);
            return true;
        }
        if (verdict == 0 && data.length() < HttpTuning.DEFAULT.maxHead() && out.partial()) {
            out.setMayChange();
        }
        return false;
    }

    /** 1: a whole, valid request head; 0: valid so far, not whole; -1: not a request head. */
    static int head(CharSequence data) {
        int at = 0;
        int length = data.length();
        // the method: a token
        int start = at;
        while (at < length && token(data.charAt(at))) {
            at++;
        }
        if (at == length) {
            return 0;
        }
        if (at == start || data.charAt(at) != ' ') {
            return -1;
        }
        boolean get = at - start == 3 && data.charAt(start) == 'G' && data.charAt(start + 1) == 'E'
                && data.charAt(start + 2) == 'T';
        at++;
        // the URI: visible characters
        start = at;
        while (at < length && data.charAt(at) > ' ' && data.charAt(at) < 0x7f) {
            at++;
        }
        if (at == length) {
            return 0;
        }
        if (at == start) {
            return -1;
        }
        char after = data.charAt(at);
        if (after == '\r' || after == '\n') {
            // HTTP/0.9: a GET with a URI only, taken as HTTP/1.0
            if (!get) {
                return -1;
            }
        } else if (after == ' ') {
            at++;
            String version = "HTTP/";
            for (int i = 0; i < version.length(); i++, at++) {
                if (at == length) {
                    return 0;
                }
                if (data.charAt(at) != version.charAt(i)) {
                    return -1;
                }
            }
            for (int i = 0; i < 3; i++, at++) {
                if (at == length) {
                    return 0;
                }
                char c = data.charAt(at);
                if (i == 1 ? c != '.' : c < '0' || c > '9') {
                    return -1;
                }
            }
        } else {
            return -1;
        }
        at = endOfLine(data, at);
        if (at <= 0) {
            return at;
        }
        // the header lines, up to the empty one
        int headers = 0;
        while (true) {
            if (at == length) {
                return 0;
            }
            char first = data.charAt(at);
            if (first == '\r' || first == '\n') {
                return endOfLine(data, at) > 0 ? 1 : endOfLine(data, at);
            }
            if (++headers > MAX_HEADERS) {
                return -1;
            }
            if (first == ' ' || first == '\t') {
                // a folded line continues the previous header (HAProxy joins them)
                if (headers == 1) {
                    return -1;
                }
                headers--;
            } else {
                start = at;
                while (at < length && token(data.charAt(at))) {
                    at++;
                }
                if (at == length) {
                    return 0;
                }
                if (at == start || data.charAt(at) != ':') {
                    return -1;
                }
            }
            while (at < length && data.charAt(at) != '\r' && data.charAt(at) != '\n') {
                char c = data.charAt(at);
                if (c < ' ' && c != '\t' || c == 0x7f) {
                    return -1;
                }
                at++;
            }
            at = endOfLine(data, at);
            if (at <= 0) {
                return at;
            }
        }
    }

    /** Past the CRLF or LF at {@code at}: its end, 0 when cut short, -1 for a lone CR. */
    private static int endOfLine(CharSequence data, int at) {
        if (at == data.length()) {
            return 0;
        }
        if (data.charAt(at) == '\n') {
            return at + 1;
        }
        if (data.charAt(at) != '\r') {
            return -1;
        }
        if (at + 1 == data.length()) {
            return 0;
        }
        return data.charAt(at + 1) == '\n' ? at + 2 : -1;
    }

    /** RFC 7230's tchar. */
    private static boolean token(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
