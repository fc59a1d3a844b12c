package dev.bascule.transport.netty.http;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.ForwardFor;
import dev.bascule.api.config.HttpReuse;
import dev.bascule.api.sample.Sample;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.core.runtime.ServerRuntime;
import dev.bascule.core.rules.HttpRule;
import dev.bascule.core.rules.HttpRules;
import dev.bascule.transport.netty.DirectMemoryGuard;
import dev.bascule.transport.netty.TcpRuleSet;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;

/**
 * One client connection in HTTP mode: handles one request at a time (reads are driven by hand,
 * and decoded messages wait their turn in a queue), forwards it to a server connection on the
 * same event loop, streams the response back, and keeps both connections alive when HTTP
 * allows. Reading resumes only when the other side has taken what was written (back-pressure).
 * Bad input gets HAProxy's answers: 400 for a malformed request, 408 when a started request
 * does not complete in time, 502 when the server fails before answering, 503 when no server
 * can be reached, 504 when it does not answer in time.
 */
public final class HttpFrontendHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFrontendHandler.class);

    private final FrontendRuntime frontend;
    private final Class<? extends SocketChannel> socketChannel;
    private final ChannelHandler connectionCounter;
    private final H1ResponseEncoder encoder;
    private final HttpLog httpLog;
    private final ArrayDeque<HttpObject> inbound = new ArrayDeque<>(4);
    /** A request head arrived in the current read: it is handled when the read is over. */
    private boolean headWaiting;
    private boolean demand;
    private boolean pumping;

    private ChannelHandlerContext ctx;
    private boolean bytesSinceIdle;
    private final ConnectionTimer timer = new ConnectionTimer(this::onTimeout);

    // the rules' view of the traffic, and the holder their fetches write into: one per connection
    private HttpTrafficView view;
    /** The exchange in progress: one per connection, reset for each request. */
    private HttpTransaction txn;
    private HttpRuleRunner rules;
    /** The server connection bound to this client connection, and what waits to go out on it. */
    private ServerConnector connector;
    private final Sample sample = new Sample();
    private final ForwardedHeaders forwarded = new ForwardedHeaders();
    /** {@code tune.*}: the heads' sizes, for this connection's decoders. */
    private final dev.bascule.api.config.HttpTuning tuning;
    /** {@code tune.bufsize - tune.maxrewrite}: the largest head, and a buffer's worth of body. */
    private final int maxHead;


    HttpFrontendHandler(FrontendRuntime frontend, Class<? extends SocketChannel> socketChannel,
                        ChannelHandler connectionCounter, H1ResponseEncoder encoder,
                        dev.bascule.api.config.HttpTuning tuning) {
        this.tuning = tuning;
        this.maxHead = tuning.maxHead();
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
        this.txn = new HttpTransaction(view, maxHead);
        this.rules = new HttpRuleRunner(this, frontend, txn, view, sample, httpLog, maxHead);
        this.connector = new ServerConnector(this, ctx, frontend, txn, view, httpLog, socketChannel, connectionCounter,
                tuning);
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
        if (!(msg instanceof HttpObject) || txn.state == HttpTransaction.State.CLOSING) {
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
        if (txn.state == HttpTransaction.State.BUFFERING) {
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
        if (txn.state != HttpTransaction.State.IDLE) {
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
            HttpRule custom = rules.configuredReply(400);
            if (custom != null) {
                replyConfiguredAndClose(400, custom);
            } else {
                replyErrorAndClose(400);
            }
            return;
        }
        encoder.respondingTo(request.method());
        httpLog.requestHead(request);
        dev.bascule.core.stick.StickTracker stick = view.stickCounters();
        if (stick != null) {
            // HAProxy's stream_inc_http_req_ctr(): the entries tracked before the request rules
            stick.httpRequest();
        }
        @Nullable String[] requestCaptures = httpLog.frontendLog().requestCaptures();
        if (requestCaptures.length > 0) {
            httpLog.streamLog().requestCaptures(rules.capture(request.headers(), requestCaptures, true));
        }
        txn.begin(request);
        txn.takeBody(inbound);

        // HAProxy's order: the frontend's http-request then redirect rules, use_backend, then the backend's
        HttpRules frontendHttp = frontend.http();
        view.reset(request, frontendHttp.uniqueIdFormat());
        view.names(frontend.name(), frontend.name(), null);
        view.proxyIds(frontend.id(), frontend.id());
        view.frontend(frontend);
        view.streamLog(httpLog.streamLog());
        // a request without body has its whole (empty) body now; another's is seen once waited for
        view.body(txn.buffered);
        txn.current = request;
        String monitorUri = frontendHttp.monitorUri();
        if (monitorUri != null && monitored(monitorUri, request.uri())) {
            // HAProxy's monitor-uri: answered 200 (503 when a monitor fail condition holds) before
            // any rule, the connection then closed
            int status = frontendHttp.monitorFails(view, sample) ? 503 : 200;
            frontend.counters().intercept();
            ReferenceCountUtil.release(request);
            txn.current = null;
            view.clear();
            txn.requestComplete = true;
            replyErrorAndClose(status);
            return;
        }
        txn.bufferedIncomplete = false;
        if (frontend.http().bufferRequest() && !txn.requestComplete) {
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
        HttpRequest request = txn.current;
        if (!txn.resuming && frontend.tcp().content().length > 0
                && TcpRuleSet.run(frontend.tcp().content(), view, sample, httpLog.streamLog()) == TcpRuleSet.REJECT) {
            rejectContent(request);
            return;
        }
        HttpRules frontendRules = frontend.http();
        boolean answered = rules.applyRequestRules(frontendRules, request);
        txn.resuming = false;
        if (txn.bodyWait != null) {
            waitForBody(false);
            return;
        }
        if (answered) {
            txn.dropBuffered();
            return;
        }
        BackendRuntime selected = frontend.selectBackend(view, sample);
        if (selected == null) {
            ReferenceCountUtil.release(request);
            txn.dropBuffered();
            txn.state = HttpTransaction.State.DRAINING;
            replyError(503);
            return;
        }
        txn.backend = selected;
        httpLog.backend(txn.backend);
        view.names(frontend.name(), selected.name(), null);
        view.proxyIds(frontend.id(), selected.id());
        HttpRules backendRules = rules.ownRules(selected);
        if (backendRules != null && backendRules.bufferRequest() && !txn.requestComplete && !txn.bufferedIncomplete
                && !frontend.http().bufferRequest()) {
            startBuffering(true);
            return;
        }
        backendStage();
    }

    private void backendStage() {
        HttpRequest request = txn.current;
        BackendRuntime selected = txn.backend;
        if (!txn.resuming && selected.tcp().content().length > 0
                && TcpRuleSet.run(selected.tcp().content(), view, sample, httpLog.streamLog()) == TcpRuleSet.REJECT) {
            rejectContent(request);
            return;
        }
        HttpRules backendRules = rules.ownRules(selected);
        boolean answered = backendRules != null && rules.applyRequestRules(backendRules, request);
        txn.resuming = false;
        if (txn.bodyWait != null) {
            waitForBody(true);
            return;
        }
        if (answered) {
            txn.dropBuffered();
            return;
        }
        ForwardFor forwardFor = frontend.http().forwardFor();
        ForwardFor backendForwardFor = selected.http().forwardFor();
        if (forwardFor != null || backendForwardFor != null) {
            forwarded.forwardFor(request, forwardFor, backendForwardFor, view.source().getAddress());
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
        txn.cookieOutcome.reset();
        if (selected.cookie() != null) {
            PersistenceCookies.onRequest(request.headers(), selected.cookie(), txn.cookieOutcome);
        }
        txn.method(request.method());
        txn.state = HttpTransaction.State.FORWARDING;
        txn.current = null;
        txn.balanced = request;
        HeaderRewrites.prepareForServer(request);
        connector.pending.add(request);
        connector.pending.addAll(txn.buffered);
        txn.buffered.clear();
        if (txn.bufferedIncomplete) {
            connector.connectAfterDrain(selected);
        } else {
            connector.connectOrReuse(selected);
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
        txn.state = HttpTransaction.State.BUFFERING;
        txn.backendStageNext = backendStage;
        txn.bufferedBytes = (int) txn.bufferedBodyBytes();
        txn.bufferLimit = limit;
        if (txn.bufferedBytes >= limit) {
            // read with the head already
            txn.bufferedIncomplete = true;
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
        HttpRule rule = txn.bodyWait;
        txn.bodyWait = null;
        txn.resuming = true;
        beginWait(backendStage, rule.status(),
                rule.bytes() > 0 ? Math.min(rule.bytes(), maxHead) : maxHead);
    }

    private void onBufferedContent(HttpObject msg) {
        boolean end;
        if (msg == H1Decoder.DATA_END) {
            end = true;
            txn.bufferedIncomplete = true;
        } else if (msg instanceof HttpContent) {
            HttpContent content = (HttpContent) msg;
            if (content.decoderResult().isFailure()) {
                txn.state = HttpTransaction.State.IDLE;
                txn.dropBuffered();
                ReferenceCountUtil.release(txn.current);
                txn.current = null;
                onBadRequestBody(content);
                return;
            }
            txn.buffered.add(content);
            txn.bufferedBytes += content.content().readableBytes();
            if (content instanceof LastHttpContent) {
                txn.requestComplete = true;
                end = true;
            } else {
                end = txn.bufferedBytes >= txn.bufferLimit;
                txn.bufferedIncomplete = end;
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
        if (txn.requestComplete) {
            txn.bufferedIncomplete = false;
        }
        txn.forgetRetryIfBody();
        txn.state = HttpTransaction.State.IDLE;
        view.body(txn.buffered);
        if (txn.backendStageNext) {
            backendStage();
        } else {
            frontendStage();
        }
    }

    /**
     * The server's response did not come (closed, timed out) or could not be parsed: HAProxy's
     * {@code eresp} of the backend and the server.
     */
    private void countFailedResponse(@Nullable ServerRuntime failed) {
        if (txn.backend != null) {
            txn.backend.counters().failedResponse();
        }
        if (failed != null) {
            failed.counters().failedResponse();
        }
    }

    void sendLocally(HttpRequest request, FullHttpResponse response) {
        rules.applyAfterResponseRules(response);
        ReferenceCountUtil.release(request);
        view.clear();
        txn.state = HttpTransaction.State.DRAINING;
        if (!txn.clientKeepAlive && !response.headers().contains(HttpHeaderNames.CONNECTION)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        toClient(response);
        if (txn.requestComplete) {
            finishExchange();
        } else {
            ctx.flush();
            requestMore();
        }
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
            txn.retryable = null;
        }
        if (txn.state == HttpTransaction.State.FORWARDING && txn.requestHeadSent && connector.server == null) {
            // the server connection is gone (it answered and closed): the rest of the request is read and dropped
            txn.state = HttpTransaction.State.DRAINING;
        }
        if (txn.state == HttpTransaction.State.DRAINING) {
            content.release();
            if (last) {
                txn.requestComplete = true;
                finishExchange();
            } else {
                requestMore();
            }
            return;
        }
        if (txn.state != HttpTransaction.State.FORWARDING) {
            content.release();
            return;
        }
        if (last) {
            txn.requestComplete = true;
        }
        if (!txn.requestHeadSent) {
            connector.pending.add(content);
            return;
        }
        timer.cancel();
        if (last) {
            connector.server.writeAndFlush(content, connector.server.voidPromise());
            if (txn.responseEnded) {
                // the answer went out already: the exchange ends with its upload
                endExchange();
                return;
            }
            armServerTimeout();
            readAhead();
        } else {
            connector.server.writeAndFlush(content).addListener(this::onRequestPartWritten);
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
        txn.requestComplete = true;
        connector.releaseInflight();
        connector.releaseServerConnection(false);
        connector.dropPending();
        if (txn.state == HttpTransaction.State.CLOSING) {
            return;
        }
        if (txn.responseStarted || txn.state == HttpTransaction.State.DRAINING) {
            httpLog.aborted('C', 'D');
            ctx.flush();
            closeNow();
            return;
        }
        httpLog.failed('C', 'R', status);
        replyRawErrorAndClose(status);
    }

    void onRequestPartWritten(io.netty.util.concurrent.Future<? super Void> future) {
        if (!future.isSuccess()) {
            // the server went away while receiving; onServerClosed answers the client
            return;
        }
        if (txn.state == HttpTransaction.State.FORWARDING && !txn.requestComplete) {
            timer.arm(frontend.clientTimeoutMillis(), ConnectionTimer.Kind.CLIENT);
            requestMore();
        }
    }

    /**
     * Once a request is complete, one read of the client goes on while its response comes: the
     * next request waits decoded in {@link #inbound}, the socket stays registered for reading
     * (no interest change, so no epoll_ctl, per request), and a client closing is seen at once.
     */
    void readAhead() {
        if (inbound.isEmpty()) {
            ctx.read();
        }
    }

    void onServerMessage(Object msg) {
        if (txn.state != HttpTransaction.State.FORWARDING) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (txn.responseEnded) {
            // a server speaking again after its answer, before the request's end: it is not
            // HTTP any more; its connection goes and the rest of the upload is dropped
            ReferenceCountUtil.release(msg);
            connector.releaseServerConnection(false);
            drainRequest();
            return;
        }
        if (msg instanceof HttpResponse) {
            HttpResponse response = (HttpResponse) msg;
            if (response.decoderResult().isFailure()) {
                // HAProxy's answer to a response it cannot parse: 502, the server connection dropped
                ReferenceCountUtil.release(msg);
                countFailedResponse(connector.inflight);
                connector.releaseServerConnection(false);
                httpLog.failed('P', 'H', 502);
                failExchange(502);
                return;
            }
            timer.cancel();
            if (!txn.responseStarted && txn.backend != null && txn.backend.tcp().response().length > 0) {
                int verdict = TcpRuleSet.run(txn.backend.tcp().response(), view, sample, httpLog.streamLog());
                if (verdict != TcpRuleSet.ACCEPT) {
                    ReferenceCountUtil.release(msg);
                    connector.releaseServerConnection(false);
                    if (verdict == TcpRuleSet.CLOSE) {
                        // the server's connection is gone before its answer: HAProxy's 502 SH
                        httpLog.failed('S', 'H', 502);
                        failExchange(502);
                    } else {
                        // reject: the client's connection closes without an answer
                        connector.releaseInflight();
                        httpLog.aborted('P', 'D');
                        txn.state = HttpTransaction.State.CLOSING;
                        endLog();
                        ctx.close();
                    }
                    return;
                }
            }
            txn.responseStarted = true;
            // HAProxy counts the response as it arrives (%B, bout): what its http-response and
            // http-after-response rules change afterwards does not count
            int arrivedSize = ResponseSize.of(response);
            int code = response.status().code();
            httpLog.responseHead(code);
            txn.interimResponse = code >= 100 && code < 200 && code != 101;
            @Nullable String[] responseCaptures = httpLog.frontendLog().responseCaptures();
            if (!txn.interimResponse && responseCaptures.length > 0) {
                httpLog.streamLog().responseCaptures(rules.capture(response.headers(), responseCaptures, false));
            }
            if (!txn.interimResponse) {
                view.response(response);
                int denied = rules.applyAllResponseRules(response);
                if (denied == HttpRuleRunner.REDIRECTED) {
                    ReferenceCountUtil.release(msg);
                    txn.responseStarted = false;
                    redirectResponse();
                    return;
                }
                if (denied != 0) {
                    // HAProxy's dresp: the frontend's, the backend's and the server's
                    frontend.counters().deniedResponse();
                    if (txn.backend != null) {
                        txn.backend.counters().deniedResponse();
                    }
                    if (connector.serverHandler != null) {
                        connector.serverHandler.server().counters().deniedResponse();
                    }
                    ReferenceCountUtil.release(msg);
                    txn.responseStarted = false;
                    httpLog.failed('P', 'H', denied);
                    failExchange(denied);
                    return;
                }
                if (txn.backend != null && txn.backend.cookie() != null && connector.serverHandler != null) {
                    PersistenceCookies.onResponse(response, txn.backend.cookie(), connector.serverHandler.server(), txn.cookieOutcome, txn.cacheableMethod);
                }
                txn.responseKeepAlive = HttpUtil.isKeepAlive(response);
                rules.applyAfterResponseRules(response);
                prepareForClient(response);
            }
            markBytesOut(arrivedSize);
            ctx.write(response, ctx.voidPromise());
            if (!txn.interimResponse) {
                httpLog.responseForwarded(txn.backend);
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
                connector.releaseInflight();
                connector.releaseServerConnection(false);
                ctx.flush();
                closeNow();
                return;
            }
            boolean last = content instanceof LastHttpContent;
            if (last && txn.interimResponse) {
                // the end of a 1xx response (it closes the message for the encoder); the final response follows
                txn.interimResponse = false;
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
     * The server connection delivered what one read gave: push it to the client, and read more
     * from the server only while the client keeps up (else {@link #channelWritabilityChanged}
     * resumes).
     */
    void onServerReadComplete() {
        ctx.flush();
        if (txn.state == HttpTransaction.State.FORWARDING && connector.server != null) {
            if (txn.requestComplete) {
                // timeout server: inactivity of the server while it owes us the response
                armServerTimeout();
            }
            if (ctx.channel().isWritable()) {
                connector.server.read();
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && txn.state == HttpTransaction.State.FORWARDING && connector.server != null) {
            connector.server.read();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Connection handling towards the client, as HAProxy's keep-alive mode does it. */
    private void prepareForClient(HttpResponse response) {
        HttpHeaders headers = response.headers();
        HeaderRewrites.cleanConnection(headers);
        boolean hasLength = headers.contains(HttpHeaderNames.CONTENT_LENGTH) || HttpUtil.isTransferEncodingChunked(response);
        int code = response.status().code();
        boolean bodyless = txn.headRequest || code == 204 || code == 304;
        boolean response10 = !H1Names.http11(response.protocolVersion());
        if (response.protocolVersion() != HttpVersion.HTTP_1_1 && response.protocolVersion() != HttpVersion.HTTP_1_0) {
            // HAProxy's H1 layer writes HTTP/1.1 for any later version (HTTP/1.2, HTTP/2.0), HTTP/1.0 for the rest
            response.setProtocolVersion(response10 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1);
        }
        if (!hasLength && !bodyless || response10 && HttpUtil.isTransferEncodingChunked(response)) {
            // as HAProxy: a body without length is forwarded as it is and ends with the connection,
            // and its H1 layer closes after a chunked HTTP/1.0 message
            txn.clientKeepAlive = false;
        }
        if (!txn.clientKeepAlive) {
            if (!response10) {
                // (closing is what an HTTP/1.0 message does by default)
                headers.add(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
        } else if (response10 || !H1Names.http11(txn.clientVersion)) {
            // an HTTP/1.0 message is closed by default: keeping the connection must be said
            headers.add(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private void onResponseEnd() {
        ctx.flush();
        connector.releaseInflight();
        if (!txn.requestComplete) {
            // HAProxy's http_end_response(): "The client seems to still be sending data, probably
            // because we got an error response during an upload. We have the choice of either
            // breaking the connection or letting it pass through. Let's do the later."
            txn.responseEnded = true;
            return;
        }
        endExchange();
    }

    /** Both the request and the response are over: the server connection is kept or closed, the client's goes on or closes. */
    private void endExchange() {
        if (!txn.responseKeepAlive) {
            // a server that closes: not reusable
            connector.releaseServerConnection(false);
        } else if (txn.headRequest) {
            // a server may send the body of a HEAD response anyway, and those bytes would be read as
            // the next request's response: such a connection is not reused
            connector.releaseServerConnection(false);
        } else if (txn.backend != null && connector.serverHandler != null && txn.backend.reuseFor(connector.serverHandler.server()) != HttpReuse.NEVER) {
            // as HAProxy's idle connection lists: between two requests the server connection is
            // available to every session of the loop, so a thousand mostly idle clients need only
            // as many server connections as requests in flight
            connector.releaseServerConnection(true);
        }
        finishExchange();
    }

    void onServerClosed(Channel channel) {
        if (channel != connector.server) {
            return;
        }
        connector.unbind();
        if (txn.state != HttpTransaction.State.FORWARDING) {
            return;
        }
        if (txn.responseEnded) {
            // it answered, then closed while the upload went on: the client has its answer, the
            // rest of its request is read and dropped, then its connection closes
            drainRequest();
            return;
        }
        ServerRuntime failed = connector.inflight;
        connector.releaseInflight();
        if (connector.resend(failed)) {
            return;
        }
        if (!txn.responseStarted) {
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
        txn.state = HttpTransaction.State.DRAINING;
        txn.clientKeepAlive = false;
        timer.arm(frontend.clientTimeoutMillis(), ConnectionTimer.Kind.CLIENT);
        requestMore();
    }

    private void finishExchange() {
        if (txn.state == HttpTransaction.State.CLOSING) {
            return;
        }
        endLog();
        if (!txn.requestComplete) {
            // still reading a request we answered: drain it first
            return;
        }
        if (txn.clientKeepAlive && (!txn.clientShut || !inbound.isEmpty())) {
            // (a client that shut its side after pipelined requests gets all their answers)
            txn.state = HttpTransaction.State.IDLE;
            bytesSinceIdle = false;
            ctx.flush();
            timer.arm(frontend.httpKeepAliveTimeoutMillis(), ConnectionTimer.Kind.KEEP_ALIVE);
            requestMore();
        } else {
            txn.state = HttpTransaction.State.CLOSING;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The persistence-cookie flags of the stream, when its backend has a {@code cookie}. */
    private void recordCookies() {
        if (txn.backend != null && txn.backend.cookie() != null) {
            httpLog.streamLog().cookies(txn.cookieOutcome.clientFlag(), txn.cookieOutcome.serverFlag());
        }
    }

    private void endLog() {
        recordCookies();
        if (frontend.http().uniqueIdFormat() != null) {
            httpLog.streamLog().uniqueId(view.uniqueId());
        }
        httpLog.end(txn.backend);
    }

    /** The exchange cannot be completed: answer with HAProxy's page, keep the client if it may be kept. */
    /**
     * {@code http-response redirect}: the server's answer is dropped and its connection closed,
     * the client gets the redirect instead.
     */
    private void redirectResponse() {
        HttpRule rule = txn.responseRedirect;
        txn.responseRedirect = null;
        connector.releaseInflight();
        connector.releaseServerConnection(false);
        txn.state = HttpTransaction.State.DRAINING;
        connector.dropPending();
        // a location redirect: the request is not needed
        FullHttpResponse redirect = rules.redirectResponse(rule, null);
        httpLog.status(redirect.status().code());
        rules.applyAfterResponseRules(redirect);
        toClient(redirect);
        if (txn.requestComplete) {
            finishExchange();
        } else {
            ctx.flush();
            requestMore();
        }
    }

    void failExchange(int status) {
        connector.releaseInflight();
        connector.releaseServerConnection(false);
        if (txn.responseStarted) {
            closeNow();
            return;
        }
        txn.state = HttpTransaction.State.DRAINING;
        connector.dropPending();
        replyError(status);
    }

    /** A configured reply (rendered if it has log-format parts), then the connection closes; an empty one closes at once. */
    void replyConfiguredAndClose(int status, HttpRule reply) {
        httpLog.status(status);
        txn.state = HttpTransaction.State.CLOSING;
        timer.cancel();
        if (reply.response() == HttpRules.SILENT) {
            endLog();
            ctx.close();
            return;
        }
        FullHttpResponse response = reply.dynamicReturn() ? LocalReplies.rendered(reply, view, sample) : LocalReplies.direct(reply.response());
        rules.applyAfterResponseRules(response);
        endLog();
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        markBytesOut(ResponseSize.of(response));
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void replyError(int status) {
        HttpRule custom = rules.configuredReply(status);
        if (custom != null) {
            replyConfiguredAndClose(status, custom);
            return;
        }
        httpLog.status(status);
        FullHttpResponse page = ErrorPages.response(status);
        rules.applyAfterResponseRules(page);
        toClient(page);
        if (txn.requestComplete) {
            finishExchange();
        } else {
            ctx.flush();
            requestMore();
        }
    }

    /** An error of the HTTP/1 layer (bad request, request timeout): HAProxy's raw message, then close. */
    private void replyRawErrorAndClose(int status) {
        httpLog.status(status);
        txn.state = HttpTransaction.State.CLOSING;
        timer.cancel();
        // from the codec's place, so that it goes out as it is (through TLS when there is TLS)
        ChannelHandlerContext codec = ctx.pipeline().context(H1ResponseEncoder.class);
        (codec != null ? codec : ctx).writeAndFlush(ErrorPages.raw(status)).addListener(ChannelFutureListener.CLOSE);
        endLog();
    }

    void replyErrorAndClose(int status) {
        httpLog.status(status);
        txn.state = HttpTransaction.State.CLOSING;
        timer.cancel();
        FullHttpResponse page = ErrorPages.response(status);
        rules.applyAfterResponseRules(page);
        markBytesOut(ResponseSize.of(page));
        ctx.writeAndFlush(page).addListener(ChannelFutureListener.CLOSE);
        endLog();
    }

    /**
     * {@code tcp-request content reject} in HTTP mode: the connection closes without an answer,
     * logged as HAProxy logs it ({@code PR--}, {@code <BADREQ>}).
     */
    private void rejectContent(HttpRequest request) {
        ReferenceCountUtil.release(request);
        txn.dropBuffered();
        view.clear();
        httpLog.badRequest();
        txn.state = HttpTransaction.State.CLOSING;
        timer.cancel();
        endLog();
        ctx.close();
    }

    private void closeNow() {
        txn.state = HttpTransaction.State.CLOSING;
        ctx.close();
    }

    // ---------------------------------------------------------------- timeouts

    void armServerTimeout() {
        timer.arm(txn.backend == null ? 0 : txn.backend.serverTimeoutMillis(), ConnectionTimer.Kind.SERVER);
    }

    private void onTimeout(ConnectionTimer.Kind kind) {
        switch (kind) {
            case REQUEST:
            case KEEP_ALIVE:
                if (txn.state == HttpTransaction.State.BUFFERING) {
                    httpLog.failed('c', 'R', 408);
                    replyRawErrorAndClose(408);
                    return;
                }
                if (txn.state != HttpTransaction.State.IDLE) {
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
                connector.releaseServerConnection(false);
                closeNow();
                break;
            case SERVER:
                if (txn.state != HttpTransaction.State.FORWARDING) {
                    return;
                }
                if (!txn.responseStarted) {
                    // the client connection stays (HAProxy 2.6 answers its next request); the server's goes
                    countFailedResponse(connector.inflight);
                    httpLog.failed('s', 'H', 504);
                    failExchange(504);
                } else {
                    httpLog.aborted('s', 'D');
                    connector.releaseServerConnection(false);
                    closeNow();
                }
                break;
        }
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timer.stop();
        if (txn.state == HttpTransaction.State.FORWARDING) {
            httpLog.aborted('C', !txn.requestComplete ? 'R' : txn.responseStarted ? 'D' : 'H');
        }
        if (txn.state == HttpTransaction.State.BUFFERING) {
            httpLog.aborted('C', 'R');
        }
        txn.release();
        connector.dropPending();
        inbound.forEach(ReferenceCountUtil::release);
        inbound.clear();
        connector.releaseInflight();
        // between two requests the server connection is clean and can serve another client
        connector.releaseServerConnection(txn.state == HttpTransaction.State.IDLE);
        txn.state = HttpTransaction.State.CLOSING;
        recordCookies();
        httpLog.closed(txn.backend);
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
            txn.clientShut = true;
            if (txn.state == HttpTransaction.State.IDLE && inbound.isEmpty()) {
                closeNow();
            } else if (!txn.requestComplete && (txn.state == HttpTransaction.State.FORWARDING || txn.state == HttpTransaction.State.BUFFERING)) {
                // the request can no longer complete: abort both sides
                httpLog.aborted('C', 'R');
                connector.releaseInflight();
                connector.releaseServerConnection(false);
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
}
