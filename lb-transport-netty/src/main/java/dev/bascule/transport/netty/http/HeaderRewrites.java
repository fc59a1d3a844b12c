package dev.bascule.transport.netty.http;

import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.core.format.TrafficFormat;
import dev.bascule.core.rules.HttpRule;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The header edits of the HTTP path, shared by the handler and its benchmark. */
public final class HeaderRewrites {
    private HeaderRewrites() {
    }

    /**
     * Gives the lines named {@code name} the values {@code values} (null: the line goes),
     * each where it was, as HAProxy edits a header in place. Netty's headers have no positional
     * update: they are rebuilt, which only the rare rewrites pay for.
     */
    static void replaceInPlace(HttpHeaders headers, CharSequence name, List<? extends CharSequence> values) {
        List<Map.Entry<String, String>> all = headers.entries();
        headers.clear();
        int occurrence = 0;
        for (Map.Entry<String, String> entry : all) {
            if (AsciiString.contentEqualsIgnoreCase(entry.getKey(), name)) {
                CharSequence value = values.get(occurrence++);
                if (value != null) {
                    headers.add(entry.getKey(), value);
                }
            } else {
                headers.add(entry.getKey(), entry.getValue());
            }
        }
    }

    /**
     * The request's connection handling towards the server, as HAProxy's H1 mux writes it: the
     * {@code close} and {@code keep-alive} tokens leave the {@code Connection} lines (the others
     * stay, as do {@code Keep-Alive} and {@code Proxy-Connection}), and the server connection is
     * kept alive, which an HTTP/1.0 request must say.
     */
    public static void prepareForServer(HttpRequest request) {
        HttpHeaders headers = request.headers();
        cleanConnection(headers);
        if (!H1Names.http11(request.protocolVersion())
                && !headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            // (a chunked HTTP/1.0 request closes its connection: HAProxy says nothing then)
            headers.add(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    /**
     * The request's connection handling towards the server when that connection closes after the
     * response ({@code option http-server-close} or {@code httpclose} in the frontend or the
     * backend), as HAProxy's {@code h1_update_req_conn_value()} writes it: the {@code close} and
     * {@code keep-alive} tokens leave the {@code Connection} lines, then an HTTP/1.1 request says
     * {@code Connection: close}; with {@code option http-pretend-keepalive} it says nothing and an
     * HTTP/1.0 request says {@code Connection: keep-alive} instead. A request whose
     * {@code Connection} has the {@code upgrade} token is left as it is.
     */
    public static void prepareClosingForServer(HttpRequest request, boolean pretendKeepAlive) {
        HttpHeaders headers = request.headers();
        cleanConnection(headers);
        if (hasUpgradeToken(headers)) {
            return;
        }
        boolean http11 = H1Names.http11(request.protocolVersion());
        if (pretendKeepAlive) {
            if (!http11) {
                headers.add(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
        } else if (http11) {
            headers.add(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    /** {@link #connectionTokens}: a {@code close} token (HAProxy's {@code H1_MF_CONN_CLO}). */
    static final int CLOSE = 1;
    /** {@link #connectionTokens}: a {@code keep-alive} token ({@code H1_MF_CONN_KAL}). */
    static final int KEEP_ALIVE = 2;
    /** {@link #connectionTokens}: an {@code upgrade} token ({@code H1_MF_CONN_UPG}). */
    static final int UPGRADE = 4;

    /** A {@code Connection} line has the {@code upgrade} token (HAProxy's {@code H1_MF_CONN_UPG}). */
    static boolean hasUpgradeToken(HttpHeaders headers) {
        return (connectionTokens(headers) & UPGRADE) != 0;
    }

    /**
     * The flags HAProxy's {@code h1_parse_connection_header()} takes from the {@code Connection}
     * lines: {@link #CLOSE}, {@link #KEEP_ALIVE}, {@link #UPGRADE}; 0 without such a line (nothing
     * allocated then).
     */
    static int connectionTokens(HttpHeaders headers) {
        if (!headers.contains(HttpHeaderNames.CONNECTION)) {
            return 0;
        }
        int tokens = 0;
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            int at = 0;
            while (at < value.length()) {
                char c = value.charAt(at);
                if (c == ' ' || c == '\t' || c == ',') {
                    at++;
                    continue;
                }
                int next = valueEnd(value, at);
                int wordEnd = next;
                while (wordEnd > at && (value.charAt(wordEnd - 1) == ' ' || value.charAt(wordEnd - 1) == '\t')) {
                    wordEnd--;
                }
                if (wordIs(value, at, wordEnd, "close")) {
                    tokens |= CLOSE;
                } else if (wordIs(value, at, wordEnd, "keep-alive")) {
                    tokens |= KEEP_ALIVE;
                } else if (wordIs(value, at, wordEnd, "upgrade")) {
                    tokens |= UPGRADE;
                }
                at = next + 1;
            }
        }
        return tokens;
    }

    /**
     * HAProxy's {@code h1_parse_connection_header()} with {@code H1_MF_CLEAN_CONN_HDR}: each
     * {@code Connection} line loses its {@code close} and {@code keep-alive} tokens (the proxy says
     * what it does with each connection itself); the tokens left are joined with {@code ','} once
     * one was removed, a line left empty goes. Lines without those tokens are not touched (and
     * nothing is allocated for them).
     */
    public static void cleanConnection(HttpHeaders headers) {
        Iterator<? extends CharSequence> values = headers.valueCharSequenceIterator(HttpHeaderNames.CONNECTION);
        if (!values.hasNext()) {
            return;
        }
        CharSequence first = values.next();
        if (!values.hasNext()) {
            // the usual case, one line ("keep-alive" from a browser): nothing allocated
            CharSequence cleaned = cleanConnectionValue(first);
            if (cleaned == first) {
                return;
            }
            if (cleaned.length() == 0) {
                headers.remove(HttpHeaderNames.CONNECTION);
                return;
            }
        }
        List<String> lines = headers.getAll(HttpHeaderNames.CONNECTION);
        List<CharSequence> cleanedLines = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            CharSequence cleaned = cleanConnectionValue(line);
            if (cleaned != line && cleanedLines == null) {
                // (Netty's list of values is read-only)
                cleanedLines = new ArrayList<>(lines);
            }
            if (cleanedLines != null) {
                // a line left empty goes
                cleanedLines.set(i, cleaned.length() == 0 ? null : cleaned);
            }
        }
        if (cleanedLines == null) {
            return;
        }
        replaceInPlace(headers, HttpHeaderNames.CONNECTION, cleanedLines);
    }

    /** One {@code Connection} value without its {@code close} and {@code keep-alive} tokens: the same instance when it has none. */
    static CharSequence cleanConnectionValue(CharSequence value) {
        StringBuilder rewritten = null;
        // while nothing was removed, the value is kept as written up to the end of the last word
        int keptTo = 0;
        int end = value.length();
        int at = 0;
        while (at < end) {
            char c = value.charAt(at);
            if (c == ' ' || c == '\t') {
                at++;
                continue;
            }
            int next = valueEnd(value, at);
            int wordEnd = next;
            while (wordEnd > at && (value.charAt(wordEnd - 1) == ' ' || value.charAt(wordEnd - 1) == '\t')) {
                wordEnd--;
            }
            boolean drop = wordIs(value, at, wordEnd, "keep-alive") || wordIs(value, at, wordEnd, "close");
            if (drop) {
                if (rewritten == null) {
                    rewritten = new StringBuilder(end).append(value, 0, keptTo);
                }
            } else if (rewritten == null) {
                keptTo = next;
            } else {
                if (rewritten.length() > 0) {
                    rewritten.append(',');
                }
                rewritten.append(value, at, wordEnd);
            }
            // past the comma that ended the word (an empty word may follow it, as in HAProxy)
            at = next + 1;
        }
        return rewritten == null ? value : rewritten.toString();
    }

    /** {@code value[from, to)} is {@code word}, ignoring the case of ASCII letters. */
    private static boolean wordIs(CharSequence value, int from, int to, String word) {
        if (to - from != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = value.charAt(from + i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** HAProxy's {@code http_find_hdr_value_end()}: the next comma outside a quoted string, or the end. */
    private static int valueEnd(CharSequence value, int from) {
        boolean quoted = false;
        boolean escaped = false;
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (quoted) {
                if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                return i;
            }
        }
        return value.length();
    }
}
