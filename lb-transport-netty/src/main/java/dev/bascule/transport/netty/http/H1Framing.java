package dev.bascule.transport.netty.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

import java.nio.charset.StandardCharsets;

/**
 * The framing fields of one HTTP/1 message head, as HAProxy's h1m flags: {@code Content-Length},
 * {@code Transfer-Encoding}, {@code Host} and {@code TE} read and checked as {@code h1.c} does,
 * and how the body is delimited once the head is read. One per head, as {@link H1Decoder} reads it.
 */
final class H1Framing {
    private static final AsciiString TRAILERS_VALUE = AsciiString.cached("trailers");

    long contentLength = -1;
    boolean transferEncoding;
    boolean chunkedSeen;
    boolean chunked;
    boolean otherCoding;
    boolean close;
    /** A {@code Connection} field has the {@code upgrade} token (HAProxy's {@code H1_MF_CONN_UPG}). */
    boolean connectionUpgrade;
    /** The last {@code Upgrade} field names {@code websocket} (HAProxy's {@code H1_MF_UPG_WEBSOCKET}). */
    boolean upgradeWebsocket;
    /** A request's {@code Sec-WebSocket-Key} of 24 characters, a response's {@code Sec-WebSocket-Accept}. */
    boolean websocketKey;
    String hostValue;
    int status;
    String reason;

    /** HAProxy's {@code h1_parse_xfer_enc_header()}. */
    boolean transferEncoding(byte[] b, int start, int end, boolean response) {
        transferEncoding = true;
        int i = start;
        while (i < end) {
            if (H1Head.isLws(b[i] & 0xff) || b[i] == ',') {
                i++;
                continue;
            }
            int wordEnd = i;
            while (wordEnd < end && b[wordEnd] != ',') {
                wordEnd++;
            }
            int next = wordEnd;
            while (wordEnd > i && H1Head.isLws(b[wordEnd - 1] & 0xff)) {
                wordEnd--;
            }
            chunked = false;
            if (isChunked(b, i, wordEnd)) {
                if (chunkedSeen) {
                    return false;
                }
                chunkedSeen = true;
                chunked = true;
            } else {
                if (!response && chunkedSeen) {
                    return false;
                }
                otherCoding = true;
            }
            i = next;
        }
        return true;
    }

