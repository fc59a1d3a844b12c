package dev.bascule.transport.netty.http;

import dev.bascule.api.Nullable;
import dev.bascule.core.rules.CompiledReply;
import dev.bascule.api.balance.PickContext;
import dev.bascule.api.balance.Server;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.CookiePersistence;
import dev.bascule.core.runtime.ServerRuntime;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Set;

/**
 * The state of the HTTP exchange in progress on a client connection, as HAProxy's
 * {@code http_txn}: the request and how far it went, the response's flags, the backend and the
 * server of this request, where paused rules resume, what body waits for the rules. One per
 * connection, reset by {@link #begin} for each request (HAProxy's {@code http_reset_txn()}), so
 * that a request allocates no state of its own. It is the {@link PickContext} of the request
 * being balanced. Used from the connection's event loop only.
 */
final class HttpTransaction implements PickContext {
    /** Where the connection is in its exchange (HAProxy's {@code msg_state}, coarser); not reset per request. */
    enum State {
        /** Waiting for a request head. */
        IDLE,
        /** Waiting for the request body before running the rules ({@code option http-buffer-request}). */
        BUFFERING,
        /** Forwarding a request (and its response) to a server. */
        FORWARDING,
        /** Answered by the proxy itself; discarding the request body. */
        DRAINING,
        /** Closing after the last write. */
        CLOSING,
        /** HTTP is over: the connection is a {@link Tunnel} with its server connection. */
        TUNNEL
    }

