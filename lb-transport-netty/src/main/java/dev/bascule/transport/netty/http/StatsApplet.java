package dev.bascule.transport.netty.http;

import dev.bascule.api.config.StatsPage;
import dev.bascule.api.Nullable;
import dev.bascule.core.stats.StatsAdmin;
import dev.bascule.core.stats.StatsReport;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/** HAProxy's statistics applet on the HTTP path: which requests it takes, and its page. */
final class StatsApplet {
    private StatsApplet() {
    }

    /**
     * HAProxy's {@code http_stats_check_uri()}: a GET, HEAD or POST whose target (its path, for a
     * prefix starting with '/') starts with the page's URI prefix.
     */
    static boolean requested(StatsPage page, HttpRequest request) {
        HttpMethod method = request.method();
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD) && !method.equals(HttpMethod.POST)) {
            return false;
        }
        String uri = request.uri();
        String prefix = page.uri();
        int from = 0;
        if (prefix.startsWith("/") && !uri.startsWith("/")) {
            // http_parse_path(): the path of an absolute URI, nothing for another form ("*")
            int scheme = uri.indexOf("://");
            from = scheme < 0 ? -1 : uri.indexOf('/', scheme + 3);
            if (from < 0) {
                return prefix.isEmpty();
            }
        }
        return uri.startsWith(prefix, from);
    }

    /**
     * Headers as HAProxy keeps them: an http-after-response rule may set a value Netty's validation
     * refuses (a leading blank), which HAProxy sends.
     */
    private static final HttpHeadersFactory UNVALIDATED_HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final HttpHeadersFactory UNVALIDATED_TRAILERS =
            DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

    /**
     * The statistics applet's reply ({@code self}: the proxy whose page it is): the page (HTML, or
     * CSV for {@code ;csv}) with HAProxy's headers, or for a POST HAProxy's 303 to the page with the
     * outcome in {@code ;st=}: {@code DENY} without {@code stats admin}, else what the form
     * ({@code form}, null when it did not fit in a buffer: {@code EXCD}) did. Built in full (a
     * content-length where HAProxy streams it chunked).
     */
    static FullHttpResponse reply(StatsPage page, HttpRequest request, String self, StatsReport report, boolean admin,
                                  @Nullable String form) {
        String uri = request.uri();
        StatsReport.Options options = StatsReport.Options.parse(uri, page.uri().length());
        if (request.method().equals(HttpMethod.POST)) {
            StatsAdmin.Status status = !admin ? StatsAdmin.Status.DENY
                    : form == null ? StatsAdmin.Status.EXCD : StatsAdmin.process(form, report);
            FullHttpResponse redirect = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SEE_OTHER,
                    Unpooled.EMPTY_BUFFER, UNVALIDATED_HEADERS, UNVALIDATED_TRAILERS);
            HttpHeaders headers = redirect.headers();
            headers.add("cache-control", "no-cache");
            headers.add("content-type", "text/plain");
            headers.add("content-length", "0");
            headers.add("location", page.uri() + ";st=" + status + (options.hideDown() ? ";up" : "")
                    + (options.noRefresh() && page.refresh().isPresent() ? ";norefresh" : "")
                    + (options.scope().isEmpty() ? "" : ";scope=" + options.scope()));
            return redirect;
        }
        long now = System.currentTimeMillis();
        String body = options.csv() ? report.csv(page, self, options, now) : report.html(page, self, options, now, admin, uri);
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(bytes), UNVALIDATED_HEADERS, UNVALIDATED_TRAILERS);
        HttpHeaders headers = response.headers();
        headers.add("cache-control", "no-cache");
        headers.add("content-type", options.csv() ? "text/plain" : "text/html");
        if (page.refresh().isPresent() && !options.noRefresh()) {
            headers.add("refresh", page.refresh().get().getSeconds());
        }
        headers.set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return response;
    }
}
