package dev.bascule.transport.netty.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * Netty's response encoder, told which request each response answers: a response to HEAD has no
 * body whatever its framing fields say (the role of Netty's server codec, which decodes requests
 * with its own decoder).
 */
final class H1ResponseEncoder extends HttpResponseEncoder {
    private boolean headRequest;

    /** The request the next response answers. */
    void respondingTo(HttpMethod method) {
        headRequest = method == HttpMethod.HEAD;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
        int code = msg.status().code();
        return headRequest && code >= 200 || super.isContentAlwaysEmpty(msg);
    }
}
