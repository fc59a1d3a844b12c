package dev.bascule.transport.netty.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.util.CharsetUtil;

/**
 * Netty's request encoder, but the request line goes out as the client wrote it: Netty adds a
 * {@code /} to an absolute-form target without a path ({@code http://h} becomes {@code http://h/},
 * {@code http://h?q} {@code http://h/?q}), which HAProxy does not; the version is HTTP/1.1 or
 * HTTP/1.0, as HAProxy writes it.
 */
final class H1RequestEncoder extends HttpRequestEncoder {
    private static final int CRLF = ('\r' << 8) | '\n';

    @Override
    protected void encodeInitialLine(ByteBuf buf, HttpRequest request) {
        ByteBufUtil.copy(request.method().asciiName(), buf);
        buf.writeByte(' ');
        // the decoder admits only visible ASCII in a target
        buf.writeCharSequence(request.uri(), CharsetUtil.US_ASCII);
        buf.writeByte(' ');
        // HAProxy's H1 layer writes HTTP/1.1 for any later version (HTTP/1.2, HTTP/2.0), HTTP/1.0 for the rest
        buf.writeCharSequence(H1Names.http11(request.protocolVersion()) ? "HTTP/1.1" : "HTTP/1.0", CharsetUtil.US_ASCII);
        buf.writeShort(CRLF);
    }
}
