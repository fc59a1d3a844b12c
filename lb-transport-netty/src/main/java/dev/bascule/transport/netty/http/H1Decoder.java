package dev.bascule.transport.netty.http;

import dev.bascule.api.config.HttpTuning;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
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
 *
 * <p>This class is the state machine of both sides (a head, then a body by length, by chunks
 * with their trailers, or until the close); {@link H1Head} finds the parts of a head,
 * {@link H1StartLines} reads its start line, {@link H1Framing} its fields and how the body is
 * delimited, and {@link H1Authority} checks a request target against its {@code Host}.
 */
public final class H1Decoder extends ByteToMessageDecoder {
    /** The largest head with HAProxy's default buffer sizes. */
    static final int MAX_HEAD = HttpTuning.DEFAULT.maxHead();

    /** Each event loop's copy of a head being parsed, as large as the largest head seen configured. */
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[MAX_HEAD];
        }
    };
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final HttpHeadersFactory TRAILERS = DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

    /**
     * Given after the last chunk of a request body, before its trailers: the data is complete
     * (what {@code option http-buffer-request} waits for). Not a message to forward.
     */
    static final HttpContent DATA_END = new DefaultHttpContent(Unpooled.EMPTY_BUFFER);

    private enum Phase {
        HEAD, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_CRLF, TRAILERS, UNTIL_CLOSE, DONE,
        /**
         * After a request that may become a tunnel (an upgrade, a CONNECT), until its response says
         * (HAProxy's H1S_F_RX_BLK), and after a response that makes one (a 101, a CONNECT's 2xx):
         * what follows is not HTTP; the bytes stay in the decoder's buffer, for the tunnel to take
         * when it removes the decoder, or for {@link #resume} when the request stays HTTP.
         */
        HOLD
    }

    /**
     * A request that may switch protocols: an {@code Upgrade} one (a {@code Connection: upgrade}
     * without body) or a {@code CONNECT}. A 101 (a CONNECT's 2xx) answer makes the connection a
     * tunnel, another answer leaves it HTTP.
     */
    static final class TunnelRequest extends DefaultHttpRequest {
        TunnelRequest(HttpVersion version, HttpMethod method, String uri, HttpHeaders headers) {
            super(version, method, uri, headers);
        }
    }

    private final boolean response;
    private final H1Head head;
    private Phase phase = Phase.HEAD;
    private long remaining;
    private boolean closeAfter;
    private boolean headRequest;
    private boolean connectRequest;
    /** The request answered is an upgrade one ({@link TunnelRequest} other than CONNECT). */
    private boolean upgradeRequest;
    /** Where in this call's output the current message's head is, or -1 once it was handed on. */
    private int headInOut = -1;

    /** {@code tune.bufsize - tune.maxrewrite}: the largest head, and how much of a body is a buffer's worth. */
    private final int maxHead;

    private H1Decoder(boolean response, HttpTuning tuning) {
        this.response = response;
        this.maxHead = tuning.maxHead();
        this.head = new H1Head(response, tuning.maxhdr());
    }

    /** The decoder of a client connection, with HAProxy's default buffer sizes. */
    public static H1Decoder requests() {
        return requests(HttpTuning.DEFAULT);
    }

    /** The decoder of a client connection under {@code tuning}. */
    public static H1Decoder requests(HttpTuning tuning) {
        return new H1Decoder(false, tuning);
    }

    /** The decoder of a server connection, with HAProxy's default buffer sizes. */
    public static H1Decoder responses() {
        return responses(HttpTuning.DEFAULT);
    }

    /** The decoder of a server connection under {@code tuning}. */
    public static H1Decoder responses(HttpTuning tuning) {
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
        upgradeRequest = false;
    }

    /** As {@link #expectResponseTo(HttpMethod)}, knowing whether the request may switch protocols. */
    void expectResponseTo(HttpRequest request) {
        HttpMethod method = request.method();
        headRequest = method == HttpMethod.HEAD;
        connectRequest = method == HttpMethod.CONNECT;
        upgradeRequest = request instanceof TunnelRequest && !connectRequest;
    }

    /**
     * The request held on stays HTTP (its answer was not a 101): decoding goes on, with the
     * bytes read meanwhile. Called from the connection's event loop, {@code ctx} being this
     * decoder's.
     */
    void resume(ChannelHandlerContext ctx) {
        if (phase != Phase.HOLD) {
            return;
        }
        phase = Phase.HEAD;
        if (internalBuffer().isReadable()) {
            // decode what waits as if it had just been read
            try {
                channelRead(ctx, Unpooled.EMPTY_BUFFER);
            } catch (Exception e) {
                ctx.fireExceptionCaught(e);
            }
        }
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
                case HOLD:
                    return;
                case DONE:
                default:
                    in.skipBytes(in.readableBytes());
                    return;
            }
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (phase == Phase.HOLD && event instanceof ChannelInputShutdownEvent) {
            // the client's FIN after bytes held for a tunnel: they are the tunnel's, not to be
            // dropped as a decoder drops its buffer at the end of the input
            ctx.fireUserEventTriggered(event);
            return;
        }
        super.userEventTriggered(ctx, event);
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
        HttpMethod method = H1StartLines.method(b, head.part1End);
        String uri = new String(b, head.part2Start, head.part2End - head.part2Start, StandardCharsets.ISO_8859_1);
        HttpVersion version = H1StartLines.requestVersion(b, head.part3Start, head.part3End);
        if (version == null) {
            return fail(out, 400, "bad version");
        }
        HttpHeaders headers = HEADERS.newHeaders();
        H1Framing framing = new H1Framing();
        if (!framing.readFields(head, b, headers, false)) {
            return fail(out, framing.status, framing.reason);
        }
        if (framing.hostValue != null && !H1Authority.authorityMatchesHost(method, uri, framing.hostValue)) {
            return fail(out, 400, "authority does not match host");
        }
        if (method != HttpMethod.CONNECT) {
            uri = H1Authority.withoutDefaultPort(uri, headers);
        } else if (framing.hostValue != null) {
            // HAProxy 2.6's http_scheme_based_normalize() on an authority-form target: the Host
            // field loses a port 80 or 443, the target keeps it
            String host = H1Authority.withoutDefaultPort(framing.hostValue);
            if (host != framing.hostValue) {
                headers.set(HttpHeaderNames.HOST, host);
            }
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
        boolean tunnel = method == HttpMethod.CONNECT;
        if (framing.connectionUpgrade && !tunnel) {
            if (framing.chunked || framing.contentLength > 0) {
                // h1_postparse_req_hdrs(): an upgrade request with a body is not one; its Upgrade goes
                headers.remove(HttpHeaderNames.UPGRADE);
            } else if (framing.upgradeWebsocket && !framing.websocketKey) {
                // h1_search_websocket_key(): a WebSocket handshake needs its key
                return fail(out, 400, "websocket upgrade without key");
            } else {
                tunnel = true;
            }
        }
        DefaultHttpRequest request = tunnel ? new TunnelRequest(version, method, uri, headers)
                : new DefaultHttpRequest(version, method, uri, headers);
        headInOut = out.size();
        out.add(request);
        if (method == HttpMethod.CONNECT) {
            framing.chunked = false;
            framing.contentLength = -1;
        }
        startBody(framing, false, out);
        if (tunnel && phase == Phase.HEAD) {
            // what the client sends next waits for the answer
            phase = Phase.HOLD;
        }
        return true;
    }

    private boolean responseHead(byte[] b, List<Object> out) {
        HttpVersion version = H1StartLines.responseVersion(b, head.part1End);
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
        H1Framing framing = new H1Framing();
        if (!framing.readFields(head, b, headers, true)) {
            return fail(out, 502, framing.reason);
        }
        boolean v11 = version.majorVersion() > 1 || version.majorVersion() == 1 && version.minorVersion() >= 1;
        framing.settle(headers, v11, true);
        if (framing.otherCoding) {
            return fail(out, 502, "transfer coding other than chunked");
        }
        String reason = new String(b, head.part3Start, head.part3End - head.part3Start, StandardCharsets.ISO_8859_1);
        HttpResponseStatus status = H1StartLines.reasonMatches(code, reason) ? HttpResponseStatus.valueOf(code)
                : new HttpResponseStatus(code, reason);
        boolean bodyless = headRequest || code < 200 || code == 204 || code == 304
                || connectRequest && code < 300;
        boolean tunnel = code == 101 || connectRequest && code >= 200 && code < 300;
        if (code == 101) {
            // http_wait_for_response(): both sides must agree on an upgrade (Connection: upgrade)
            if (!upgradeRequest || !framing.connectionUpgrade) {
                return fail(out, 502, "101 without upgrade");
            }
            if (framing.upgradeWebsocket && !framing.websocketKey) {
                return fail(out, 502, "websocket 101 without accept key");
            }
        }
        closeAfter = framing.close;
        if (closeAfter && !tunnel) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        headInOut = out.size();
        out.add(new DefaultHttpResponse(version, status, headers));
        if (tunnel) {
            // what follows is the tunnel's: it waits in the buffer for the tunnel to take it
            headInOut = -1;
            phase = Phase.HOLD;
            return true;
        }
        if (bodyless) {
            framing.chunked = false;
            framing.contentLength = 0;
        }
        startBody(framing, true, out);
        return true;
    }

    private void startBody(H1Framing framing, boolean response, List<Object> out) {
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
