package dev.bascule.transport.netty.http;

import dev.bascule.api.Nullable;
import dev.bascule.api.balance.PickContext;
import dev.bascule.api.balance.Server;
import dev.bascule.api.config.ForwardFor;
import dev.bascule.api.config.HttpReuse;
import dev.bascule.api.config.StatsPage;
import dev.bascule.api.sample.Sample;
import dev.bascule.core.log.FrontendLog;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.CookiePersistence;
import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.core.runtime.ServerRuntime;
import dev.bascule.core.rules.HttpRule;
import dev.bascule.core.rules.HttpRules;
import dev.bascule.transport.netty.DirectMemoryGuard;
import dev.bascule.transport.netty.TcpRuleSet;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One client connection in HTTP mode: handles one request at a time (reads are driven by hand,
 * and decoded messages wait their turn in a queue), forwards it to a server connection on the
 * same event loop, streams the response back, and keeps both connections alive when HTTP
 * allows. Reading resumes only when the other side has taken what was written (back-pressure).
 * Bad input gets HAProxy's answers: 400 for a malformed request, 408 when a started request
 * does not complete in time, 502 when the server fails before answering, 503 when no server
 * can be reached, 504 when it does not answer in time.
 */
public final class HttpFrontendHandler extends ChannelInboundHandlerAdapter implements PickContext {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFrontendHandler.class);

    private enum State {
        /** Waiting for a request head. */
        IDLE,
        /** Waiting for the request body before running the rules ({@code option http-buffer-request}). */
        BUFFERING,
        /** Forwarding a request (and its response) to a server. */
        FORWARDING,
        /** Answered by the proxy itself; discarding the request body. */
        DRAINING,
        /** Closing after the last write. */
        CLOSING
    }

    /** The methods RFC 9110 calls idempotent: a request lost with its server may be sent again. */
    private static final java.util.Set<HttpMethod> IDEMPOTENT = java.util.Set.of(HttpMethod.GET, HttpMethod.HEAD,
            HttpMethod.OPTIONS, HttpMethod.TRACE, HttpMethod.PUT, HttpMethod.DELETE);

    /** HAProxy waits up to this long before connecting again to a server that refused. */
    private static final long TURN_AROUND_MILLIS = 1000;

    private final FrontendRuntime frontend;
    private final Class<? extends SocketChannel> socketChannel;
    private final ChannelHandler connectionCounter;
    private final H1ResponseEncoder encoder;
    private final HttpLog httpLog;
    private final ArrayDeque<HttpObject> pending = new ArrayDeque<>(4);
    private final ArrayDeque<HttpObject> inbound = new ArrayDeque<>(4);
    /** A request head arrived in the current read: it is handled when the read is over. */
    private boolean headWaiting;
    private boolean demand;
    private boolean pumping;

    private ChannelHandlerContext ctx;
    private State state = State.IDLE;
    private boolean bytesSinceIdle;
    private int requests;
    private final ConnectionTimer timer = new ConnectionTimer(this::onTimeout);

    // the exchange in progress
    private boolean clientKeepAlive;
    /** The client shut its sending side (FIN): the connection ends after the exchange, without saying so in the answer, as HAProxy. */
    private boolean clientShut;
    private HttpVersion clientVersion;
    private boolean requestComplete;
    private boolean requestHeadSent;
    private boolean responseStarted;
    /** The server's response ended before the request did (an early 200, 401, 413...): the upload goes on. */
    private boolean responseEnded;
    private boolean responseKeepAlive;
    private boolean interimResponse;
    private int attempt;
    private ServerRuntime previous;
    private BackendRuntime backend;

    // the rules' view of the traffic, and the holder their fetches write into: one per connection
    private HttpTrafficView view;
    private final Sample sample = new Sample();
    /** Runs the plugin actions of the HTTP rule sets; made on the first one. */
    private @Nullable HttpActionContext actions;
    private final ForwardedHeaders forwarded = new ForwardedHeaders();
    private final java.util.ArrayList<CharSequence> doomedHeaders = new java.util.ArrayList<>(4);
    private final CookiePersistence.Outcome cookieOutcome = new CookiePersistence.Outcome();
    private boolean cacheableMethod;
    private boolean headRequest;
    /** The request head while the request may be sent again (idempotent method, no body). */
    private HttpRequest retryable;
    /** The request in progress, until it goes to a server or is answered. */
    private HttpRequest current;
    /** The request being balanced (its target and headers after the rules), for the hash algorithms. */
    private HttpRequest balanced;
    // option http-buffer-request: the body read so far, and which rules wait for it
    private final ArrayDeque<HttpContent> buffered = new ArrayDeque<>(4);
    private int bufferedBytes;
    private boolean backendStageNext;
    /** How much buffered body ends a wait: a buffer's worth, or a {@code wait-for-body at-least}. */
    private long bufferLimit;
    /** {@code tune.*}: the heads' sizes, for this connection's decoders. */
    private final dev.bascule.api.config.HttpTuning tuning;
    /** {@code tune.bufsize - tune.maxrewrite}: the largest head, and a buffer's worth of body. */
    private final int maxHead;
    /** The {@code wait-for-body} rule that paused the rules, until the wait starts. */
    private @Nullable HttpRule bodyWait;
    /** Where the paused rules go on: the index of the rule after {@code wait-for-body}. */
    private int resumeRule;
    /** The stage's rules are resuming after a {@code wait-for-body}: what ran before them does not run again. */
    private boolean resuming;
    /** The wait ended before the end of the request (a full buffer, or only trailers missing). */
    private boolean bufferedIncomplete;

    // the server connection bound to this client connection
    private Channel server;
    private HttpBackendHandler serverHandler;
    private ServerRuntime inflight;
    /** The {@code http-response redirect} rule that matched, while its redirect is being sent. */
    private @Nullable HttpRule responseRedirect;
    /** The reply of an {@code http-response} plugin action replacing the server's response. */
    private @Nullable FullHttpResponse responseReply;
    /** What the response rules return for a redirect (a deny returns its status). */
    private static final int REDIRECTED = -1;

    HttpFrontendHandler(FrontendRuntime frontend, Class<? extends SocketChannel> socketChannel,
                        ChannelHandler connectionCounter, H1ResponseEncoder encoder,
                        dev.bascule.api.config.HttpTuning tuning) {
        this.tuning = tuning;
        this.maxHead = tuning.maxHead();
        this.bufferLimit = maxHead;
        this.frontend = frontend;
        this.socketChannel = socketChannel;
        this.connectionCounter = connectionCounter;
        this.encoder = encoder;
        this.httpLog = new HttpLog(frontend.log(), frontend.counters());
    }

    /** Bytes arrived from the client (called by the raw-bytes marker ahead of the codec). */
    void markBytes() {
        if (!bytesSinceIdle) {
            httpLog.requestStarted();
        }
        bytesSinceIdle = true;
    }

    /** A response part goes to the client, counted as HAProxy counts it (see {@link ResponseSize}). */
    private void toClient(HttpObject part) {
        int size = ResponseSize.of(part);
        if (size > 0) {
            markBytesOut(size);
        }
        ctx.write(part, ctx.voidPromise());
    }

    /** A response part left for the client, of this size as HAProxy counts it (see {@link ResponseSize}). */
    void markBytesOut(int bytes) {
        httpLog.bytesOut(bytes);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.view = new HttpTrafficView(ctx.channel());
        timer.executor(ctx.executor());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        httpLog.accepted(ctx.channel());
        view.streamLog(httpLog.streamLog());
        dev.bascule.core.stick.StickTracker stick = view.stickCounters();
        if (stick != null) {
            stick.sessionStarted();
        }
        if (frontend.log().needsTraffic()) {
            httpLog.streamLog().traffic(view);
        }
        timer.arm(frontend.httpRequestTimeoutMillis(), ConnectionTimer.Kind.REQUEST);
        requestMore();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject) || state == State.CLOSING) {
            ReferenceCountUtil.release(msg);
            return;
        }
        inbound.add((HttpObject) msg);
        if (msg instanceof HttpContent) {
            httpLog.bytesIn(((HttpContent) msg).content().readableBytes());
        }
        if (msg instanceof HttpRequest && !(msg instanceof LastHttpContent)) {
            // a head with a body to come: the rules run once this read is decoded, so that they
            // see the body bytes read with the head, as HAProxy's do
            headWaiting = true;
            return;
        }
        if (demand && !pumping && !headWaiting) {
            pump();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (headWaiting) {
            headWaiting = false;
            if (demand && !pumping) {
                pump();
            }
        }
        ctx.fireChannelReadComplete();
    }

    /**
     * Asks for the next message of the client. The codec may decode several messages from one
     * socket read (a pipelined request); they wait in {@link #inbound} and are handled one at a
     * time, so the socket is only read again when nothing is waiting.
     */
    private void requestMore() {
        demand = true;
        if (!pumping) {
            pump();
        }
    }

    private void pump() {
        pumping = true;
        try {
            while (demand) {
                HttpObject next = inbound.poll();
                if (next == null) {
                    ctx.read();
                    break;
                }
                demand = false;
                handle(next);
            }
        } finally {
            pumping = false;
        }
    }

    private void handle(HttpObject msg) {
        if (state == State.BUFFERING) {
            onBufferedContent(msg);
            return;
        }
        if (msg == H1Decoder.DATA_END) {
            requestMore();
            return;
        }
        if (msg instanceof HttpRequest) {
            onRequest((HttpRequest) msg);
        } else if (msg instanceof HttpContent) {
            onRequestContent((HttpContent) msg);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(HttpRequest request) {
        if (state != State.IDLE) {
            // the codec delivered a request while one is in progress: cannot happen with one read at a time
            ReferenceCountUtil.release(request);
            closeNow();
            return;
        }
        timer.cancel();
        if (request.decoderResult().isFailure()) {
            ReferenceCountUtil.release(request);
            httpLog.badRequest();
            replyRawErrorAndClose(statusOf(request.decoderResult().cause(), 400));
            return;
        }
        if (request.method().name().equalsIgnoreCase("PRI")) {
            // HAProxy's http_wait_for_request(): PRI is the HTTP/2 preface's, never an HTTP/1 request
            // (HAProxy would speak HTTP/2 after a whole preface; Bascule has no HTTP/2 yet)
            ReferenceCountUtil.release(request);
            httpLog.badRequest();
            HttpRule custom = configuredReply(400);
            if (custom != null) {
                replyConfiguredAndClose(400, custom);
            } else {
                replyErrorAndClose(400);
            }
            return;
        }
        requests++;
        encoder.respondingTo(request.method());
        httpLog.requestHead(request);
        dev.bascule.core.stick.StickTracker stick = view.stickCounters();
        if (stick != null) {
            // HAProxy's stream_inc_http_req_ctr(): the entries tracked before the request rules
            stick.httpRequest();
        }
        @Nullable String[] requestCaptures = httpLog.frontendLog().requestCaptures();
        if (requestCaptures.length > 0) {
            httpLog.streamLog().requestCaptures(capture(request.headers(), requestCaptures, true));
        }
        clientVersion = request.protocolVersion();
        clientKeepAlive = HttpUtil.isKeepAlive(request);
        requestComplete = request instanceof LastHttpContent;
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
        if (!requestComplete && inbound.peek() == LastHttpContent.EMPTY_LAST_CONTENT) {
            // a request without body, decoded from one read: it is complete now, and goes out in one write
            buffered.add((HttpContent) inbound.poll());
            requestComplete = true;
        }
        if (!requestComplete) {
            // the body bytes read with the head: the rules see them (req.body...), as HAProxy's
            // buffer holds them; they go out after the head, as those of a buffered request
            HttpObject next;
            while (!requestComplete && (next = inbound.peek()) instanceof HttpContent && next != H1Decoder.DATA_END
                    && !next.decoderResult().isFailure()) {
                HttpContent content = (HttpContent) inbound.poll();
                buffered.add(content);
                requestComplete = content instanceof LastHttpContent;
            }
            if (!buffered.isEmpty() && (buffered.size() > 1 || buffered.peek().content().isReadable())) {
                retryable = null;
            }
        }

        // HAProxy's order: the frontend's http-request then redirect rules, use_backend, then the backend's
        HttpRules frontendHttp = frontend.http();
        view.reset(request, frontendHttp.uniqueIdFormat());
        view.names(frontend.name(), frontend.name(), null);
        view.proxyIds(frontend.id(), frontend.id());
        view.frontend(frontend);
        view.streamLog(httpLog.streamLog());
        // a request without body has its whole (empty) body now; another's is seen once waited for
        view.body(buffered);
        current = request;
        String monitorUri = frontendHttp.monitorUri();
        if (monitorUri != null && monitored(monitorUri, request.uri())) {
            // HAProxy's monitor-uri: answered 200 (503 when a monitor fail condition holds) before
            // any rule, the connection then closed
            int status = frontendHttp.monitorFails(view, sample) ? 503 : 200;
            frontend.counters().intercept();
            ReferenceCountUtil.release(request);
            current = null;
            view.clear();
            requestComplete = true;
            replyErrorAndClose(status);
            return;
        }
        bufferedIncomplete = false;
        if (frontend.http().bufferRequest() && !requestComplete) {
            startBuffering(false);
            return;
        }
        frontendStage();
    }

    /** HAProxy compares a monitor URI starting with '/' to the request's path, another to the whole target. */
    private static boolean monitored(String monitorUri, String uri) {
        if (monitorUri.startsWith("/") && !uri.startsWith("/")) {
            int scheme = uri.indexOf("://");
            int path = scheme < 0 ? -1 : uri.indexOf('/', scheme + 3);
            int query = uri.indexOf('?');
            if (path < 0) {
                return false;
            }
            return uri.regionMatches(path, monitorUri, 0, monitorUri.length())
                    && path + monitorUri.length() == (query > path ? query : uri.length());
        }
        if (monitorUri.startsWith("/")) {
            int query = uri.indexOf('?');
            int end = query < 0 ? uri.length() : query;
            return end == monitorUri.length() && uri.startsWith(monitorUri);
        }
        return uri.equals(monitorUri);
    }

    private void frontendStage() {
        HttpRequest request = current;
        if (!resuming && frontend.tcp().content().length > 0
                && TcpRuleSet.run(frontend.tcp().content(), view, sample, httpLog.streamLog()) == TcpRuleSet.REJECT) {
            rejectContent(request);
            return;
        }
        HttpRules frontendRules = frontend.http();
        boolean answered = applyRequestRules(frontendRules, request);
        resuming = false;
        if (bodyWait != null) {
            waitForBody(false);
            return;
        }
        if (answered) {
            dropBuffered();
            return;
        }
        BackendRuntime selected = frontend.selectBackend(view, sample);
        if (selected == null) {
            ReferenceCountUtil.release(request);
            dropBuffered();
            state = State.DRAINING;
            replyError(503);
            return;
        }
        backend = selected;
        httpLog.backend(backend);
        view.names(frontend.name(), selected.name(), null);
        view.proxyIds(frontend.id(), selected.id());
        HttpRules backendRules = ownRules(selected);
        if (backendRules != null && backendRules.bufferRequest() && !requestComplete && !bufferedIncomplete
                && !frontend.http().bufferRequest()) {
            startBuffering(true);
            return;
        }
        backendStage();
    }

    private void backendStage() {
        HttpRequest request = current;
        BackendRuntime selected = backend;
        if (!resuming && selected.tcp().content().length > 0
                && TcpRuleSet.run(selected.tcp().content(), view, sample, httpLog.streamLog()) == TcpRuleSet.REJECT) {
            rejectContent(request);
            return;
        }
        HttpRules backendRules = ownRules(selected);
        boolean answered = backendRules != null && applyRequestRules(backendRules, request);
        resuming = false;
        if (bodyWait != null) {
            waitForBody(true);
            return;
        }
        if (answered) {
            dropBuffered();
            return;
        }
        ForwardFor forwardFor = frontend.http().forwardFor();
        ForwardFor backendForwardFor = selected.http().forwardFor();
        if (forwardFor != null || backendForwardFor != null) {
            forwarded.forwardFor(request, forwardFor, backendForwardFor, source().getAddress());
        }
        ForwardFor originalTo = frontend.http().originalTo();
        ForwardFor backendOriginalTo = selected.http().originalTo();
        if (originalTo != null || backendOriginalTo != null) {
            ForwardedHeaders.originalTo(request, originalTo, backendOriginalTo, view.destination().getAddress());
        }
        String uniqueIdHeader = frontend.http().uniqueIdHeader();
        if (uniqueIdHeader != null && view.uniqueId() != null) {
            request.headers().add(uniqueIdHeader, view.uniqueId());
        }
        cookieOutcome.reset();
        if (selected.cookie() != null) {
            PersistenceCookies.onRequest(request.headers(), selected.cookie(), cookieOutcome);
        }
        HttpMethod method = request.method();
        headRequest = method.equals(HttpMethod.HEAD);
        cacheableMethod = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)
                || method.equals(HttpMethod.OPTIONS) || method.equals(HttpMethod.TRACE);
        state = State.FORWARDING;
        current = null;
        balanced = request;
        HeaderRewrites.prepareForServer(request);
        pending.add(request);
        pending.addAll(buffered);
        buffered.clear();
        if (bufferedIncomplete) {
            connectAfterDrain(selected);
        } else {
            connectOrReuse(selected);
        }
    }

    // ---------------------------------------------------------------- option http-buffer-request

    /**
     * HAProxy's {@code http_wait_for_request_body()}: the rules wait for the whole body, or for as
     * much of it as a buffer holds, or for the last chunk (trailers may follow); within
     * {@code timeout http-request}, else 408.
     */
    private void startBuffering(boolean backendStage) {
        beginWait(backendStage, frontend.httpRequestTimeoutMillis(), maxHead);
    }

    /** Waits for the body until {@code limit} bytes of it are there (or all of it), within {@code timeoutMillis}. */
    private void beginWait(boolean backendStage, long timeoutMillis, long limit) {
        state = State.BUFFERING;
        backendStageNext = backendStage;
        bufferedBytes = (int) bufferedBodyBytes();
        bufferLimit = limit;
        if (bufferedBytes >= limit) {
            // read with the head already
            bufferedIncomplete = true;
            endWait();
            return;
        }
        timer.arm(timeoutMillis, ConnectionTimer.Kind.REQUEST);
        requestMore();
    }

    /**
     * {@code http-request wait-for-body} paused the rules: wait as {@code option http-buffer-request}
     * does, within the rule's time and up to its {@code at-least}, then go on with the next rule.
     */
    private void waitForBody(boolean backendStage) {
        HttpRule rule = bodyWait;
        bodyWait = null;
        resuming = true;
        beginWait(backendStage, rule.status(),
                rule.bytes() > 0 ? Math.min(rule.bytes(), maxHead) : maxHead);
    }

    private void onBufferedContent(HttpObject msg) {
        boolean end;
        if (msg == H1Decoder.DATA_END) {
            end = true;
            bufferedIncomplete = true;
        } else if (msg instanceof HttpContent) {
            HttpContent content = (HttpContent) msg;
            if (content.decoderResult().isFailure()) {
                state = State.IDLE;
                dropBuffered();
                ReferenceCountUtil.release(current);
                current = null;
                onBadRequestBody(content);
                return;
            }
            buffered.add(content);
            bufferedBytes += content.content().readableBytes();
            if (content instanceof LastHttpContent) {
                requestComplete = true;
                end = true;
            } else {
                end = bufferedBytes >= bufferLimit;
                bufferedIncomplete = end;
            }
        } else {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!end) {
            requestMore();
            return;
        }
        endWait();
    }

    /** The wait for the body is over: the stage that asked for it goes on. */
    private void endWait() {
        timer.cancel();
        if (requestComplete) {
            bufferedIncomplete = false;
        }
        if (!buffered.isEmpty() && (buffered.size() > 1 || buffered.peek().content().isReadable())) {
            retryable = null;
        }
        state = State.IDLE;
        view.body(buffered);
        if (backendStageNext) {
            backendStage();
        } else {
            frontendStage();
        }
    }

    /** The body bytes waiting in {@link #buffered}. */
    private long bufferedBodyBytes() {
        long total = 0;
        for (HttpContent content : buffered) {
            total += content.content().readableBytes();
        }
        return total;
    }

    private void dropBuffered() {
        HttpContent content;
        while ((content = buffered.poll()) != null) {
            content.release();
        }
    }

    /**
     * The wait ended with the request still incomplete: the server is chosen once the socket has
     * been read again, so that a client that already went away (its close arrived with its last
     * bytes) is an abort before any server is involved, as HAProxy sees data and close together.
     */
    private void connectAfterDrain(BackendRuntime selected) {
        ctx.read();
        Runnable connect = () -> {
            if (state == State.FORWARDING && server == null && inflight == null && ctx.channel().isActive()) {
                connectOrReuse(selected);
            }
        };
        // a task queued now runs before the loop polls its sockets again; a task scheduled from that
        // task runs after the next poll (Netty takes due scheduled tasks once per turn)
        ctx.executor().execute(() -> ctx.executor().schedule(connect, 0, TimeUnit.NANOSECONDS));
    }

    /** The backend's own rules, or null when it has none or is the frontend's listen section (they ran already). */
    private HttpRules ownRules(BackendRuntime selected) {
        HttpRules rules = selected.http();
        if (rules == HttpRules.NONE || selected.name().equals(frontend.name())) {
            return null;
        }
        return rules;
    }

    // ---------------------------------------------------------------- rules

    /**
     * Runs a proxy's {@code http-request} rules, then its {@code redirect} rules, on the request.
     * Returns true when one of them answered the client (deny, return, redirect).
     */
    private boolean applyRequestRules(HttpRules rules, HttpRequest request) {
        int count = rules.requestCount();
        int first = resumeRule;
        resumeRule = 0;
        for (int i = first; i < count; i++) {
            HttpRule rule = rules.request(i);
            if (!rule.applies(view, sample)) {
                continue;
            }
            switch (rule.kind()) {
                case ALLOW:
                    i = count;
                    break;
                case DENY:
                    deny(request, rule.status(), rule.response() != null ? rule : null);
                    return true;
                case RETURN:
                    if (rule.response() == null) {
                        // default-errorfiles: the proxy's reply for the status, else the built-in page
                        HttpRule configured = configuredReply(rule.status());
                        if (configured != null && configured.response() == HttpRules.SILENT) {
                            countIntercepted();
                            replyConfiguredAndClose(rule.status(), configured);
                            ReferenceCountUtil.release(request);
                            view.clear();
                            return true;
                        }
                        answerLocally(request, configured == null ? ErrorPages.response(rule.status())
                                : configured.dynamicReturn() ? LocalReplies.rendered(configured, view, sample)
                                : LocalReplies.direct(configured.response()));
                        return true;
                    }
                    answerLocally(request, rule.dynamicReturn() ? LocalReplies.rendered(rule, view, sample) : LocalReplies.direct(rule.response()));
                    return true;
                case REDIRECT: {
                    FullHttpResponse redirect = redirectResponse(rule, request);
                    if (redirect == null) {
                        // ignore-empty: the location rendered empty, the rules go on
                        break;
                    }
                    answerLocally(request, redirect);
                    return true;
                }
                case AUTH:
                    challenge(request, rule);
                    return true;
                case CAPTURE:
                    captureSample(rule, true);
                    break;
                case WAIT_FOR_BODY:
                    if (!requestComplete && bufferedBodyBytes() < (rule.bytes() > 0
                            ? Math.min(rule.bytes(), maxHead) : maxHead)) {
                        // the rules go on from the next one once the body is there
                        bodyWait = rule;
                        resumeRule = i + 1;
                        return true;
                    }
                    break;
                case TRACK:
                    rule.track(view.stickCounters(), view, sample, true);
                    break;
                case ACTION:
                    switch (actions().run(rule, request, httpLog.streamLog())) {
                        case STOP:
                            i = count;
                            break;
                        case DONE:
                            answerLocally(request, actions.reply());
                            return true;
                        case DENY:
                            deny(request, actions.denyStatus(), null);
                            return true;
                        default:
                            break;
                    }
                    break;
                default:
                    throw new IllegalStateException("not an http-request rule: " + rule);
            }
        }
        // HAProxy's http_process_req_common(): once the http-request rules let the request through,
        // the proxy's stats page takes it, before its redirect rules
        StatsPage stats = rules.stats();
        if (stats != null && StatsApplet.requested(stats, request)) {
            HttpRule challenge = rules.statsChallenge();
            if (challenge != null && challenge.applies(view, sample)) {
                // stats auth: the credentials are none of the page's accounts
                challenge(request, challenge);
                return true;
            }
            answerLocally(request, StatsApplet.reply(stats, request, backend != null ? backend.name() : frontend.name(),
                    frontend.statsReport()));
            return true;
        }
        count = rules.redirectCount();
        for (int i = 0; i < count; i++) {
            HttpRule rule = rules.redirect(i);
            if (rule.applies(view, sample)) {
                answerLocally(request, redirectResponse(rule, request));
                return true;
            }
        }
        return false;
    }

    /**
     * HAProxy's {@code http-request deny}: counted in the frontend's dreq (the backend's once the
     * stream has one); the reply is the rule's own ({@code configured}), else the proxy's for the status.
     */
    private void deny(HttpRequest request, int status, @Nullable HttpRule configured) {
        httpLog.httpError();
        frontend.counters().deniedRequest();
        if (backend != null) {
            backend.counters().deniedRequest();
        }
        if (configured != null) {
            // a deny with its own reply (errorfile, string, lf-string, hdr...)
            httpLog.failed('P', 'R', status);
            replyConfiguredAndClose(status, configured);
            ReferenceCountUtil.release(request);
            view.clear();
        } else {
            answerWithErrorPage(request, status);
        }
    }

    private HttpActionContext actions() {
        if (actions == null) {
            actions = new HttpActionContext(view, sample);
        }
        return actions;
    }

    /** Runs a proxy's {@code http-response} rules; returns the deny status, or 0 when the response goes on. */
    private int applyResponseRules(HttpRules rules, HttpResponse response) {
        return applyResponseRules(rules, response, false);
    }

    private int applyResponseRules(HttpRules rules, HttpResponse response, boolean after) {
        int count = after ? rules.afterResponseCount() : rules.responseCount();
        for (int i = 0; i < count; i++) {
            HttpRule rule = after ? rules.afterResponse(i) : rules.response(i);
            if (!rule.applies(view, sample)) {
                continue;
            }
            switch (rule.kind()) {
                case ALLOW:
                    return 0;
                case DENY:
                    return rule.status();
                case REDIRECT:
                    if (rule.redirect().ignoreEmpty() && renderedTarget(rule).isEmpty()) {
                        break;
                    }
                    responseRedirect = rule;
                    return REDIRECTED;
                case CAPTURE:
                    captureSample(rule, false);
                    break;
                case ACTION:
                    switch (actions().run(rule, response, httpLog.streamLog())) {
                        case STOP:
                            return 0;
                        case DONE:
                            responseReply = actions.reply();
                            return REDIRECTED;
                        case DENY:
                            return actions.denyStatus();
                        default:
                            break;
                    }
                    break;
                default:
                    throw new IllegalStateException("not an http-response rule: " + rule);
            }
        }
        return 0;
    }

    /** Answers the request with a response made here; the rest of the request is read and dropped. */
    private void answerLocally(HttpRequest request, FullHttpResponse response) {
        // HAProxy's termination state for a redirect or a return: processed locally (L) on the request (R)
        httpLog.localAnswer(response.status().code());
        countIntercepted();
        sendLocally(request, response);
    }

    /**
     * The server's response did not come (closed, timed out) or could not be parsed: HAProxy's
     * {@code eresp} of the backend and the server.
     */
    private void countFailedResponse(@Nullable ServerRuntime failed) {
        if (backend != null) {
            backend.counters().failedResponse();
        }
        if (failed != null) {
            failed.counters().failedResponse();
        }
    }

    /**
     * A request the proxy answered itself (return, redirect, stats page, monitor URI): HAProxy
     * counts it in the frontend's {@code intercepted} when the stream has no other backend.
     */
    private void countIntercepted() {
        if (backend == null || backend.name().equals(frontend.name())) {
            frontend.counters().intercept();
        }
    }

    private void sendLocally(HttpRequest request, FullHttpResponse response) {
        applyAfterResponseRules(response);
        ReferenceCountUtil.release(request);
        view.clear();
        state = State.DRAINING;
        if (!clientKeepAlive && !response.headers().contains(HttpHeaderNames.CONNECTION)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        toClient(response);
        if (requestComplete) {
            finishExchange();
        } else {
            ctx.flush();
            requestMore();
        }
    }

    /**
     * {@code http-request auth}: the proxy's reply for 401 (its errorfile, else the built-in page)
     * with the rule's challenge in place of any {@code WWW-Authenticate} it had. HAProxy logs it
     * as processed locally ({@code LR}) and keeps the connection.
     */
    private void challenge(HttpRequest request, HttpRule rule) {
        int status = rule.status();
        HttpRule configured = configuredReply(status);
        if (configured != null && configured.response() == HttpRules.SILENT) {
            httpLog.failed('L', 'R', status);
            replyConfiguredAndClose(status, configured);
            ReferenceCountUtil.release(request);
            view.clear();
            return;
        }
        FullHttpResponse response = configured == null ? ErrorPages.response(status)
                : configured.dynamicReturn() ? LocalReplies.rendered(configured, view, sample) : LocalReplies.direct(configured.response());
        response.headers().remove(rule.headerName());
        response.headers().add(rule.headerName(), rule.headerValue());
        answerLocally(request, response);
    }

    private void answerWithErrorPage(HttpRequest request, int status) {
        // HAProxy's termination state for a deny: intercepted by the proxy (P) while reading the request (R)
        httpLog.failed('P', 'R', status);
        HttpRule custom = configuredReply(status);
        if (custom != null) {
            replyConfiguredAndClose(status, custom);
            ReferenceCountUtil.release(request);
            view.clear();
            return;
        }
        if (ErrorPages.closes(status)) {
            ReferenceCountUtil.release(request);
            view.clear();
            replyErrorAndClose(status);
            return;
        }
        sendLocally(request, ErrorPages.response(status));
    }

    /** A redirect's target: as written, or its log-format string rendered for this stream. */
    private String renderedTarget(HttpRule rule) {
        return LocalReplies.target(rule, view, sample);
    }

    /** HAProxy's {@code http_apply_redirect_rule()}: null when an {@code ignore-empty} location renders empty. */
    private @Nullable FullHttpResponse redirectResponse(HttpRule rule, HttpRequest request) {
        FullHttpResponse response = LocalReplies.redirect(rule, request, !requestComplete, view, sample);
        if (response != null && !requestComplete) {
            // the rest of the request will not be read
            clientKeepAlive = false;
        }
        return response;
    }

    /** The last value of each captured header, cut to its capture's length (HAProxy keeps the last occurrence). */
    private String[] capture(HttpHeaders headers, @Nullable String[] names, boolean request) {
        String[] values = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            if (names[i] == null) {
                continue;
            }
            java.util.List<String> all = headers.getAll(names[i]);
            if (!all.isEmpty()) {
                String value = all.get(all.size() - 1);
                int length = request ? httpLog.frontendLog().requestCaptureLength(i)
                        : httpLog.frontendLog().responseCaptureLength(i);
                values[i] = value.length() > length ? value.substring(0, length) : value;
            }
        }
        return values;
    }

    /**
     * {@code http-request|http-response capture}: the expression's sample as text, cut to the slot's
     * length, into the frontend's slot; nothing when the frontend lacks the slot or there is no sample.
     */
    private void captureSample(HttpRule rule, boolean request) {
        FrontendLog log = httpLog.frontendLog();
        int slot = rule.status();
        int slots = request ? log.requestCaptures().length : log.responseCaptures().length;
        if (slot >= slots) {
            return;
        }
        sample.reset(false);
        if (!rule.variableFetch().fetch(view, sample) || !sample.castTo(dev.bascule.api.sample.SampleType.STRING)) {
            return;
        }
        int length = Math.min(sample.length(), request ? log.requestCaptureLength(slot) : log.responseCaptureLength(slot));
        CharSequence text = sample.text();
        httpLog.streamLog().capture(request, slot, slots,
                text.subSequence(sample.start(), sample.start() + length).toString());
    }

    private static int statusOf(Throwable cause, int otherwise) {
        return cause instanceof H1Exception ? ((H1Exception) cause).status() : otherwise;
    }

    private void onRequestContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            onBadRequestBody(content);
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (content.content().isReadable() || last && !((LastHttpContent) content).trailingHeaders().isEmpty()) {
            // a request with a body is not kept for a retry: it streams
            retryable = null;
        }
        if (state == State.FORWARDING && requestHeadSent && server == null) {
            // the server connection is gone (it answered and closed): the rest of the request is read and dropped
            state = State.DRAINING;
        }
        if (state == State.DRAINING) {
            content.release();
            if (last) {
                requestComplete = true;
                finishExchange();
            } else {
                requestMore();
            }
            return;
        }
        if (state != State.FORWARDING) {
            content.release();
            return;
        }
        if (last) {
            requestComplete = true;
        }
        if (!requestHeadSent) {
            pending.add(content);
            return;
        }
        timer.cancel();
        if (last) {
            server.writeAndFlush(content, server.voidPromise());
            if (responseEnded) {
                // the answer went out already: the exchange ends with its upload
                endExchange();
                return;
            }
            armServerTimeout();
            readAhead();
        } else {
            server.writeAndFlush(content).addListener(this::onRequestPartWritten);
        }
    }

    /**
     * The request body turned out malformed (a bad chunk): the server, if it got the head, will
     * never see a complete request, so its connection goes; the client gets HAProxy's answer if no
     * response started, and the connection closes.
     */
    private void onBadRequestBody(HttpContent content) {
        int status = statusOf(content.decoderResult().cause(), 400);
        content.release();
        requestComplete = true;
        releaseInflight();
        releaseServerConnection(false);
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
        if (state == State.CLOSING) {
            return;
        }
        if (responseStarted || state == State.DRAINING) {
            httpLog.aborted('C', 'D');
            ctx.flush();
            closeNow();
            return;
        }
        httpLog.failed('C', 'R', status);
        replyRawErrorAndClose(status);
    }

    private void onRequestPartWritten(io.netty.util.concurrent.Future<? super Void> future) {
        if (!future.isSuccess()) {
            // the server went away while receiving; onServerClosed answers the client
            return;
        }
        if (state == State.FORWARDING && !requestComplete) {
            timer.arm(frontend.clientTimeoutMillis(), ConnectionTimer.Kind.CLIENT);
            requestMore();
        }
    }

    // ---------------------------------------------------------------- server side

    private void connectOrReuse(BackendRuntime backend) {
        ServerRuntime target = cookieOutcome.server();
        if (target == null) {
            target = backend.pick(this);
            if (target != null) {
                // chosen by the balancing algorithm (HAProxy's cum_lbconn)
                target.counters().chosenByBalancer();
                backend.counters().chosenByBalancer();
            }
        }
        if (target == null) {
            target = backend.dispatch();
        }
        if (target == null) {
            httpLog.failed('S', 'C', 503);
            failExchange(503);
            return;
        }
        if (server != null && (serverHandler.server() != target || !server.isActive())) {
            releaseServerConnection(true);
        }
        if (server == null) {
            Channel idle = idleConnection(backend.reuseFor(target), target);
            if (idle != null) {
                bindServer(idle, (HttpBackendHandler) idle.pipeline().last());
            }
        }
        acquire(target);
        if (server != null) {
            target.counters().session();
            target.counters().connection(true);
            backend.counters().connection(true);
            view.names(frontend.name(), backend.name(), target.name());
        view.serverId(target.id());
            httpLog.connected(target, server);
            sendPending();
            return;
        }
        connect(backend, target);
    }

    /**
     * An idle connection to {@code target} this request may take, as HAProxy's {@code http-reuse}
     * allows: never; a session's later requests (safe); a first request too, on a connection that
     * has been reused already (aggressive) or on any (always).
     */
    private Channel idleConnection(HttpReuse reuse, ServerRuntime target) {
        switch (reuse) {
            case NEVER:
                return null;
            case SAFE:
                return requests > 1 ? BackendPool.current().poll(target) : null;
            case AGGRESSIVE:
                return BackendPool.current().poll(target, requests > 1 ? 0 : 2);
            case ALWAYS:
            default:
                return BackendPool.current().poll(target);
        }
    }

    private void connect(BackendRuntime backend, ServerRuntime target) {
        H1Decoder decoder = H1Decoder.responses(tuning);
        HttpBackendHandler handler = new HttpBackendHandler(target, decoder);
        target.counters().session();
        target.counters().connection(false);
        backend.counters().connection(false);
        httpLog.connecting(target);
        view.names(frontend.name(), backend.name(), target.name());
        view.serverId(target.id());
        Bootstrap bootstrap = new Bootstrap()
                .group(ctx.channel().eventLoop())
                .channel(socketChannel)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(connectionCounter, decoder, new H1RequestEncoder(), handler);
                    }
                });
        if (backend.connectTimeoutMillis() > 0) {
            bootstrap.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, backend.connectTimeoutMillis()));
        }
        bootstrap.connect(target.address()).addListener((ChannelFutureListener) future -> {
            if (state != State.FORWARDING || !ctx.channel().isActive()) {
                future.channel().close();
                return;
            }
            if (future.isSuccess()) {
                httpLog.connected(target, future.channel());
                bindServer(future.channel(), handler);
                sendPending();
            } else {
                LOG.debug("[{}] connect to {} failed: {}", ctx.channel().id(), target, future.cause().toString());
                retryConnect(backend, target, !(future.cause() instanceof ConnectTimeoutException));
            }
        });
    }

    /**
     * A connection to {@code failed} could not be made: retry ({@code retries}), on the same
     * server unless {@code option redispatch} sends the retry elsewhere, else answer 503.
     */
    private void retryConnect(BackendRuntime backend, ServerRuntime failed, boolean refused) {
        if (attempt >= backend.retries()) {
            failed.counters().failedConnection();
            backend.counters().failedConnection();
            httpLog.failed('S', 'C', 503);
            failExchange(503);
            return;
        }
        attempt++;
        httpLog.retry();
        previous = failed;
        ServerRuntime target = failed;
        boolean redispatched = backend.redispatchOn(attempt, failed);
        if (redispatched) {
            ServerRuntime other = backend.pick(this);
            if (other == failed && backend.activeUsable() > 1) {
                // round robin may hand back the same server: one more turn moves on
                other = backend.pick(this);
            }
            if (other != null && other != failed) {
                other.counters().chosenByBalancer();
                backend.counters().chosenByBalancer();
            }
            if (other == null) {
                other = backend.dispatch();
            }
            if (other == null) {
                httpLog.failed('S', 'C', 503);
                failExchange(503);
                return;
            }
            target = other;
            acquire(target);
        }
        // HAProxy's back_handle_st_req(): a retry elsewhere is a redispatch, else a retry
        if (target != failed) {
            failed.counters().redispatch();
            backend.counters().redispatch();
        } else {
            failed.counters().retry();
            backend.counters().retry();
        }
        if (refused && (!redispatched || backend.activeUsable() <= 1)) {
            // HAProxy's turn-around: min(timeout connect, 1s) before trying the same server again
            long delay = backend.connectTimeoutMillis() > 0 ? Math.min(TURN_AROUND_MILLIS, backend.connectTimeoutMillis())
                    : TURN_AROUND_MILLIS;
            ServerRuntime next = target;
            ctx.executor().schedule(() -> {
                if (state == State.FORWARDING && ctx.channel().isActive()) {
                    connect(backend, next);
                }
            }, delay, TimeUnit.MILLISECONDS);
            return;
        }
        connect(backend, target);
    }

    private void bindServer(Channel channel, HttpBackendHandler handler) {
        server = channel;
        serverHandler = handler;
        handler.attach(this);
    }

    private void sendPending() {
        HttpObject message;
        ChannelFuture last = null;
        HttpObject first = pending.peek();
        if (first instanceof HttpRequest) {
            serverHandler.decoder().expectResponseTo(((HttpRequest) first).method());
        }
        while ((message = pending.poll()) != null) {
            last = requestComplete || !pending.isEmpty() ? server.write(message, server.voidPromise())
                    : server.write(message);
        }
        server.flush();
        serverHandler.exchangeStarted();
        requestHeadSent = true;
        server.read();
        if (requestComplete) {
            armServerTimeout();
            readAhead();
        } else if (last != null) {
            last.addListener(this::onRequestPartWritten);
        }
    }

    /**
     * Once a request is complete, one read of the client goes on while its response comes: the
     * next request waits decoded in {@link #inbound}, the socket stays registered for reading
     * (no interest change, so no epoll_ctl, per request), and a client closing is seen at once.
     */
    private void readAhead() {
        if (inbound.isEmpty()) {
            ctx.read();
        }
    }

    void onServerMessage(Object msg) {
        if (state != State.FORWARDING) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (responseEnded) {
            // a server speaking again after its answer, before the request's end: it is not
            // HTTP any more; its connection goes and the rest of the upload is dropped
            ReferenceCountUtil.release(msg);
            releaseServerConnection(false);
            drainRequest();
            return;
        }
        if (msg instanceof HttpResponse) {
            HttpResponse response = (HttpResponse) msg;
            if (response.decoderResult().isFailure()) {
                // HAProxy's answer to a response it cannot parse: 502, the server connection dropped
                ReferenceCountUtil.release(msg);
                countFailedResponse(inflight);
                releaseServerConnection(false);
                httpLog.failed('P', 'H', 502);
                failExchange(502);
                return;
            }
            timer.cancel();
            if (!responseStarted && backend != null && backend.tcp().response().length > 0) {
                int verdict = TcpRuleSet.run(backend.tcp().response(), view, sample, httpLog.streamLog());
                if (verdict != TcpRuleSet.ACCEPT) {
                    ReferenceCountUtil.release(msg);
                    releaseServerConnection(false);
                    if (verdict == TcpRuleSet.CLOSE) {
                        // the server's connection is gone before its answer: HAProxy's 502 SH
                        httpLog.failed('S', 'H', 502);
                        failExchange(502);
                    } else {
                        // reject: the client's connection closes without an answer
                        releaseInflight();
                        httpLog.aborted('P', 'D');
                        state = State.CLOSING;
                        endLog();
                        ctx.close();
                    }
                    return;
                }
            }
            responseStarted = true;
            // HAProxy counts the response as it arrives (%B, bout): what its http-response and
            // http-after-response rules change afterwards does not count
            int arrivedSize = ResponseSize.of(response);
            int code = response.status().code();
            httpLog.responseHead(code);
            interimResponse = code >= 100 && code < 200 && code != 101;
            @Nullable String[] responseCaptures = httpLog.frontendLog().responseCaptures();
            if (!interimResponse && responseCaptures.length > 0) {
                httpLog.streamLog().responseCaptures(capture(response.headers(), responseCaptures, false));
            }
            if (!interimResponse) {
                view.response(response);
                int denied = applyAllResponseRules(response);
                if (denied == REDIRECTED) {
                    ReferenceCountUtil.release(msg);
                    responseStarted = false;
                    redirectResponse();
                    return;
                }
                if (denied != 0) {
                    // HAProxy's dresp: the frontend's, the backend's and the server's
                    frontend.counters().deniedResponse();
                    if (backend != null) {
                        backend.counters().deniedResponse();
                    }
                    if (serverHandler != null) {
                        serverHandler.server().counters().deniedResponse();
                    }
                    ReferenceCountUtil.release(msg);
                    responseStarted = false;
                    httpLog.failed('P', 'H', denied);
                    failExchange(denied);
                    return;
                }
                if (backend != null && backend.cookie() != null && serverHandler != null) {
                    PersistenceCookies.onResponse(response, backend.cookie(), serverHandler.server(), cookieOutcome, cacheableMethod);
                }
                responseKeepAlive = HttpUtil.isKeepAlive(response);
                applyAfterResponseRules(response);
                prepareForClient(response);
            }
            markBytesOut(arrivedSize);
            ctx.write(response, ctx.voidPromise());
            if (!interimResponse) {
                httpLog.responseForwarded(backend);
            }
            if (msg instanceof LastHttpContent) {
                onResponseEnd();
            }
            return;
        }
        if (msg instanceof HttpContent) {
            HttpContent content = (HttpContent) msg;
            if (content.decoderResult().isFailure()) {
                // a malformed body after the head went out: the client sees the response cut short
                content.release();
                httpLog.aborted('P', 'D');
                releaseInflight();
                releaseServerConnection(false);
                ctx.flush();
                closeNow();
                return;
            }
            boolean last = content instanceof LastHttpContent;
            if (last && interimResponse) {
                // the end of a 1xx response (it closes the message for the encoder); the final response follows
                interimResponse = false;
                toClient(content);
                return;
            }
            toClient(content);
            if (last) {
                onResponseEnd();
            }
            return;
        }
        ReferenceCountUtil.release(msg);
    }

    /**
     * {@code http-after-response}: the backend's rules, then the frontend's, on every response that
     * leaves (the server's, after its http-response rules, and the proxy's own).
     */
    private void applyAfterResponseRules(HttpResponse response) {
        HttpRules backendRules = backend == null ? null : ownRules(backend);
        HttpRules frontendRules = frontend.http();
        if ((backendRules == null || backendRules.afterResponseCount() == 0) && frontendRules.afterResponseCount() == 0) {
            return;
        }
        view.response(response);
        if (backendRules != null && backendRules.afterResponseCount() > 0) {
            applyResponseRules(backendRules, response, true);
        }
        applyResponseRules(frontendRules, response, true);
    }

    /** The backend's {@code http-response} rules, then the frontend's; the deny status, or 0. */
    private int applyAllResponseRules(HttpResponse response) {
        HttpRules backendRules = backend == null ? null : ownRules(backend);
        if (backendRules != null) {
            int denied = applyResponseRules(backendRules, response);
            if (denied != 0) {
                return denied;
            }
        }
        HttpRules frontendRules = frontend.http();
        return frontendRules.responseCount() == 0 ? 0 : applyResponseRules(frontendRules, response);
    }

    /**
     * The server connection delivered what one read gave: push it to the client, and read more
     * from the server only while the client keeps up (else {@link #channelWritabilityChanged}
     * resumes).
     */
    void onServerReadComplete() {
        ctx.flush();
        if (state == State.FORWARDING && server != null) {
            if (requestComplete) {
                // timeout server: inactivity of the server while it owes us the response
                armServerTimeout();
            }
            if (ctx.channel().isWritable()) {
                server.read();
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && state == State.FORWARDING && server != null) {
            server.read();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Connection handling towards the client, as HAProxy's keep-alive mode does it. */
    private void prepareForClient(HttpResponse response) {
        HttpHeaders headers = response.headers();
        HeaderRewrites.cleanConnection(headers);
        boolean hasLength = headers.contains(HttpHeaderNames.CONTENT_LENGTH) || HttpUtil.isTransferEncodingChunked(response);
        int code = response.status().code();
        boolean bodyless = headRequest || code == 204 || code == 304;
        boolean response10 = !H1Names.http11(response.protocolVersion());
        if (response.protocolVersion() != HttpVersion.HTTP_1_1 && response.protocolVersion() != HttpVersion.HTTP_1_0) {
            // HAProxy's H1 layer writes HTTP/1.1 for any later version (HTTP/1.2, HTTP/2.0), HTTP/1.0 for the rest
            response.setProtocolVersion(response10 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1);
        }
        if (!hasLength && !bodyless || response10 && HttpUtil.isTransferEncodingChunked(response)) {
            // as HAProxy: a body without length is forwarded as it is and ends with the connection,
            // and its H1 layer closes after a chunked HTTP/1.0 message
            clientKeepAlive = false;
        }
        if (!clientKeepAlive) {
            if (!response10) {
                // (closing is what an HTTP/1.0 message does by default)
                headers.add(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
        } else if (response10 || !H1Names.http11(clientVersion)) {
            // an HTTP/1.0 message is closed by default: keeping the connection must be said
            headers.add(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private void onResponseEnd() {
        ctx.flush();
        releaseInflight();
        if (!requestComplete) {
            // HAProxy's http_end_response(): "The client seems to still be sending data, probably
            // because we got an error response during an upload. We have the choice of either
            // breaking the connection or letting it pass through. Let's do the later."
            responseEnded = true;
            return;
        }
        endExchange();
    }

    /** Both the request and the response are over: the server connection is kept or closed, the client's goes on or closes. */
    private void endExchange() {
        if (!responseKeepAlive) {
            // a server that closes: not reusable
            releaseServerConnection(false);
        } else if (headRequest) {
            // a server may send the body of a HEAD response anyway, and those bytes would be read as
            // the next request's response: such a connection is not reused
            releaseServerConnection(false);
        } else if (backend != null && serverHandler != null && backend.reuseFor(serverHandler.server()) != HttpReuse.NEVER) {
            // as HAProxy's idle connection lists: between two requests the server connection is
            // available to every session of the loop, so a thousand mostly idle clients need only
            // as many server connections as requests in flight
            releaseServerConnection(true);
        }
        finishExchange();
    }

    void onServerClosed(Channel channel) {
        if (channel != server) {
            return;
        }
        server = null;
        serverHandler = null;
        if (state != State.FORWARDING) {
            return;
        }
        if (responseEnded) {
            // it answered, then closed while the upload went on: the client has its answer, the
            // rest of its request is read and dropped, then its connection closes
            drainRequest();
            return;
        }
        ServerRuntime failed = inflight;
        releaseInflight();
        if (!responseStarted && retryable != null && requestComplete && failed != null && requests > 1
                && backend != null && attempt < backend.retries()) {
            // the server closed before answering a later request of the session, idempotent and without
            // body: where HAProxy closes the client connection for the client to retry, send it again
            pending.add(retryable);
            pending.add(LastHttpContent.EMPTY_LAST_CONTENT);
            requestHeadSent = false;
            if (backend.redispatchOn(attempt + 1, failed)) {
                retryConnect(backend, failed, false);
            } else {
                attempt++;
                previous = failed;
                acquire(failed);
                connect(backend, failed);
            }
            return;
        }
        if (!responseStarted) {
            countFailedResponse(failed);
            httpLog.failed('S', 'H', 502);
            failExchange(502);
        } else {
            // truncated response (a close-delimited one ended with a last part from the decoder):
            // the client must see the connection end
            httpLog.aborted('S', 'D');
            ctx.flush();
            closeNow();
        }
    }

    // ---------------------------------------------------------------- end of exchanges

    /**
     * The server is gone after its answer while the client still sends its request: the rest of
     * it is read and dropped (so that closing sends no reset over the answer), within
     * {@code timeout client}, then the connection closes.
     */
    private void drainRequest() {
        state = State.DRAINING;
        clientKeepAlive = false;
        timer.arm(frontend.clientTimeoutMillis(), ConnectionTimer.Kind.CLIENT);
        requestMore();
    }

    private void finishExchange() {
        if (state == State.CLOSING) {
            return;
        }
        endLog();
        if (!requestComplete) {
            // still reading a request we answered: drain it first
            return;
        }
        if (clientKeepAlive && (!clientShut || !inbound.isEmpty())) {
            // (a client that shut its side after pipelined requests gets all their answers)
            state = State.IDLE;
            bytesSinceIdle = false;
            ctx.flush();
            timer.arm(frontend.httpKeepAliveTimeoutMillis(), ConnectionTimer.Kind.KEEP_ALIVE);
            requestMore();
        } else {
            state = State.CLOSING;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The persistence-cookie flags of the stream, when its backend has a {@code cookie}. */
    private void recordCookies() {
        if (backend != null && backend.cookie() != null) {
            httpLog.streamLog().cookies(cookieOutcome.clientFlag(), cookieOutcome.serverFlag());
        }
    }

    private void endLog() {
        recordCookies();
        if (frontend.http().uniqueIdFormat() != null) {
            httpLog.streamLog().uniqueId(view.uniqueId());
        }
        httpLog.end(backend);
    }

    /** The exchange cannot be completed: answer with HAProxy's page, keep the client if it may be kept. */
    /**
     * {@code http-response redirect}: the server's answer is dropped and its connection closed,
     * the client gets the redirect instead.
     */
    private void redirectResponse() {
        HttpRule rule = responseRedirect;
        responseRedirect = null;
        releaseInflight();
        releaseServerConnection(false);
        state = State.DRAINING;
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
        // a location redirect: the request is not needed
        FullHttpResponse redirect = responseReply != null ? responseReply : redirectResponse(rule, null);
        responseReply = null;
        httpLog.status(redirect.status().code());
        applyAfterResponseRules(redirect);
        toClient(redirect);
        if (requestComplete) {
            finishExchange();
        } else {
            ctx.flush();
            requestMore();
        }
    }

    private void failExchange(int status) {
        releaseInflight();
        releaseServerConnection(false);
        if (responseStarted) {
            closeNow();
            return;
        }
        state = State.DRAINING;
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
        replyError(status);
    }

    /**
     * The reply {@code errorfile}/{@code errorfiles} configure for {@code status}: the backend's
     * when the stream has one, else the frontend's (HAProxy's {@code http_error_message()}); null
     * for the built-in page.
     */
    private HttpRule configuredReply(int status) {
        HttpRules backendRules = backend == null ? null : ownRules(backend);
        HttpRule reply = backendRules == null ? null : backendRules.errorReply(status);
        return reply != null ? reply : frontend.http().errorReply(status);
    }

    /** A configured reply (rendered if it has log-format parts), then the connection closes; an empty one closes at once. */
    private void replyConfiguredAndClose(int status, HttpRule reply) {
        httpLog.status(status);
        state = State.CLOSING;
        timer.cancel();
        if (reply.response() == HttpRules.SILENT) {
            endLog();
            ctx.close();
            return;
        }
        FullHttpResponse response = reply.dynamicReturn() ? LocalReplies.rendered(reply, view, sample) : LocalReplies.direct(reply.response());
        applyAfterResponseRules(response);
        endLog();
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        markBytesOut(ResponseSize.of(response));
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void replyError(int status) {
        HttpRule custom = configuredReply(status);
        if (custom != null) {
            replyConfiguredAndClose(status, custom);
            return;
        }
        httpLog.status(status);
        FullHttpResponse page = ErrorPages.response(status);
        applyAfterResponseRules(page);
        toClient(page);
        if (requestComplete) {
            finishExchange();
        } else {
            ctx.flush();
            requestMore();
        }
    }

    /** An error of the HTTP/1 layer (bad request, request timeout): HAProxy's raw message, then close. */
    private void replyRawErrorAndClose(int status) {
        httpLog.status(status);
        state = State.CLOSING;
        timer.cancel();
        // from the codec's place, so that it goes out as it is (through TLS when there is TLS)
        ChannelHandlerContext codec = ctx.pipeline().context(H1ResponseEncoder.class);
        (codec != null ? codec : ctx).writeAndFlush(ErrorPages.raw(status)).addListener(ChannelFutureListener.CLOSE);
        endLog();
    }

    private void replyErrorAndClose(int status) {
        httpLog.status(status);
        state = State.CLOSING;
        timer.cancel();
        FullHttpResponse page = ErrorPages.response(status);
        applyAfterResponseRules(page);
        markBytesOut(ResponseSize.of(page));
        ctx.writeAndFlush(page).addListener(ChannelFutureListener.CLOSE);
        endLog();
    }

    private void releaseServerConnection(boolean reusable) {
        Channel channel = server;
        if (channel == null) {
            return;
        }
        HttpBackendHandler handler = serverHandler;
        server = null;
        serverHandler = null;
        handler.detach();
        if (reusable && channel.isActive() && (backend == null || backend.reuseFor(handler.server()) != HttpReuse.NEVER)) {
            BackendPool.current().offer(handler.server(), channel);
        } else {
            channel.close();
        }
    }

    private void acquire(ServerRuntime target) {
        releaseInflight();
        inflight = target;
        target.acquire();
    }

    private void releaseInflight() {
        if (inflight != null) {
            inflight.release();
            inflight = null;
        }
    }

    /**
     * {@code tcp-request content reject} in HTTP mode: the connection closes without an answer,
     * logged as HAProxy logs it ({@code PR--}, {@code <BADREQ>}).
     */
    private void rejectContent(HttpRequest request) {
        ReferenceCountUtil.release(request);
        dropBuffered();
        view.clear();
        httpLog.badRequest();
        state = State.CLOSING;
        timer.cancel();
        endLog();
        ctx.close();
    }

    private void closeNow() {
        state = State.CLOSING;
        ctx.close();
    }

    // ---------------------------------------------------------------- timeouts

    private void armServerTimeout() {
        timer.arm(backend == null ? 0 : backend.serverTimeoutMillis(), ConnectionTimer.Kind.SERVER);
    }

    private void onTimeout(ConnectionTimer.Kind kind) {
        switch (kind) {
            case REQUEST:
            case KEEP_ALIVE:
                if (state == State.BUFFERING) {
                    httpLog.failed('c', 'R', 408);
                    replyRawErrorAndClose(408);
                    return;
                }
                if (state != State.IDLE) {
                    return;
                }
                if (bytesSinceIdle) {
                    httpLog.failed('c', 'R', 408);
                    replyRawErrorAndClose(408);
                } else {
                    // logged (as HAProxy does) only for the first request of a connection
                    httpLog.failed('c', 'R', 408);
                    closeNow();
                }
                break;
            case CLIENT:
                // the client stopped sending its request body
                httpLog.aborted('c', 'D');
                releaseServerConnection(false);
                closeNow();
                break;
            case SERVER:
                if (state != State.FORWARDING) {
                    return;
                }
                if (!responseStarted) {
                    // the client connection stays (HAProxy 2.6 answers its next request); the server's goes
                    countFailedResponse(inflight);
                    httpLog.failed('s', 'H', 504);
                    failExchange(504);
                } else {
                    httpLog.aborted('s', 'D');
                    releaseServerConnection(false);
                    closeNow();
                }
                break;
        }
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timer.stop();
        if (state == State.FORWARDING) {
            httpLog.aborted('C', !requestComplete ? 'R' : responseStarted ? 'D' : 'H');
        }
        if (state == State.BUFFERING) {
            httpLog.aborted('C', 'R');
        }
        if (current != null) {
            ReferenceCountUtil.release(current);
            current = null;
        }
        dropBuffered();
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
        inbound.forEach(ReferenceCountUtil::release);
        inbound.clear();
        releaseInflight();
        // between two requests the server connection is clean and can serve another client
        releaseServerConnection(state == State.IDLE);
        state = State.CLOSING;
        recordCookies();
        httpLog.closed(backend);
        ctx.fireChannelInactive();
    }

    /**
     * The client shut its sending side (FIN). Between requests that ends the connection; while a
     * request is in progress the answer is still delivered (HAProxy without
     * {@code option abortonclose}), then the connection closes.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            clientShut = true;
            if (state == State.IDLE && inbound.isEmpty()) {
                closeNow();
            } else if (!requestComplete && (state == State.FORWARDING || state == State.BUFFERING)) {
                // the request can no longer complete: abort both sides
                httpLog.aborted('C', 'R');
                releaseInflight();
                releaseServerConnection(false);
                closeNow();
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!DirectMemoryGuard.INSTANCE.shortage(cause)) {
            DirectMemoryGuard.unexpected(LOG, ctx.channel(), "client connection error", cause);
        }
        closeNow();
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
