package dev.bascule.transport.netty.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;

import java.util.Iterator;
import java.util.Map;

/**
 * What a request head weighs in HAProxy 2.6's HTX form, which its {@code bin} counters add up
 * (as {@link ResponseSize} for responses): the start line block (20 bytes) with the method, the
 * target and the version, each header's name and value, and 1 for the end of the headers.
 * {@code connection} headers are the H1 layer's business and do not count.
 */
final class RequestSize {
    private RequestSize() {
    }

    static int headSize(HttpRequest request) {
        int size = ResponseSize.START_LINE + request.method().name().length() + request.uri().length()
                + request.protocolVersion().text().length() + 1;
        Iterator<Map.Entry<CharSequence, CharSequence>> headers = request.headers().iteratorCharSequence();
        while (headers.hasNext()) {
            Map.Entry<CharSequence, CharSequence> header = headers.next();
            if (!HttpHeaderNames.CONNECTION.contentEqualsIgnoreCase(header.getKey())) {
                size += header.getKey().length() + header.getValue().length();
            }
        }
        return size;
    }
}
