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
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.RejectedExecutionException;

/**
 * A service's answer on the HTTP path ({@code http-request use-service}): HAProxy's applet
 * response, a 200 with {@code cache-control: no-cache}, the service's content type and a chunked
 * body (none for HEAD). A large configuration makes a large body (some 3.7 kB per server for the
 * exporter): it is built off the event loop, on Netty's global executor (one thread, so scrapes
 * take turns and never more than one core), then handed back to the connection's event loop.
 */
final class ServiceApplet {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceApplet.class);

    private ServiceApplet() {
    }

    /** What the service made of one request. */
    enum Outcome {
        /** The answer is there. */
        ANSWERED,
        /** The service refuses the request (HAProxy's 400). */
        REFUSED,
        /** The service failed: HAProxy's applet closes the connection. */
        FAILED
    }

    /** The answer to the request, null unless {@link Outcome#ANSWERED}; {@code then} owns it. */
    interface Answer {
        void accept(Outcome outcome, @Nullable FullHttpResponse response);
    }

    /**
     * Builds the answer of {@code service} to {@code request} off the event loop, then runs
     * {@code then} on {@code loop} (nothing when the loop is gone: the connection is too).
     */
    static void answer(HttpService service, HttpRequest request, StatsReport report, EventExecutor loop,
                       Answer then) {
        String uri = request.uri();
        boolean head = request.method().equals(HttpMethod.HEAD);
        GlobalEventExecutor.INSTANCE.execute(() -> {
            FullHttpResponse response = null;
            Outcome outcome;
            try {
                response = reply(service, uri, head, report);
                outcome = response == null ? Outcome.REFUSED : Outcome.ANSWERED;
            } catch (RuntimeException e) {
                LOG.warn("service {} failed on {}", service.name(), uri, e);
                outcome = Outcome.FAILED;
            }
            FullHttpResponse built = response;
            Outcome done = outcome;
            try {
                loop.execute(() -> then.accept(done, built));
            } catch (RejectedExecutionException e) {
                ReferenceCountUtil.release(built);
            }
        });
    }

    /** The answer of {@code service} to the request target {@code uri}; null when it refuses it. */
    static @Nullable FullHttpResponse reply(HttpService service, String uri, boolean head, StatsReport report) {
        StringBuilder text = new StringBuilder(16384);
        if (!service.answer(uri, report, System.currentTimeMillis(), text)) {
            return null;
        }
        ByteBuf body;
        if (head || text.length() == 0) {
            body = Unpooled.EMPTY_BUFFER;
        } else {
            body = ByteBufAllocator.DEFAULT.buffer(text.length());
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
