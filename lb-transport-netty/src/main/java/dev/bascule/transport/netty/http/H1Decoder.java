package dev.bascule.transport.netty.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The HTTP/1 decoder of both sides, strict as HAProxy 2.6 is ({@code h1.c}, {@code h1_htx.c},
 * {@code mux_h1.c}), giving Netty's message objects to the handlers:
 * <ul>
 * <li>the head must fit in {@code tune.bufsize} less {@code tune.maxrewrite} and have at most
 *     {@code tune.http.maxhdr} fields ({@link H1Head} checks its bytes);</li>
 * <li>the version is {@code HTTP/} digit {@code .} digit;</li>
 * <li>{@code Content-Length}: digits only; repeated values must all be equal (one is kept);</li>
 * <li>{@code Transfer-Encoding}: {@code chunked} once, last for a request; with a
 *     {@code Content-Length} the length goes and the connection closes after the message, as it
 *     does for a chunked HTTP/1.0 message (request smuggling defences); another coding is 422 for
 *     a request, 502 for a response;</li>
 * <li>one {@code Host} value, matching an absolute-form target's authority;</li>
 * <li>an HTTP/1.0 GET, HEAD or DELETE with a body is 413;</li>
 * <li>a chunk size is 1 to 13 hex digits, blanks, an optional extension, CRLF; the data is followed
 *     by CRLF; trailers are header fields.</li>
 * </ul>
 * A refused head gives a message whose {@link DecoderResult} fails with an {@link H1Exception}
 * carrying HAProxy's status; a refused body gives such a {@link LastHttpContent}. Nothing is
 * decoded afterwards: the connection is done. Header names come out lower-cased, as HAProxy
 * sends them.
 */
public final class H1Decoder extends ByteToMessageDecoder {
    /** The largest head with HAProxy's default buffer sizes. */
    static final int MAX_HEAD = dev.bascule.api.config.HttpTuning.DEFAULT.maxHead();

