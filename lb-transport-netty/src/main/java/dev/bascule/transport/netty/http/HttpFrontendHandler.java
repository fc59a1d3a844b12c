package dev.bascule.transport.netty.http;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.HttpConnectionMode;
import dev.bascule.api.config.HttpTuning;
import dev.bascule.api.sample.Sample;
import dev.bascule.core.rules.CompiledReply;
import dev.bascule.core.rules.HttpRule;
import dev.bascule.core.rules.HttpRules;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.core.stats.ListenerCounters;
import dev.bascule.core.stick.StickTracker;
import dev.bascule.transport.netty.ServerDialer;
import dev.bascule.transport.netty.DirectMemoryGuard;
import dev.bascule.transport.netty.TcpRuleSet;
import dev.bascule.transport.netty.http.HttpTransaction.State;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;

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
 *
 * <p>The work is split as HAProxy's sources split it: the exchange's state is the
 * {@link HttpTransaction} ({@code http_txn}), the rules run in the {@link HttpRuleRunner}, the
 * server side is the {@link ServerConnector} ({@code backend.c}), what goes back to the client is
 * the {@link ResponseRelay}, the wait for a body is the {@link RequestBodyWait} and expired
 * timeouts are the {@link HttpTimeouts}'. This handler keeps the channel's events, reads the
 * client one message at a time (the pipelined ones wait in a queue) and takes a request through
 * its stages.
 */
