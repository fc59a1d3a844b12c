package dev.bascule.transport.netty.http;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.HeaderField;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.core.rules.CompiledReply;
import dev.bascule.core.runtime.DirectResponse;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/**
 * The answers the proxy makes itself: {@code http-request return} (fixed or rendered for the
 * request), {@code errorfile} replies and redirects, built as HAProxy builds them (its reasons,
 * header values not validated, {@code http_apply_redirect_rule()}'s location).
 */
final class LocalReplies {
    private LocalReplies() {
    }

    /**
     * The redirect HAProxy's {@code http_apply_redirect_rule()} sends, its location made by the
     * rule ({@link dev.bascule.api.action.ActionContext#redirect}). {@code closing}: the
     * connection closes after it.
     */
    static FullHttpResponse redirect(int code, String location, @Nullable String cookie, boolean closing) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, redirectStatus(code),
                Unpooled.EMPTY_BUFFER, DefaultHttpHeadersFactory.headersFactory().withValidation(false),
                DefaultHttpHeadersFactory.trailersFactory().withValidation(false));
        HttpHeaders headers = response.headers();
        if (closing) {
            // the rest of the request will not be read
            headers.add(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        headers.add("content-length", "0");
        headers.add("location", location);
        if (code == 302 || code == 303 || code == 307) {
            headers.add("cache-control", "no-cache");
        }
        if (cookie != null) {
            headers.add("set-cookie", cookie);
        }
        return response;
    }

    static HttpResponseStatus redirectStatus(int code) {
        switch (code) {
            case 301:
                return HttpResponseStatus.MOVED_PERMANENTLY;
            case 303:
                return HttpResponseStatus.SEE_OTHER;
            case 307:
                return HttpResponseStatus.TEMPORARY_REDIRECT;
            case 308:
                return HttpResponseStatus.PERMANENT_REDIRECT;
            default:
                return HttpResponseStatus.FOUND;
        }
    }

    /** A reply of its own ({@code return}, {@code errorfile}...) as the response the proxy sends, rendered for this request. */
    static FullHttpResponse of(CompiledReply reply, TrafficView view, Sample sample) {
        return reply.dynamic() ? rendered(reply, view, sample) : direct(reply.response());
    }

    /** An {@code http-request return} with log-format strings, rendered for this request. */
    private static FullHttpResponse rendered(CompiledReply rule, TrafficView view, Sample sample) {
        DirectResponse direct = rule.response();
        byte[] body = rule.body() == null ? direct.body()
                : rule.body().render(view, sample).getBytes(StandardCharsets.ISO_8859_1);
        FullHttpResponse response = local(direct.status(), body);
        HttpHeaders headers = response.headers();
        String contentType = null;
        int formatted = 0;
        for (HeaderField header : direct.headers()) {
            if (header.name().equalsIgnoreCase("content-type")) {
                contentType = header.value();
            } else {
                String value = rule.headers()[formatted++].render(view, sample);
                if (!value.isEmpty()) {
                    // HAProxy's replies leave out a header whose value renders empty
                    headers.add(header.name(), value);
                }
            }
        }
        headers.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (contentType != null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        return response;
    }

    /**
     * A reply of Bascule's own, its reason HAProxy's, its headers not validated: HAProxy sends a
     * rule's header value as it renders, a leading blank included ({@code "%[res.fhdr(x)] y"}).
     */
    static FullHttpResponse local(int status, byte[] body) {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HaproxyStatuses.of(status), Unpooled.wrappedBuffer(body),
                DefaultHttpHeadersFactory.headersFactory().withValidation(false),
                DefaultHttpHeadersFactory.trailersFactory().withValidation(false));
    }

    /** A fixed reply ({@code errorfile}, {@code http-request return} without log-format parts). */
    static FullHttpResponse direct(DirectResponse direct) {
        FullHttpResponse response = local(direct.status(), direct.body());
        HttpHeaders headers = response.headers();
        String contentType = null;
        for (HeaderField header : direct.headers()) {
            if (header.name().equalsIgnoreCase("content-type")) {
                contentType = header.value();
            } else {
                headers.add(header.name(), header.value());
            }
        }
        headers.set(HttpHeaderNames.CONTENT_LENGTH, direct.body().length);
        if (contentType != null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        return response;
    }
}
