package dev.bascule.transport.netty.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

import java.nio.charset.StandardCharsets;

/**
 * HAProxy 2.6's built-in error replies, as it puts them on the wire: the status line and body of
 * its {@code http_err_msgs}, with the header names lower-cased by its HTX layer, in its order.
 */
public final class ErrorPages {
    private static final Page[] PAGES = new Page[600];
    /**
     * The {@code Connection: close} that the 400 and 408 messages spell themselves: HAProxy keeps it
     * in the message, so it counts in {@code %B} (the one its H1 layer adds to other replies does
     * not). {@link ResponseSize} tells it by identity.
     */
    static final AsciiString CLOSE_IN_MESSAGE = new AsciiString("close");

    static {
        define(200, "OK", "Service ready.");
        define(400, "Bad request", "Your browser sent an invalid request.");
        define(401, "Unauthorized", "You need a valid user and password to access this content.");
        define(403, "Forbidden", "Request forbidden by administrative rules.");
        define(404, "Not Found", "The resource could not be found.");
        define(405, "Method Not Allowed", "A request was made of a resource using a request method not supported by that resource");
        define(407, "Unauthorized", "You need a valid user and password to access this content.");
        define(408, "Request Time-out", "Your browser didn't send a complete request in time.");
        define(410, "Gone", "The resource is no longer available and will not be available again.");
        define(413, "Payload Too Large", "The request entity exceeds the maximum allowed.");
        define(421, "Misdirected Request", "Request sent to a non-authoritative server.");
        define(422, "Unprocessable Content", "The server cannot process the contained instructions.");
        define(425, "Too Early", "Your browser sent early data.");
        define(429, "Too Many Requests", "You have sent too many requests in a given amount of time.");
        define(500, "Internal Server Error", "An internal server error occurred.");
        define(501, "Not Implemented", ".The server does not support the functionality required to fulfill the request.");
        define(502, "Bad Gateway", "The server returned an invalid or incomplete response.");
        define(503, "Service Unavailable", "No server is available to handle this request.");
        define(504, "Gateway Time-out", "The server didn't respond in time.");
    }

    private ErrorPages() {
    }

    private record Page(HttpResponseStatus status, ByteBuf body, ByteBuf raw) {
    }

    private static void define(int status, String reason, String text) {
        byte[] body = ("<html><body><h1>" + status + " " + reason + "</h1>\n" + text + "\n</body></html>\n")
                .getBytes(StandardCharsets.US_ASCII);
        // the message as http_err_msgs[] spells it, which HAProxy's H1 layer sends as it is
        byte[] raw = ("HTTP/1.1 " + status + " " + reason + "\r\nContent-length: " + body.length
                + "\r\nCache-Control: no-cache\r\n" + (closes(status) ? "Connection: close\r\n" : "")
                + "Content-Type: text/html\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        PAGES[status] = new Page(new HttpResponseStatus(status, reason),
                Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(body).asReadOnly()),
                Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(raw, body).asReadOnly()));
    }

    /**
     * The status whose page answers for {@code status}: itself when it has one, else 500, as
     * HAProxy's {@code http_get_status_idx()} maps every other code to its 500 message.
     */
    static int withPage(int status) {
        return status >= 0 && status < PAGES.length && PAGES[status] != null ? status : 500;
    }

    /** The reply for {@code status}, a new message over the shared read-only body. */
    public static FullHttpResponse response(int status) {
        Page page = PAGES[status];
        if (page == null) {
            throw new IllegalArgumentException("no built-in error page for status " + status);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, page.status(),
                page.body().duplicate(), DefaultHttpHeadersFactory.headersFactory().withValidation(false),
                DefaultHttpHeadersFactory.trailersFactory().withValidation(false));
        HttpHeaders headers = response.headers();
        headers.add("content-length", page.body().readableBytes());
        headers.add("cache-control", "no-cache");
        headers.add("content-type", "text/html");
        if (closes(status)) {
            headers.add("connection", CLOSE_IN_MESSAGE);
        }
        return response;
    }

    /**
     * The reply for {@code status} as HAProxy's H1 layer sends it when it rejects a message it
     * could not parse or did not receive in time: the raw text of its error message, header names
     * capitalized and {@code Connection: close} in place. Rules and the stream layer send
     * {@link #response(int)} instead.
     */
    public static ByteBuf raw(int status) {
        Page page = PAGES[status];
        if (page == null) {
            throw new IllegalArgumentException("no built-in error page for status " + status);
        }
        return page.raw().duplicate();
    }

    /** Whether HAProxy's page for {@code status} closes the connection (it carries "Connection: close"). */
    public static boolean closes(int status) {
        return status == 400 || status == 408;
    }
}