    private static boolean isChunked(byte[] b, int start, int end) {
        if (end - start != 7) {
            return false;
        }
        for (int i = 0; i < 7; i++) {
            int c = b[start + i];
            if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != "chunked".charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * HAProxy's {@code h1_parse_cont_len_header()}: -1 refused, 0 drop the field, 1 keep it. An
     * empty value, or nothing after a comma, is refused as HAProxy refuses it since
     * CVE-2023-40225 (2.6.15; Debian's 2.6.12-1+deb12u1, which H1ConformanceIT runs).
     */
    int contentLength(byte[] b, int start, int end) {
        boolean notFirst = contentLength >= 0;
        int i = start;
        while (true) {
            if (i >= end) {
                return -1;
            }
            if (H1Head.isLws(b[i] & 0xff)) {
                i++;
                continue;
            }
            long value = 0;
            int n = i;
            for (; n < end; n++) {
                int c = b[n] - '0';
                if (c < 0 || c > 9) {
                    if (n == i) {
                        return -1;
                    }
                    break;
                }
                if (value > (Long.MAX_VALUE - c) / 10) {
                    return -1;
                }
                value = value * 10 + c;
            }
            for (; n < end; n++) {
                if (!H1Head.isLws(b[n] & 0xff)) {
                    if (b[n] != ',') {
                        return -1;
                    }
                    break;
                }
            }
            if (contentLength >= 0 && value != contentLength) {
                return -1;
            }
            contentLength = value;
            if (n == end) {
                return notFirst ? 0 : 1;
            }
            i = n + 1;
        }
    }

    /**
     * HAProxy's end of head: with a transfer coding, a length goes and the connection closes
     * after the message, as after a transfer coding in HTTP/1.0. False for a request whose
     * coding does not end with chunked.
     */
    boolean settle(HttpHeaders headers, boolean v11, boolean response) {
        if (!transferEncoding) {
            chunked = false;
            return true;
        }
        if (contentLength >= 0) {
            close = true;
            contentLength = -1;
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        } else if (!v11) {
            close = true;
        }
        return chunked || response;
    }

    /**
     * Adds the fields of {@code head} (whose bytes are {@code b}) to {@code headers}, with HAProxy's
     * checks on the framing ones. False when the message is refused ({@link #status} and
     * {@link #reason} say why).
     */
    boolean readFields(H1Head head, byte[] b, HttpHeaders headers, boolean response) {
        int[] f = head.fields;
        for (int i = head.firstField(); i < head.fieldCount; i++) {
            int at = 4 * i;
            AsciiString name = H1Names.name(b, f[at], f[at + 1]);
            int vs = f[at + 2];
            int ve = f[at + 3];
            if (name == HttpHeaderNames.TRANSFER_ENCODING) {
                if (!transferEncoding(b, vs, ve, response)) {
                    status = 400;
                    reason = "bad transfer-encoding";
                    return false;
                }
            } else if (name == HttpHeaderNames.CONTENT_LENGTH) {
                int kept = contentLength(b, vs, ve);
                if (kept < 0) {
                    status = 400;
                    reason = "bad content-length";
                    return false;
                }
                if (kept == 0) {
                    continue;
                }
                // the value cleaned as HAProxy cleans it ("5, 5" is 5)
                headers.add(name, Long.toString(contentLength));
                continue;
            } else if (name == HttpHeaderNames.CONNECTION) {
                connectionUpgrade |= hasToken(b, vs, ve, "upgrade");
            } else if (name == HttpHeaderNames.UPGRADE) {
                // h1_parse_upgrade_header(): each Upgrade field decides anew
                upgradeWebsocket = hasToken(b, vs, ve, "websocket");
            } else if (name == (response ? HttpHeaderNames.SEC_WEBSOCKET_ACCEPT : HttpHeaderNames.SEC_WEBSOCKET_KEY)) {
                // h1_search_websocket_key(): a request's key is the base64 of 16 bytes
                websocketKey |= response || ve - vs == 24;
            } else if (!response && name == HttpHeaderNames.HOST) {
                String value = new String(b, vs, ve - vs, StandardCharsets.ISO_8859_1);
                if (hostValue == null) {
                    hostValue = value;
                } else if (!hostValue.equalsIgnoreCase(value)) {
                    status = 400;
                    reason = "two different hosts";
                    return false;
                } else {
                    continue;
                }
                headers.add(name, value);
                continue;
            } else if (!response && name == HttpHeaderNames.TE) {
                // HAProxy's H1 output keeps "te" only as "trailers"
                if (!mentionsTrailers(b, vs, ve)) {
                    continue;
                }
                headers.add(name, TRAILERS_VALUE);
                continue;
            }
            headers.add(name, new String(b, vs, ve - vs, StandardCharsets.ISO_8859_1));
        }
        return true;
    }

    /** The comma-separated value has {@code token} (any case, blanks around it ignored). */
    private static boolean hasToken(byte[] b, int start, int end, String token) {
        int i = start;
        while (i < end) {
            if (H1Head.isLws(b[i] & 0xff) || b[i] == ',') {
                i++;
                continue;
            }
            int wordEnd = i;
            while (wordEnd < end && b[wordEnd] != ',') {
                wordEnd++;
            }
            int next = wordEnd;
            while (wordEnd > i && H1Head.isLws(b[wordEnd - 1] & 0xff)) {
                wordEnd--;
            }
            if (wordEnd - i == token.length()) {
                int j = 0;
                while (j < token.length() && ((b[i + j] | 0x20) == token.charAt(j) || b[i + j] == token.charAt(j))) {
                    j++;
                }
                if (j == token.length()) {
                    return true;
                }
            }
            i = next;
        }
        return false;
    }

    /** HAProxy's test: the value contains "trailers" followed by the end or a comma. */
    private static boolean mentionsTrailers(byte[] b, int start, int end) {
        outer:
        for (int i = start; i + 8 <= end; i++) {
            for (int j = 0; j < 8; j++) {
                if (b[i + j] != "trailers".charAt(j)) {
                    continue outer;
                }
            }
            return i + 8 == end || b[i + 8] == ',';
        }
        return false;
    }
}