public final class HttpFrontendHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFrontendHandler.class);

    private final FrontendRuntime frontend;
    private final ServerDialer dialer;
    private final ChannelHandler connectionCounter;
    private final H1ResponseEncoder encoder;
    private final HttpLog httpLog;
    private final ArrayDeque<HttpObject> inbound = new ArrayDeque<>(4);
    /** A request head arrived in the current read: it is handled when the read is over. */
    private boolean headWaiting;
    private boolean demand;
    private boolean pumping;

    private ChannelHandlerContext ctx;
    /** What an expired timeout does; the timer is the connection's one (see {@link ConnectionTimer}). */
    private HttpTimeouts timeouts;
    private final ConnectionTimer timer = new ConnectionTimer(kind -> timeouts.expired(kind));

    // the rules' view of the traffic, and the holder their fetches write into: one per connection
    private HttpTrafficView view;
    /** The exchange in progress: one per connection, reset for each request. */
    private HttpTransaction txn;
    private HttpRuleRunner rules;
    /** The server connection bound to this client connection, and what waits to go out on it. */
    private ServerConnector connector;
    /** What goes back to the client: the server's response, the proxy's own answers; then keep-alive or close. */
    private ResponseRelay relay;
    /** {@code option http-buffer-request} and {@code wait-for-body}: the rules wait for the body. */
    private RequestBodyWait bodyWaiter;
    private final Sample sample = new Sample();
    private final ForwardedHeaders forwarded = new ForwardedHeaders();
    /** {@code tune.*}: the heads' sizes, for this connection's decoders. */
    private final HttpTuning tuning;
    /** {@code tune.bufsize - tune.maxrewrite}: the largest head, and a buffer's worth of body. */
    private final int maxHead;

    HttpFrontendHandler(FrontendRuntime frontend, ServerDialer dialer,
                        ChannelHandler connectionCounter, H1ResponseEncoder encoder,
                        HttpTuning tuning, @Nullable ListenerCounters listener) {
        this.tuning = tuning;
        this.maxHead = tuning.maxHead();
        this.frontend = frontend;
        this.dialer = dialer;
        this.connectionCounter = connectionCounter;
        this.encoder = encoder;
        this.httpLog = new HttpLog(frontend.log(), frontend.counters(), listener);
    }

    /** Bytes arrived from the client (called by the raw-bytes marker ahead of the codec). */
    void markBytes() {
        if (!txn.bytesSinceIdle) {
            httpLog.requestStarted();
        }
        txn.bytesSinceIdle = true;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.view = new HttpTrafficView(ctx.channel());
        this.txn = new HttpTransaction(view, maxHead);
        this.relay = new ResponseRelay(this, ctx, frontend, txn, view, sample, httpLog, timer, inbound);
        this.rules = new HttpRuleRunner(relay, frontend, txn, view, sample, httpLog, maxHead);
        this.connector = new ServerConnector(this, relay, ctx, frontend, txn, view, httpLog, dialer,
                connectionCounter, tuning);
        relay.use(rules, connector);
        this.bodyWaiter = new RequestBodyWait(this, frontend, txn, view, timer, maxHead);
        this.timeouts = new HttpTimeouts(this, txn, httpLog, relay, connector);
        timer.executor(ctx.executor());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        httpLog.accepted(ctx.channel());
        view.streamLog(httpLog.streamLog());
        StickTracker stick = view.stickCounters();
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
        if (!(msg instanceof HttpObject) || txn.state == State.CLOSING) {
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
    void requestMore() {
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
        if (txn.state == State.BUFFERING) {
            bodyWaiter.onBufferedContent(msg);
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
        if (txn.state != State.IDLE) {
            // the codec delivered a request while one is in progress: cannot happen with one read at a time
            ReferenceCountUtil.release(request);
            closeNow();
            return;
        }
        timer.cancel();
        if (request.decoderResult().isFailure()) {
            ReferenceCountUtil.release(request);
            httpLog.badRequest();
            relay.replyRawErrorAndClose(statusOf(request.decoderResult().cause(), 400));
            return;
        }
        if (request.method().name().equalsIgnoreCase("PRI")) {
            // HAProxy's http_wait_for_request(): PRI is the HTTP/2 preface's, never an HTTP/1 request
            // (HAProxy would speak HTTP/2 after a whole preface; Bascule has no HTTP/2 yet)
            ReferenceCountUtil.release(request);
            httpLog.badRequest();
            CompiledReply custom = rules.configuredReply(400);
            if (custom != null) {
                relay.replyConfiguredAndClose(400, custom);
            } else {
                relay.replyErrorAndClose(400);
            }
            return;
        }
        encoder.respondingTo(request.method());
        httpLog.requestHead(request);
        StickTracker stick = view.stickCounters();
        if (stick != null) {
            // HAProxy's stream_inc_http_req_ctr(): the entries tracked before the request rules
            stick.httpRequest();
        }
        @Nullable String[] requestCaptures = httpLog.frontendLog().requestCaptures();
        if (requestCaptures.length > 0) {
            httpLog.streamLog().requestCaptures(rules.capture(request.headers(), requestCaptures, true));
        }
        txn.begin(request, frontend.httpMode() == HttpConnectionMode.CLOSE);
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
            relay.replyErrorAndClose(status);
            return;
        }
        txn.bufferedIncomplete = false;
        if (frontend.http().bufferRequest() && !txn.requestComplete) {
            bodyWaiter.startBuffering(false);
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

    void frontendStage() {
        HttpRequest request = txn.current;
        if (!txn.resuming && frontend.tcp().content().length > 0
                && TcpRuleSet.run(frontend.tcp().content(), view, sample, httpLog.streamLog()) == TcpRuleSet.REJECT) {
            rejectContent(request);
            return;
        }
        HttpRules frontendRules = frontend.http();
        boolean answered = rules.applyRequestRules(frontendRules, request);
        txn.resuming = false;
        if (txn.bodyWait) {
            bodyWaiter.waitForBody(false);
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
            txn.state = State.DRAINING;
            relay.replyError(503);
            return;
        }
        txn.backend = selected;
        httpLog.backend(txn.backend);
        view.names(frontend.name(), selected.name(), null);
        view.proxyIds(frontend.id(), selected.id());
        HttpRules backendRules = rules.ownRules(selected);
        if (backendRules != null && backendRules.bufferRequest() && !txn.requestComplete && !txn.bufferedIncomplete
                && !frontend.http().bufferRequest()) {
            bodyWaiter.startBuffering(true);
            return;
        }
        backendStage();
    }

    void backendStage() {
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
        if (txn.bodyWait) {
            bodyWaiter.waitForBody(true);
            return;
        }
        if (answered) {
            txn.dropBuffered();
            return;
        }
        forwarded.add(request, frontend.http(), selected.http(), view);
        txn.cookieOutcome.reset();
        if (selected.cookie() != null) {
            if (selected.http().ignoresPersistence(view, sample)) {
                txn.cookieOutcome.ignore();
            }
            PersistenceCookies.onRequest(request.headers(), selected.cookie(), txn.cookieOutcome);
        }
        txn.method(request.method());
        txn.state = State.FORWARDING;
        txn.current = null;
        txn.balanced = request;
        // the stronger of the frontend's and the backend's modes (HAProxy's h1_set_srv_conn_mode())
        txn.serverClose = frontend.httpMode() != HttpConnectionMode.KEEP_ALIVE
                || selected.httpMode() != HttpConnectionMode.KEEP_ALIVE;
        if (txn.serverClose) {
            HeaderRewrites.prepareClosingForServer(request, selected.pretendKeepAlive());
        } else {
            HeaderRewrites.prepareForServer(request);
        }
        connector.pending.add(request);
        connector.pending.addAll(txn.buffered);
        txn.buffered.clear();
        if (txn.requestComplete && abortOnClose()) {
            // option abortonclose: the client is watched while its server connection is made (HAProxy's
            // CO_RFL_KEEP_RECV), so that its close is seen
            readAhead();
        }
        if (txn.bufferedIncomplete) {
            connector.connectAfterDrain(selected);
        } else {
            connector.connectOrReuse(selected);
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
        if (txn.state == State.FORWARDING && txn.requestHeadSent && connector.server == null) {
            // the server connection is gone (it answered and closed): the rest of the request is read and dropped
            txn.state = State.DRAINING;
        }
        if (txn.state == State.DRAINING) {
            content.release();
            if (last) {
                txn.requestComplete = true;
                if (txn.tarpitted || txn.serving) {
                    // the tarpit's reply waits for its timer, a service's for its answer
                    return;
                }
                relay.finishExchange();
            } else {
                requestMore();
            }
            return;
        }
        if (txn.state != State.FORWARDING) {
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
                relay.endExchange();
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
    void onBadRequestBody(HttpContent content) {
        int status = statusOf(content.decoderResult().cause(), 400);
        content.release();
        txn.requestComplete = true;
        connector.releaseInflight();
        connector.releaseServerConnection(false);
        connector.dropPending();
        if (txn.state == State.CLOSING) {
            return;
        }
        if (txn.responseStarted || txn.state == State.DRAINING) {
            httpLog.aborted('C', 'D');
            ctx.flush();
            closeNow();
            return;
        }
        httpLog.failed('C', 'R', status);
        relay.replyRawErrorAndClose(status);
    }

    void onRequestPartWritten(Future<? super Void> future) {
        if (!future.isSuccess()) {
            // the server went away while receiving; onServerClosed answers the client
            return;
        }
        if (txn.state == State.FORWARDING && !txn.requestComplete) {
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

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && txn.state == State.FORWARDING && connector.server != null) {
            connector.server.read();
        }
        ctx.fireChannelWritabilityChanged();
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
        txn.state = State.CLOSING;
        timer.cancel();
        relay.endLog();
        ctx.close();
    }

    void closeNow() {
        txn.state = State.CLOSING;
        ctx.close();
    }

    /**
     * {@code option abortonclose} holds for this request: HAProxy 2.6.12 aborts only when the
     * frontend has it too (from its defaults section, or a listen section's own).
     */
    private boolean abortOnClose() {
        return frontend.abortOnClose() && txn.backend != null && txn.backend.abortOnClose();
    }

    // ---------------------------------------------------------------- timeouts

    void armServerTimeout() {
        timer.arm(txn.backend == null ? 0 : txn.backend.serverTimeoutMillis(), ConnectionTimer.Kind.SERVER);
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timer.stop();
        if (txn.state == State.FORWARDING) {
            httpLog.aborted('C', connector.abandonQueue() ? 'Q'
                    : !txn.requestComplete ? 'R' : txn.responseStarted ? 'D' : 'H');
        }
        if (txn.state == State.BUFFERING) {
            httpLog.aborted('C', 'R');
        }
        if (txn.tarpitted) {
            relay.tarpitClientGone();
        }
        txn.release();
        connector.dropPending();
        inbound.forEach(ReferenceCountUtil::release);
        inbound.clear();
        connector.releaseInflight();
        // between two requests the server connection is clean and can serve another client
        connector.releaseServerConnection(txn.state == State.IDLE);
        txn.state = State.CLOSING;
        relay.recordCookies();
        httpLog.closed(txn.backend);
        ctx.fireChannelInactive();
    }

    /**
     * The client shut its sending side (FIN). Between requests that ends the connection; while a
     * request is in progress the answer is still delivered (HAProxy without
     * {@code option abortonclose}; with it, a request whose server connection is not made yet is
     * aborted, and one waiting for its response gets a 400), then the connection closes.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            txn.clientShut = true;
            if (txn.state == State.IDLE && inbound.isEmpty()) {
                closeNow();
            } else if (!txn.requestComplete && (txn.state == State.FORWARDING || txn.state == State.BUFFERING)) {
                // the request can no longer complete: abort both sides
                httpLog.aborted('C', 'R');
                connector.releaseInflight();
                connector.releaseServerConnection(false);
                closeNow();
            } else if (txn.state == State.FORWARDING && !txn.responseStarted && abortOnClose()) {
                if (connector.server == null) {
                    // option abortonclose: a request still waiting for its server connection is dropped
                    // (HAProxy's back_handle_st_con()/st_cer(): CC, the connection attempt abandoned; CQ
                    // with the time it waited when it was in a queue)
                    httpLog.aborted('C', connector.abandonQueue() ? 'Q' : 'C');
                    connector.releaseInflight();
                    closeNow();
                } else {
                    // waiting for the response: HAProxy's http_wait_for_response() closes the server
                    // connection and answers 400 to what is left of the client's (CH)
                    httpLog.failed('C', 'H', 400);
                    // the reply says the connection closes, and is counted with that header (206 bytes)
                    txn.clientKeepAlive = false;
                    relay.failExchange(400);
                }
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
