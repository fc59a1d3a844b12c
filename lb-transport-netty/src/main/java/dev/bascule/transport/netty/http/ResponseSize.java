package dev.bascule.transport.netty.http;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;

import java.util.Iterator;
import java.util.Map;

/**
 * What goes to the client, measured the way HAProxy 2.6's {@code %B} does: it counts the size of the response in its HTX form, not on
 * the wire. A head weighs 20 bytes (HAProxy's {@code struct htx_sl}), plus its version, status
 * code and reason, plus each header's name and value, plus 1 (the end-of-headers block); the
 * body counts its bytes. {@code connection} headers are HAProxy's H1 layer's business and do not
 * count, but for the one its own 400 and 408 messages carry ({@link ErrorPages#CLOSE_IN_MESSAGE}).
 */
final class ResponseSize {
    /** {@code sizeof(struct htx_sl)} in HAProxy 2.6 on 64-bit Linux. */
    static final int START_LINE = 20;

    private ResponseSize() {
    }

    /** What a response part weighs for {@code %B}. */
    static int of(Object part) {
        int size = 0;
        if (part instanceof HttpResponse) {
            size += headSize((HttpResponse) part);
        }
        if (part instanceof HttpContent) {
            size += ((HttpContent) part).content().readableBytes();
        }
        return size;
    }

    /**
     * The {@code connection} fields of a head that switches protocols: HAProxy keeps their
     * {@code upgrade} token in the message, so they count (less the tokens its H1 parser takes
     * out, which such a head seldom has).
     */
    static int connectionSize(HttpResponse response) {
        int size = 0;
        for (String value : response.headers().getAll(HttpHeaderNames.CONNECTION)) {
            size += HttpHeaderNames.CONNECTION.length() + value.length();
        }
        return size;
    }

    static int headSize(HttpResponse response) {
        int size = START_LINE + response.protocolVersion().text().length() + 3
                + response.status().reasonPhrase().length() + 1;
        Iterator<Map.Entry<CharSequence, CharSequence>> headers = response.headers().iteratorCharSequence();
        while (headers.hasNext()) {
            Map.Entry<CharSequence, CharSequence> header = headers.next();
            if (!HttpHeaderNames.CONNECTION.contentEqualsIgnoreCase(header.getKey())
                    || header.getValue() == ErrorPages.CLOSE_IN_MESSAGE) {
                size += header.getKey().length() + header.getValue().length();
            }
        }
        return size;
    }
}
