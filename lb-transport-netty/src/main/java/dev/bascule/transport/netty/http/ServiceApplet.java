package dev.bascule.transport.netty.http;

import dev.bascule.api.Nullable;
import dev.bascule.core.service.HttpService;
import dev.bascule.core.stats.StatsReport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * A service's answer on the HTTP path ({@code http-request use-service}): HAProxy's applet
 * response, a 200 with {@code cache-control: no-cache}, the service's content type and a chunked
 * body (none for HEAD). The body is written in one pass from the statistics the page reads, into
 * one buffer the response owns.
 */
final class ServiceApplet {
    private ServiceApplet() {
    }

    /** The answer of {@code service} to {@code request}; null when the service refuses it (HAProxy's 400). */
    static @Nullable FullHttpResponse reply(HttpService service, HttpRequest request, StatsReport report,
                                            ByteBufAllocator allocator) {
        StringBuilder text = new StringBuilder(16384);
        if (!service.answer(request.uri(), report, System.currentTimeMillis(), text)) {
            return null;
        }
        ByteBuf body;
        if (request.method().equals(HttpMethod.HEAD) || text.length() == 0) {
            body = Unpooled.EMPTY_BUFFER;
        } else {
            body = allocator.buffer(text.length());
            ByteBufUtil.writeAscii(body, text);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
        HttpHeaders headers = response.headers();
        headers.add("cache-control", "no-cache");
        headers.add(HttpHeaderNames.CONTENT_TYPE, service.contentType());
        headers.add(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        return response;
    }
}