    /** The methods RFC 9110 calls idempotent: a request lost with its server may be sent again. */
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD,
            HttpMethod.OPTIONS, HttpMethod.TRACE, HttpMethod.PUT, HttpMethod.DELETE);

    private final HttpTrafficView view;

    State state = State.IDLE;
    /** The requests of the connection so far, this one included. */
    int requests;
    /** The client shut its sending side (FIN): the connection ends after the exchange, without saying so in the answer, as HAProxy. */
    boolean clientShut;
    /** Bytes came from the client since the last exchange ended: a request started (a timeout then answers 408). */
    boolean bytesSinceIdle;

    // the exchange in progress
    /**
     * The client connection stays open after the response (HAProxy's client-side {@code H1S_F_WANT_KAL}):
     * the request allows it and the frontend is not in {@code option httpclose}.
     */
    boolean clientKeepAlive;
    /** The request allows keeping the client connection (HTTP/1.1, or HTTP/1.0 with keep-alive; no close). */
    boolean requestKeepAlive;
    /** The frontend is in {@code option httpclose}. */
    boolean frontendClose;
    /**
     * The server connection closes after the response whatever the server says: the frontend or the
     * backend is in {@code option http-server-close} or {@code httpclose} (HAProxy's server-side mode).
     */
    boolean serverClose;
    HttpVersion clientVersion;
    boolean requestComplete;
    /** The request may switch protocols ({@link H1Decoder.TunnelRequest}): an upgrade, a CONNECT. */
    boolean tunnelRequest;
    boolean requestHeadSent;
    boolean responseStarted;
    /** The server's response ended before the request did (an early 200, 401, 413...): the upload goes on. */
    boolean responseEnded;
    boolean responseKeepAlive;
    boolean interimResponse;
    int attempt;
    ServerRuntime previous;
    BackendRuntime backend;
    final CookiePersistence.Outcome cookieOutcome = new CookiePersistence.Outcome();
    boolean cacheableMethod;
    boolean headRequest;
    /** The request head while the request may be sent again (idempotent method, no body). */
    HttpRequest retryable;
    /** The request in progress, until it goes to a server or is answered. */
    HttpRequest current;
    /** The request being balanced (its target and headers after the rules), for the hash algorithms. */
    HttpRequest balanced;
    /** The answer of an {@code http-response} action ({@code redirect}, a reply) replacing the server's response. */
    @Nullable FullHttpResponse responseReply;
    /**
     * {@code http-request tarpit}: the request waits in {@link State#DRAINING} for {@code timeout
     * tarpit}, then gets this reply, rendered then (null: the proxy's for {@link #tarpitStatus}).
     */
    @Nullable CompiledReply tarpitReply;
    int tarpitStatus;
    /** A tarpit is running. */
    boolean tarpitted;
    /** A service ({@code use-service}) is building its answer off the event loop. */
    boolean serving;

    // option http-buffer-request: the body read so far, and which rules wait for it
    final ArrayDeque<HttpContent> buffered = new ArrayDeque<>(4);
    int bufferedBytes;
    boolean backendStageNext;
    /** How much buffered body ends a wait: a buffer's worth, or a {@code wait-for-body at-least}. */
    long bufferLimit;
    /** A {@code wait-for-body} paused the rules, until the wait starts: its time and how much body is enough. */
    boolean bodyWait;
    long bodyWaitMillis;
    long bodyWaitBytes;
    /** Where the paused rules go on: the index of the rule after {@code wait-for-body}. */
    int resumeRule;
    /** The stage's rules are resuming after a {@code wait-for-body}: what ran before them does not run again. */
    boolean resuming;
    /** The wait ended before the end of the request (a full buffer, or only trailers missing). */
    boolean bufferedIncomplete;

    /** {@code maxHead}: a buffer's worth of body, the first wait's limit. */
    HttpTransaction(HttpTrafficView view, long maxHead) {
        this.view = view;
        this.bufferLimit = maxHead;
    }

    /** {@link #begin(HttpRequest, boolean)} in HAProxy's default mode, keep-alive. */
    void begin(HttpRequest request) {
        begin(request, false);
    }

    /**
     * A request head arrived: the exchange starts over for it (a body may come with the head, see
     * {@link #takeBody}). {@code frontendClose}: the frontend is in {@code option httpclose}.
     */
    void begin(HttpRequest request, boolean frontendClose) {
        requests++;
        clientVersion = request.protocolVersion();
        requestKeepAlive = HttpUtil.isKeepAlive(request);
        this.frontendClose = frontendClose;
        clientKeepAlive = !frontendClose && requestKeepAlive;
        serverClose = false;
        requestComplete = request instanceof LastHttpContent;
        tunnelRequest = request instanceof H1Decoder.TunnelRequest;
        requestHeadSent = false;
        responseStarted = false;
        responseEnded = false;
        responseKeepAlive = false;
        interimResponse = false;
        attempt = 0;
        previous = null;
        balanced = null;
        backend = null;
        retryable = IDEMPOTENT.contains(request.method()) && !(request instanceof HttpContent) ? request : null;
    }

    /**
     * Takes the body parts decoded with the head from {@code inbound}: the rules see them
     * (req.body...), as HAProxy's buffer holds them; they go out after the head, as those of a
     * buffered request. A request without body, decoded from one read, is complete now and goes
     * out in one write.
     */
    void takeBody(ArrayDeque<HttpObject> inbound) {
        if (!requestComplete && inbound.peek() == LastHttpContent.EMPTY_LAST_CONTENT) {
            buffered.add((HttpContent) inbound.poll());
            requestComplete = true;
        }
        if (!requestComplete) {
            HttpObject next;
            while (!requestComplete && (next = inbound.peek()) instanceof HttpContent && next != H1Decoder.DATA_END
                    && !next.decoderResult().isFailure()) {
                HttpContent content = (HttpContent) inbound.poll();
                buffered.add(content);
                requestComplete = content instanceof LastHttpContent;
            }
            forgetRetryIfBody();
        }
    }

    /** A request whose buffered part has body bytes is not kept for a retry. */
    void forgetRetryIfBody() {
        if (!buffered.isEmpty() && (buffered.size() > 1 || buffered.peek().content().isReadable())) {
            retryable = null;
        }
    }

    /** The body bytes waiting in {@link #buffered}. */
    long bufferedBodyBytes() {
        long total = 0;
        for (HttpContent content : buffered) {
            total += content.content().readableBytes();
        }
        return total;
    }

    void dropBuffered() {
        HttpContent content;
        while ((content = buffered.poll()) != null) {
            content.release();
        }
    }

    /** The request's method, once it goes to a server: HEAD (its response has no body), and the methods whose answers caches may keep. */
    void method(HttpMethod method) {
        headRequest = method.equals(HttpMethod.HEAD);
        cacheableMethod = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)
                || method.equals(HttpMethod.OPTIONS) || method.equals(HttpMethod.TRACE);
    }

    /** The connection is gone: what the exchange still holds is released. */
    void release() {
        if (current != null) {
            ReferenceCountUtil.release(current);
            current = null;
        }
        dropBuffered();
        tarpitted = false;
        tarpitReply = null;
        serving = false;
    }

    // ---------------------------------------------------------------- PickContext

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public Server previous() {
        return previous;
    }

    @Override
    public InetSocketAddress source() {
        // Netty caches the remote address: no allocation per request (set-src aside)
        return view.source();
    }

    @Override
    public CharSequence uri() {
        HttpRequest request = balanced;
        return request == null ? null : request.uri();
    }

    @Override
    public CharSequence requestHeader(CharSequence name) {
        HttpRequest request = balanced;
        return request == null ? null : request.headers().get(name);
    }
}