    /** Each event loop's copy of a head being parsed, as large as the largest head seen configured. */
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[MAX_HEAD];
        }
    };
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final HttpHeadersFactory TRAILERS = DefaultHttpHeadersFactory.trailersFactory().withValidation(false);
    private static final AsciiString TRAILERS_VALUE = AsciiString.cached("trailers");

    /**
     * Given after the last chunk of a request body, before its trailers: the data is complete
     * (what {@code option http-buffer-request} waits for). Not a message to forward.
     */
    static final HttpContent DATA_END = new DefaultHttpContent(Unpooled.EMPTY_BUFFER);

    private enum Phase {
        HEAD, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_CRLF, TRAILERS, UNTIL_CLOSE, DONE
    }

    private final boolean response;
    private final H1Head head;
    private Phase phase = Phase.HEAD;
    private long remaining;
    private boolean closeAfter;
    private boolean headRequest;
    private boolean connectRequest;
    /** Where in this call's output the current message's head is, or -1 once it was handed on. */
    private int headInOut = -1;

    /** {@code tune.bufsize - tune.maxrewrite}: the largest head, and how much of a body is a buffer's worth. */
    private final int maxHead;

    private H1Decoder(boolean response, dev.bascule.api.config.HttpTuning tuning) {
        this.response = response;
        this.maxHead = tuning.maxHead();
        this.head = new H1Head(response, tuning.maxhdr());
    }

    /** The decoder of a client connection, with HAProxy's default buffer sizes. */
    public static H1Decoder requests() {
        return requests(dev.bascule.api.config.HttpTuning.DEFAULT);
    }

    /** The decoder of a client connection under {@code tuning}. */
    public static H1Decoder requests(dev.bascule.api.config.HttpTuning tuning) {
        return new H1Decoder(false, tuning);
    }

    /** The decoder of a server connection, with HAProxy's default buffer sizes. */
    public static H1Decoder responses() {
        return responses(dev.bascule.api.config.HttpTuning.DEFAULT);
    }

    /** The decoder of a server connection under {@code tuning}. */
    public static H1Decoder responses(dev.bascule.api.config.HttpTuning tuning) {
        return new H1Decoder(true, tuning);
    }

    /** A scratch array for a head of this decoder's largest size. */
    private byte[] scratch() {
        byte[] scratch = SCRATCH.get();
        if (scratch.length < maxHead) {
            scratch = new byte[maxHead];
            SCRATCH.set(scratch);
        }
        return scratch;
    }

    /** Tells a server connection's decoder what the request it answers was: a HEAD response has no body. */
    void expectResponseTo(HttpMethod method) {
        headRequest = method == HttpMethod.HEAD;
        connectRequest = method == HttpMethod.CONNECT;
    }

    /** Whether the decoder is between two messages, nothing of the next one read yet. */
    boolean betweenMessages() {
        return phase == Phase.HEAD && !head.started();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        headInOut = -1;
        decodeMessages(in, out);
        if (phase == Phase.DONE) {
            // refused, or after a message that closes the connection: nothing more is read
            in.skipBytes(in.readableBytes());
        }
    }

    private void decodeMessages(ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            switch (phase) {
                case HEAD:
                    if (!decodeHead(in, out)) {
                        return;
                    }
                    break;
                case BODY: {
                    int n = (int) Math.min(in.readableBytes(), remaining);
                    ByteBuf data = in.readRetainedSlice(n);
                    remaining -= n;
                    if (remaining == 0) {
                        out.add(new DefaultLastHttpContent(data, EmptyHttpHeaders.INSTANCE));
                        messageDone();
                    } else {
                        out.add(new DefaultHttpContent(data));
                    }
                    break;
                }
                case CHUNK_SIZE:
                    if (!decodeChunkSize(in, out)) {
                        return;
                    }
                    break;
                case CHUNK_DATA: {
                    int n = (int) Math.min(in.readableBytes(), remaining);
                    out.add(new DefaultHttpContent(in.readRetainedSlice(n)));
                    remaining -= n;
                    if (remaining == 0) {
                        phase = Phase.CHUNK_CRLF;
                    }
                    break;
                }
                case CHUNK_CRLF: {
                    int at = in.readerIndex();
                    byte c = in.getByte(at);
                    if (c == '\r') {
                        if (in.readableBytes() < 2) {
                            return;
                        }
                        c = in.getByte(at + 1);
                        in.skipBytes(1);
                    }
                    if (c != '\n') {
                        fail(out, 400, "no CRLF after chunk data");
                        return;
                    }
                    in.skipBytes(1);
                    phase = Phase.CHUNK_SIZE;
                    break;
                }
                case TRAILERS:
                    if (!decodeTrailers(in, out)) {
                        return;
                    }
                    break;
                case UNTIL_CLOSE:
                    out.add(new DefaultHttpContent(in.readRetainedSlice(in.readableBytes())));
                    break;
                case DONE:
                default:
                    in.skipBytes(in.readableBytes());
                    return;
            }
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        decode(ctx, in, out);
        if (phase == Phase.UNTIL_CLOSE) {
            // a close-delimited body ends with the connection
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
            phase = Phase.DONE;
        }
    }

    private void messageDone() {
        phase = closeAfter ? Phase.DONE : Phase.HEAD;
    }

    // ---------------------------------------------------------------- head

    /** Returns false when more bytes are needed (or the message was refused). */
    private boolean decodeHead(ByteBuf in, List<Object> out) {
        if (!head.started() && !skipEmptyLines(in)) {
            return false;
        }
        byte[] b = scratch();
        int readable = Math.min(in.readableBytes(), maxHead);
        int from = head.scanned();
        if (readable <= from) {
            return false;
        }
        int start = in.readerIndex();
        in.getBytes(start + from, b, from, readable - from);
        boolean fresh = from == 0;
        int length = head.parse(b, readable, fresh);
        if (length == H1Head.MORE) {
            if (in.readableBytes() >= maxHead) {
                head.reset();
                fail(out, response ? 502 : 400, "head too large");
            }
            return false;
        }
        if (length > 0 && !fresh) {
            // found the end on a resumed scan: parse it whole to record the positions; only this
            // parse counts the fields, so its refusal stands
            in.getBytes(start, b, 0, length);
            head.reset();
            length = head.parse(b, length, true);
        }
        if (length < 0) {
            fail(out, response ? 502 : 400, length == H1Head.FULL ? "too many header fields" : "invalid byte");
            return false;
        }
        in.skipBytes(length);
        return response ? responseHead(b, out) : requestHead(b, out);
    }

    /** Leading empty lines before a message are skipped (HAProxy's RQBEFORE). False: need more, or refused. */
    private boolean skipEmptyLines(ByteBuf in) {
        while (in.isReadable()) {
            int at = in.readerIndex();
            byte c = in.getByte(at);
            if (c == '\n') {
                in.skipBytes(1);
            } else if (c == '\r') {
                if (in.readableBytes() < 2) {
                    return false;
                }
                if (in.getByte(at + 1) != '\n') {
                    return true; // the head parser refuses it
                }
                in.skipBytes(2);
            } else {
                return true;
            }
        }
        return false;
    }

    private boolean requestHead(byte[] b, List<Object> out) {
        HttpMethod method = method(b, head.part1End);
        String uri = new String(b, head.part2Start, head.part2End - head.part2Start, StandardCharsets.ISO_8859_1);
        HttpVersion version = requestVersion(b, head.part3Start, head.part3End);
        if (version == null) {
            return fail(out, 400, "bad version");
        }
        HttpHeaders headers = HEADERS.newHeaders();
        Framing framing = new Framing();
        if (!fields(b, headers, framing, false)) {
            return fail(out, framing.status, framing.reason);
        }
        if (framing.hostValue != null && !authorityMatchesHost(method, uri, framing.hostValue)) {
            return fail(out, 400, "authority does not match host");
        }
        if (method != HttpMethod.CONNECT) {
            uri = withoutDefaultPort(uri, headers);
        }
        boolean v11 = version.majorVersion() > 1 || version.majorVersion() == 1 && version.minorVersion() >= 1;
        if (!framing.settle(headers, v11, false)) {
            return fail(out, 400, "transfer-encoding without chunked");
        }
        if (!v11 && (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.DELETE)
                && (framing.chunked || framing.contentLength > 0)) {
            return fail(out, 413, "HTTP/1.0 " + method + " with a body");
        }
        if (framing.otherCoding) {
            return fail(out, 422, "transfer coding other than chunked");
        }
        closeAfter = framing.close;
        if (closeAfter) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        DefaultHttpRequest request = new DefaultHttpRequest(version, method, uri, headers);
        headInOut = out.size();
        out.add(request);
        if (method == HttpMethod.CONNECT) {
            framing.chunked = false;
            framing.contentLength = -1;
        }
        startBody(framing, false, out);
        return true;
    }

    private boolean responseHead(byte[] b, List<Object> out) {
        HttpVersion version = responseVersion(b, head.part1End);
        if (version == null) {
            return fail(out, 502, "bad version");
        }
        int digits = head.part2End - head.part2Start;
        int code = 0;
        for (int i = head.part2Start; i < head.part2End; i++) {
            code = code * 10 + b[i] - '0';
        }
        if (digits != 3 || code < 100) {
            return fail(out, 502, "bad status code");
        }
        HttpHeaders headers = HEADERS.newHeaders();
        Framing framing = new Framing();
        if (!fields(b, headers, framing, true)) {
            return fail(out, 502, framing.reason);
        }
        boolean v11 = version.majorVersion() > 1 || version.majorVersion() == 1 && version.minorVersion() >= 1;
        framing.settle(headers, v11, true);
        if (framing.otherCoding) {
            return fail(out, 502, "transfer coding other than chunked");
        }
        String reason = new String(b, head.part3Start, head.part3End - head.part3Start, StandardCharsets.ISO_8859_1);
        HttpResponseStatus status = reasonMatches(code, reason) ? HttpResponseStatus.valueOf(code)
                : new HttpResponseStatus(code, reason);
        boolean bodyless = headRequest || code < 200 || code == 204 || code == 304
                || connectRequest && code < 300;
        closeAfter = framing.close;
        if (closeAfter) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        headInOut = out.size();
        out.add(new DefaultHttpResponse(version, status, headers));
        if (bodyless) {
            framing.chunked = false;
            framing.contentLength = 0;
        }
        startBody(framing, true, out);
        return true;
    }

    private static boolean reasonMatches(int code, String reason) {
        HttpResponseStatus known = HttpResponseStatus.valueOf(code);
        return known.reasonPhrase().equals(reason);
    }

    private void startBody(Framing framing, boolean response, List<Object> out) {
        if (framing.chunked) {
            phase = Phase.CHUNK_SIZE;
        } else if (framing.contentLength > 0) {
            remaining = framing.contentLength;
            phase = Phase.BODY;
        } else if (framing.contentLength < 0 && response) {
            phase = Phase.UNTIL_CLOSE;
        } else {
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
            messageDone();
        }
    }

    /**
     * Adds the fields of the head to {@code headers}, with HAProxy's checks on the framing ones.
     * False when the message is refused ({@code framing} says why).
     */
    private boolean fields(byte[] b, HttpHeaders headers, Framing framing, boolean response) {
        int[] f = head.fields;
        for (int i = head.firstField(); i < head.fieldCount; i++) {
            int at = 4 * i;
            AsciiString name = H1Names.name(b, f[at], f[at + 1]);
            int vs = f[at + 2];
            int ve = f[at + 3];
            if (name == HttpHeaderNames.TRANSFER_ENCODING) {
                if (!framing.transferEncoding(b, vs, ve, response)) {
                    framing.status = 400;
                    framing.reason = "bad transfer-encoding";
                    return false;
                }
            } else if (name == HttpHeaderNames.CONTENT_LENGTH) {
                int kept = framing.contentLength(b, vs, ve);
                if (kept < 0) {
                    framing.status = 400;
                    framing.reason = "bad content-length";
                    return false;
                }
                if (kept == 0) {
                    continue;
                }
                // the value cleaned as HAProxy cleans it ("5, 5" is 5)
                headers.add(name, Long.toString(framing.contentLength));
                continue;
            } else if (!response && name == HttpHeaderNames.HOST) {
                String value = new String(b, vs, ve - vs, StandardCharsets.ISO_8859_1);
                if (framing.hostValue == null) {
                    framing.hostValue = value;
                } else if (!framing.hostValue.equalsIgnoreCase(value)) {
                    framing.status = 400;
                    framing.reason = "two different hosts";
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

    /** The framing fields of a message, as HAProxy's h1m flags. */
    private static final class Framing {
        long contentLength = -1;
        boolean transferEncoding;
        boolean chunkedSeen;
        boolean chunked;
        boolean otherCoding;
        boolean close;
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
    }

    private static HttpMethod method(byte[] b, int length) {
        switch (length) {
            case 3:
                if (b[0] == 'G' && b[1] == 'E' && b[2] == 'T') {
                    return HttpMethod.GET;
                }
                if (b[0] == 'P' && b[1] == 'U' && b[2] == 'T') {
                    return HttpMethod.PUT;
                }
                break;
            case 4:
                if (b[0] == 'P' && b[1] == 'O' && b[2] == 'S' && b[3] == 'T') {
                    return HttpMethod.POST;
                }
                if (b[0] == 'H' && b[1] == 'E' && b[2] == 'A' && b[3] == 'D') {
                    return HttpMethod.HEAD;
                }
                break;
            default:
                break;
        }
        // Netty gives its constants for the other standard methods
        return HttpMethod.valueOf(new String(b, 0, length, StandardCharsets.ISO_8859_1));
    }

    /** HAProxy's strict request version: exactly {@code HTTP/} digit {@code .} digit. */
    private static HttpVersion requestVersion(byte[] b, int start, int end) {
        if (end - start != 8 || b[start] != 'H' || b[start + 1] != 'T' || b[start + 2] != 'T' || b[start + 3] != 'P') {
            return null;
        }
        return version(b, start);
    }

    /** HAProxy's response version: eight bytes, a {@code /} then digit {@code .} digit. */
    private static HttpVersion responseVersion(byte[] b, int end) {
        if (end != 8) {
            return null;
        }
        return version(b, 0);
    }

    private static HttpVersion version(byte[] b, int start) {
        byte major = b[start + 5];
        byte minor = b[start + 7];
        if (b[start + 4] != '/' || major < '0' || major > '9' || b[start + 6] != '.' || minor < '0' || minor > '9') {
            return null;
        }
        if (major == '1' && minor == '1') {
            return HttpVersion.HTTP_1_1;
        }
        if (major == '1' && minor == '0') {
            return HttpVersion.HTTP_1_0;
        }
        // kept as written (logs and req.ver show it), HTTP/1.1-like from 1.1 up as HAProxy's H1_MF_VER_11
        return new HttpVersion("HTTP", major - '0', minor - '0', major > '1' || major == '1' && minor >= '1');
    }

    /**
     * HAProxy's check of an absolute-form target against the Host field: equal, or equal once a
     * default port is left out; for CONNECT, the authority must carry a port, and a Host must name it.
     */
    static boolean authorityMatchesHost(HttpMethod method, String uri, String host) {
        String scheme = null;
        String authority;
        if (method == HttpMethod.CONNECT) {
            authority = uri;
            int colon = authority.lastIndexOf(':');
            if (colon < 0 || colon == authority.length() - 1 || authority.startsWith("[") && authority.indexOf(']') > colon) {
                return false;
            }
            String uriHost = authority.substring(0, colon);
            String uriPort = authority.substring(colon + 1);
            int hostColon = portColon(host);
            if (hostColon >= 0) {
                return host.substring(0, hostColon).equalsIgnoreCase(uriHost) && host.substring(hostColon + 1).equals(uriPort);
            }
            return isDefaultPort(null, uriPort) && host.equalsIgnoreCase(uriHost);
        }
        if (uri.isEmpty() || uri.charAt(0) == '/' || uri.charAt(0) == '*') {
            return true;
        }
        int sep = uri.indexOf("://");
        if (sep <= 0) {
            return true;
        }
        scheme = uri.substring(0, sep);
        int authStart = sep + 3;
        int authEnd = authStart;
        // HAProxy's http_parse_authority(): the authority ends at the first '/' only, so a query
        // right after it ("http://h?q") is part of it, and then differs from the Host field
        while (authEnd < uri.length() && uri.charAt(authEnd) != '/') {
            authEnd++;
        }
        authority = uri.substring(authStart, authEnd);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        if (authority.isEmpty() || authority.equalsIgnoreCase(host)) {
            return true;
        }
        int uriColon = portColon(authority);
        int hostColon = portColon(host);
        String uriHost = uriColon < 0 ? authority : authority.substring(0, uriColon);
        String hostName = hostColon < 0 ? host : host.substring(0, hostColon);
        if (uriColon < 0 && hostColon < 0) {
            return false;
        }
        if (uriColon >= 0 && !isDefaultPort(scheme, authority.substring(uriColon + 1))) {
            return false;
        }
        if (hostColon >= 0 && !isDefaultPort(scheme, host.substring(hostColon + 1))) {
            return false;
        }
        return uriHost.equalsIgnoreCase(hostName);
    }

    /**
     * HAProxy's {@code http_scheme_based_normalize()}: an absolute-form target naming its scheme's
     * default port ({@code http://h:80/p}, {@code https://h:443/p}) loses it, and so does every
     * Host field, which becomes the target's host. Anything else is returned as it is.
     */
    static String withoutDefaultPort(String uri, HttpHeaders headers) {
        int length = uri.length();
        if (length == 0 || uri.charAt(0) == '/' || uri.charAt(0) == '*' || !isAsciiLetter(uri.charAt(0))) {
            return uri;
        }
        int i = 1;
        while (i < length && (isAsciiLetter(uri.charAt(i)) || uri.charAt(i) >= '0' && uri.charAt(i) <= '9'
                || uri.charAt(i) == '+' || uri.charAt(i) == '-' || uri.charAt(i) == '.')) {
            i++;
        }
        if (!uri.startsWith("://", i)) {
            return uri;
        }
        int authorityStart = i + 3;
        int authorityEnd = uri.indexOf('/', authorityStart);
        if (authorityEnd < 0) {
            authorityEnd = length;
        }
        // the port: the digits at the end of the authority, after a colon
        int colon = authorityEnd;
        while (colon > authorityStart && uri.charAt(colon - 1) >= '0' && uri.charAt(colon - 1) <= '9') {
            colon--;
        }
        colon--;
        if (colon < authorityStart || uri.charAt(colon) != ':' || colon + 1 == authorityEnd) {
            return uri;
        }
        String scheme = uri.substring(0, authorityStart);
        String port = uri.substring(colon + 1, authorityEnd);
        boolean defaultPort = port.equals("80") && scheme.equalsIgnoreCase("http://")
                || port.equals("443") && scheme.equalsIgnoreCase("https://");
        if (!defaultPort) {
            return uri;
        }
        String host = uri.substring(authorityStart, colon);
        if (headers.contains(HttpHeaderNames.HOST)) {
            headers.set(HttpHeaderNames.HOST, host);
        }
        return scheme + host + uri.substring(authorityEnd);
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static int portColon(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        int bracket = hostPort.lastIndexOf(']');
        return colon > bracket ? colon : -1;
    }

    private static boolean isDefaultPort(String scheme, String port) {
        if (scheme == null) {
            return port.equals("80") || port.equals("443");
        }
        if (scheme.equalsIgnoreCase("http")) {
            return port.equals("80");
        }
        if (scheme.equalsIgnoreCase("https")) {
            return port.equals("443");
        }
        return false;
    }

    // ---------------------------------------------------------------- chunks

    /** HAProxy's {@code h1_parse_chunk_size()}: 1*HEXDIG *WSP [";" extension] CRLF. */
    private boolean decodeChunkSize(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int i = start;
        long size = 0;
        while (true) {
            if (i >= end) {
                return needMore(in, out);
            }
            int digit = Character.digit(in.getByte(i), 16);
            if (digit < 0) {
                break;
            }
            size = (size << 4) + digit;
            if ((size & 0xF0000000000000L) != 0) {
                return fail(out, 400, "chunk size too large");
            }
            i++;
        }
        if (i == start) {
            return fail(out, 400, "chunk size missing");
        }
        while (true) {
            if (i >= end) {
                return needMore(in, out);
            }
            byte c = in.getByte(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            if (c == ';') {
                i++;
                while (true) {
                    if (i >= end) {
                        return needMore(in, out);
                    }
                    c = in.getByte(i);
                    if (c == '\r' || c == '\n') {
                        break;
                    }
                    i++;
                }
            }
            if (c == '\r') {
                if (++i >= end) {
                    return needMore(in, out);
                }
                c = in.getByte(i);
            }
            if (c != '\n') {
                return fail(out, 400, "bad chunk size line");
            }
            i++;
            break;
        }
        if (i - start > maxHead) {
            // as when it comes in pieces (needMore): a buffer holds no longer line
            return fail(out, 400, "chunk size line too long");
        }
        in.readerIndex(i);
        if (size == 0) {
            phase = Phase.TRAILERS;
            head.resetFields();
            if (!response) {
                out.add(DATA_END);
            }
        } else {
            remaining = size;
            phase = Phase.CHUNK_DATA;
        }
        return true;
    }

    private boolean needMore(ByteBuf in, List<Object> out) {
        if (in.readableBytes() >= maxHead) {
            fail(out, 400, "chunk size line too long");
        }
        return false;
    }

    private boolean decodeTrailers(ByteBuf in, List<Object> out) {
        byte[] b = scratch();
        int readable = Math.min(in.readableBytes(), maxHead);
        int from = head.scanned();
        if (readable <= from) {
            return false;
        }
        int start = in.readerIndex();
        in.getBytes(start + from, b, from, readable - from);
        boolean fresh = from == 0;
        int length = head.parse(b, readable, fresh);
        if (length == H1Head.MORE) {
            if (in.readableBytes() >= maxHead) {
                fail(out, 400, "trailers too large");
            }
            return false;
        }
        if (length > 0 && !fresh) {
            // as for a head: the whole parse counts the fields
            in.getBytes(start, b, 0, length);
            head.resetFields();
            length = head.parse(b, length, true);
        }
        if (length < 0) {
            return fail(out, 400, length == H1Head.FULL ? "too many trailer fields" : "bad trailers");
        }
        in.skipBytes(length);
        head.reset();
        if (head.fieldCount == 0) {
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
        } else {
            HttpHeaders trailers = TRAILERS.newHeaders();
            int[] f = head.fields;
            for (int i = 0; i < head.fieldCount; i++) {
                int at = 4 * i;
                trailers.add(H1Names.name(b, f[at], f[at + 1]),
                        new String(b, f[at + 2], f[at + 3] - f[at + 2], StandardCharsets.ISO_8859_1));
            }
            out.add(new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, trailers));
        }
        messageDone();
        return true;
    }

    // ---------------------------------------------------------------- errors

    /** Refuses the message: one failed object for the handler, and nothing decoded after it. */
    private boolean fail(List<Object> out, int status, String reason) {
        H1Exception cause = new H1Exception(status, reason);
        HttpObject failed;
        if (phase != Phase.HEAD && headInOut >= 0) {
            // the error is in what came with the head: HAProxy refuses the whole message before
            // anything of it is forwarded, so the head is taken back
            while (out.size() > headInOut) {
                ReferenceCountUtil.release(out.remove(out.size() - 1));
            }
            phase = Phase.HEAD;
        }
        if (phase == Phase.HEAD) {
            HttpMessage message = response
                    ? new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_GATEWAY, HEADERS.newHeaders())
                    : new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/bad-request", HEADERS.newHeaders());
            failed = message;
        } else {
            failed = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, EmptyHttpHeaders.INSTANCE);
        }
        failed.setDecoderResult(DecoderResult.failure(cause));
        out.add(failed);
        phase = Phase.DONE;
        return false;
    }
}
