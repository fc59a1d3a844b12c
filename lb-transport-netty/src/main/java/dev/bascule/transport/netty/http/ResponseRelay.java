package dev.bascule.transport.netty.http;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.HttpReuse;
import dev.bascule.api.sample.Sample;
import dev.bascule.core.rules.CompiledReply;
import dev.bascule.core.rules.HttpRule;
import dev.bascule.core.rules.HttpRules;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.core.stats.ListenerCounters;
import dev.bascule.core.runtime.ServerRuntime;
import dev.bascule.core.service.HttpService;
import dev.bascule.core.stats.StatsReport;
import dev.bascule.core.runtime.TrafficObserver;
import dev.bascule.transport.netty.TcpRuleSet;
import dev.bascule.transport.netty.http.HttpTransaction.State;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

/**
 * What goes back to the client of a connection, as HAProxy's response analysers
 * ({@code http_wait_for_response()}, {@code http_process_res_common()},
 * {@code http_response_forward_body()}) and its {@code http_reply_and_close()}: the server's
 * response relayed head and body (its {@code http-response} and {@code http-after-response}
 * rules applied, persistence cookies set, connection headers made right for the client), an
 * early answer while the upload goes on, the proxy's own answers and error pages, and after each
 * response the choice between keeping both connections for the next request and closing. Reads
 * of the server go on only while the client keeps up. One per client connection, on its event
 * loop; the server connection's handler hands it the server's messages.
 */
final class ResponseRelay {
    private final HttpFrontendHandler connection;
    private final ChannelHandlerContext ctx;
    private final FrontendRuntime frontend;
    private final HttpTransaction txn;
    private final HttpTrafficView view;
    private final Sample sample;
    private final HttpLog httpLog;
    private final ConnectionTimer timer;
    /** The connection's decoded messages waiting their turn (pipelined requests). */
    private final ArrayDeque<HttpObject> inbound;
    private HttpRuleRunner rules;
    private ServerConnector connector;

    ResponseRelay(HttpFrontendHandler connection, ChannelHandlerContext ctx, FrontendRuntime frontend,
                  HttpTransaction txn, HttpTrafficView view, Sample sample, HttpLog httpLog, ConnectionTimer timer,
                  ArrayDeque<HttpObject> inbound) {
        this.connection = connection;
        this.ctx = ctx;
        this.frontend = frontend;
        this.txn = txn;
        this.view = view;
        this.sample = sample;
        this.httpLog = httpLog;
        this.timer = timer;
        this.inbound = inbound;
    }

    /** The connection's rule runner and server side, which use this relay too. */
    void use(HttpRuleRunner rules, ServerConnector connector) {
        this.rules = rules;
        this.connector = connector;
    }

    void onServerMessage(Object msg) {
        if (txn.state != State.FORWARDING) {
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
                connector.observe(TrafficObserver.Outcome.HTTP_HDRRSP);
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
                        txn.state = State.CLOSING;
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
            connector.observe(TrafficObserver.Outcome.ofStatus(code));
            txn.interimResponse = code >= 100 && code < 200 && code != 101;
            @Nullable String[] responseCaptures = httpLog.frontendLog().responseCaptures();
            if (!txn.interimResponse && responseCaptures.length > 0) {
                httpLog.streamLog().responseCaptures(rules.capture(response.headers(), responseCaptures, false));
            }
            if (!txn.interimResponse) {
                // HAProxy's H1 parser takes the server's close and keep-alive tokens as flags, before
                // any rule: the server connection's fate; what the rules write is for the client
                txn.responseKeepAlive = HttpUtil.isKeepAlive(response);
                HeaderRewrites.cleanConnection(response.headers());
                view.response(response);
                int denied = rules.applyAllResponseRules(response);
                if (denied != 0) {
                    httpLog.responseReplaced(arrivedSize);
                }
                if (denied == HttpRuleRunner.REDIRECTED) {
                    ReferenceCountUtil.release(msg);
                    txn.responseStarted = false;
                    redirectResponse();
                    return;
                }
                if (denied != 0) {
                    // HAProxy's dresp: the frontend's, the backend's and the server's
                    frontend.counters().deniedResponse();
                    ListenerCounters listener = httpLog.listenerCounters();
                    if (listener != null) {
                        listener.deniedResponse();
                    }
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
            } else if (txn.tunnelRequest && switchesProtocols(code)) {
                markBytesOut(ResponseSize.connectionSize(response));
                startTunnel();
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
                connection.closeNow();
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
        if (txn.state == State.FORWARDING && connector.server != null) {
            if (txn.requestComplete) {
                // timeout server: inactivity of the server while it owes us the response
                connection.armServerTimeout();
            }
            if (ctx.channel().isWritable()) {
                connector.server.read();
            }
        }
    }

    /**
     * Connection handling towards the client, as HAProxy's {@code h1_set_cli_conn_mode()} and
     * {@code h1_update_res_conn_value()} do it (package-private for its test): a {@code close} a
     * rule wrote closes, a {@code keep-alive} one keeps a connection {@code option httpclose} would
     * close; those tokens then leave the field and the proxy says what it does.
     */
    void prepareForClient(HttpResponse response) {
        if (txn.tunnelRequest && switchesProtocols(response.status().code())) {
            // HAProxy's H1 layer leaves the Connection field of a tunnel's head as it is
            return;
        }
        HttpHeaders headers = response.headers();
        int tokens = HeaderRewrites.connectionTokens(headers);
        if (tokens != 0) {
            if ((tokens & HeaderRewrites.CLOSE) != 0) {
                txn.clientKeepAlive = false;
            } else if ((tokens & HeaderRewrites.KEEP_ALIVE) != 0 && txn.frontendClose && txn.requestKeepAlive) {
                txn.clientKeepAlive = true;
            }
            HeaderRewrites.cleanConnection(headers);
        }
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

    /** A response to a {@link H1Decoder.TunnelRequest} with this status makes a tunnel: a 101, a CONNECT's 2xx. */
    private boolean switchesProtocols(int code) {
        return code == 101 || code >= 200 && code < 300 && txn.balanced != null
                && txn.balanced.method() == HttpMethod.CONNECT;
    }

    /**
     * The server switched protocols: HTTP is over on both connections, which become a
     * {@link Tunnel}; the server connection is never pooled again. The log line waits for the
     * tunnel's end.
     */
    private void startTunnel() {
        Channel server = connector.server;
        HttpBackendHandler handler = connector.serverHandler;
        connector.unbind();
        handler.detach();
        txn.state = State.TUNNEL;
        timer.stop();
        BackendRuntime backend = txn.backend;
        long tunnelMillis = backend.tunnelTimeoutMillis();
        Tunnel.start(ctx.channel(), server, httpLog, this::tunnelEnded,
                tunnelMillis > 0 ? tunnelMillis : frontend.clientTimeoutMillis(),
                tunnelMillis > 0 ? tunnelMillis : backend.serverTimeoutMillis(), backend.serverFinTimeoutMillis(),
                txn.clientShut);
    }

    /** The tunnel is over: the stream's line goes out, the server's slot is given back. */
    private void tunnelEnded() {
        connector.releaseInflight();
        txn.release();
        connector.dropPending();
        inbound.forEach(ReferenceCountUtil::release);
        inbound.clear();
        txn.state = State.CLOSING;
        endLog();
        httpLog.closed(txn.backend);
    }

    /** A request that could have made a tunnel did not: the client's decoder goes on with what it holds. */
    private void resumeRequests() {
        ChannelHandlerContext decoder = ctx.pipeline().context(H1Decoder.class);
        if (decoder != null) {
            ((H1Decoder) decoder.handler()).resume(decoder);
        }
    }

    /** Both the request and the response are over: the server connection is kept or closed, the client's goes on or closes. */
    void endExchange() {
        if (!txn.responseKeepAlive || txn.serverClose) {
            // a server that closes, or option http-server-close/httpclose: HAProxy closes the
            // connection as soon as the response is over, with a reset (SC_FL_NOLINGER)
            connector.resetServerConnection();
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
        if (txn.state != State.FORWARDING) {
            return;
        }
        if (txn.responseEnded) {
            // it answered, then closed while the upload went on: the client has its answer, the
            // rest of its request is read and dropped, then its connection closes
            drainRequest();
            return;
        }
        ServerRuntime failed = connector.inflight;
        if (!txn.responseStarted) {
            connector.observe(TrafficObserver.Outcome.HTTP_BROKEN_PIPE);
        }
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
            connection.closeNow();
        }
    }

    /**
     * The server is gone after its answer while the client still sends its request: the rest of
     * it is read and dropped (so that closing sends no reset over the answer), within
     * {@code timeout client}, then the connection closes.
     */
    private void drainRequest() {
        txn.state = State.DRAINING;
        txn.clientKeepAlive = false;
        timer.arm(frontend.clientTimeoutMillis(), ConnectionTimer.Kind.CLIENT);
        connection.requestMore();
    }

    void finishExchange() {
        if (txn.state == State.CLOSING) {
            return;
        }
        endLog();
        if (!txn.requestComplete) {
            // still reading a request we answered: drain it first
            return;
        }
        if (txn.clientKeepAlive && (!txn.clientShut || !inbound.isEmpty())) {
            // (a client that shut its side after pipelined requests gets all their answers)
            txn.state = State.IDLE;
            if (txn.tunnelRequest) {
                resumeRequests();
            }
            txn.bytesSinceIdle = false;
            ctx.flush();
            timer.arm(frontend.httpKeepAliveTimeoutMillis(), ConnectionTimer.Kind.KEEP_ALIVE);
            connection.requestMore();
        } else {
            txn.state = State.CLOSING;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The persistence-cookie flags of the stream, when its backend has a {@code cookie}. */
    void recordCookies() {
        if (txn.backend != null && txn.backend.cookie() != null) {
            httpLog.streamLog().cookies(txn.cookieOutcome.clientFlag(), txn.cookieOutcome.serverFlag());
        }
    }

    void endLog() {
        recordCookies();
        if (frontend.http().uniqueIdFormat() != null) {
            httpLog.streamLog().uniqueId(view.uniqueId());
        }
        httpLog.end(txn.backend);
    }

    /**
     * {@code http-response redirect}: the server's answer is dropped and its connection closed,
     * the client gets the redirect instead.
     */
    private void redirectResponse() {
        connector.releaseInflight();
        connector.releaseServerConnection(false);
        txn.state = State.DRAINING;
        connector.dropPending();
        // a location redirect: the request is not needed
        FullHttpResponse redirect = txn.responseReply;
        txn.responseReply = null;
        if (redirect == null) {
            // http-response return with an empty errorfile: nothing is sent
            connection.closeNow();
            return;
        }
        httpLog.status(redirect.status().code());
        rules.applyAfterResponseRules(redirect);
        toClient(redirect);
        if (txn.requestComplete) {
            finishExchange();
        } else {
            ctx.flush();
            connection.requestMore();
        }
    }

    /** The exchange cannot be completed: answer with HAProxy's page, keep the client if it may be kept. */
    void failExchange(int status) {
        connector.releaseInflight();
        connector.releaseServerConnection(false);
        if (txn.responseStarted) {
            connection.closeNow();
            return;
        }
        txn.state = State.DRAINING;
        connector.dropPending();
        replyError(status);
    }

    void sendLocally(HttpRequest request, FullHttpResponse response) {
        rules.applyAfterResponseRules(response);
        ReferenceCountUtil.release(request);
        view.clear();
        txn.state = State.DRAINING;
        if (!txn.clientKeepAlive && !response.headers().contains(HttpHeaderNames.CONNECTION)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        toClient(response);
        if (txn.requestComplete) {
            finishExchange();
        } else {
            ctx.flush();
            connection.requestMore();
        }
    }

    /**
     * {@code http-request use-service}: the service builds its answer off the event loop
     * ({@link ServiceApplet}) while the rest of the request is read and dropped; then the answer
     * goes as a local one, a refused request gets HAProxy's 400 page and a failed service closes
     * the connection, as HAProxy's applet does.
     */
    void startService(HttpRequest request, HttpService service, StatsReport report) {
        txn.state = State.DRAINING;
        txn.serving = true;
        ServiceApplet.answer(service, request, report, ctx.executor(),
                (outcome, answer) -> serviceAnswered(request, outcome, answer));
        if (!txn.requestComplete) {
            // a pipelined request waits for this answer: only this one's body is read meanwhile
            connection.requestMore();
        }
    }

    private void serviceAnswered(HttpRequest request, ServiceApplet.Outcome outcome,
                                 @Nullable FullHttpResponse answer) {
        txn.serving = false;
        if (!ctx.channel().isActive() || txn.state != State.DRAINING) {
            // the client left meanwhile
            ReferenceCountUtil.release(answer);
            ReferenceCountUtil.release(request);
            return;
        }
        switch (outcome) {
            case ANSWERED:
                httpLog.localAnswer(answer.status().code());
                sendLocally(request, answer);
                break;
            case REFUSED:
                // processed locally (L) on the request (R), as HAProxy logs its applet's 400
                httpLog.localAnswer(400);
                ReferenceCountUtil.release(request);
                view.clear();
                replyErrorAndClose(400);
                break;
            default:
                ReferenceCountUtil.release(request);
                view.clear();
                txn.state = State.CLOSING;
                timer.cancel();
                endLog();
                ctx.close();
        }
    }

    /** A configured reply (rendered if it has log-format parts), then the connection closes; an empty one closes at once. */
    void replyConfiguredAndClose(int status, CompiledReply reply) {
        httpLog.status(status);
        txn.state = State.CLOSING;
        timer.cancel();
        if (reply.kind() == CompiledReply.Kind.SILENT) {
            endLog();
            ctx.close();
            return;
        }
        FullHttpResponse response = LocalReplies.of(reply, view, sample);
        rules.applyAfterResponseRules(response);
        endLog();
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        markBytesOut(ResponseSize.of(response));
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    void replyError(int status) {
        CompiledReply custom = rules.configuredReply(status);
        if (custom != null) {
            replyConfiguredAndClose(status, custom);
            return;
        }
        httpLog.status(status);
        FullHttpResponse page = ErrorPages.response(status);
        rules.applyAfterResponseRules(page);
        if (!txn.clientKeepAlive && !page.headers().contains(HttpHeaderNames.CONNECTION)) {
            // HAProxy's H1 layer says it closes (option httpclose, a client that closes)
            page.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        toClient(page);
        if (txn.requestComplete) {
            finishExchange();
        } else {
            ctx.flush();
            connection.requestMore();
        }
    }

    /** An error of the HTTP/1 layer (bad request, request timeout): HAProxy's raw message, then close. */
    void replyRawErrorAndClose(int status) {
        httpLog.status(status);
        txn.state = State.CLOSING;
        timer.cancel();
        // from the codec's place, so that it goes out as it is (through TLS when there is TLS)
        ChannelHandlerContext codec = ctx.pipeline().context(H1ResponseEncoder.class);
        (codec != null ? codec : ctx).writeAndFlush(ErrorPages.raw(status)).addListener(ChannelFutureListener.CLOSE);
        endLog();
    }

    /**
     * {@code http-request tarpit}: the request waits for {@code millis} (HAProxy's
     * {@code http_process_tarpit()}), its rest read and dropped, then gets {@code reply} (null: the
     * proxy's for {@code status}), rendered then, when HAProxy has wiped the request out. Logged
     * {@code PT}, with the time waited as {@code %Tw} and no {@code %TR}.
     */
    void startTarpit(@Nullable CompiledReply reply, int status, long millis) {
        httpLog.failed('P', 'T', status);
        txn.state = State.DRAINING;
        txn.tarpitted = true;
        txn.tarpitReply = reply;
        txn.tarpitStatus = status;
        if (millis <= 0) {
            endTarpit();
            return;
        }
        timer.arm(millis, ConnectionTimer.Kind.TARPIT);
        connection.requestMore();
    }

    /** The tarpit's time is over: its reply, then the connection closes (an empty errorfile closes at once). */
    void endTarpit() {
        FullHttpResponse reply = tarpitReply();
        txn.tarpitted = false;
        txn.tarpitReply = null;
        httpLog.tarpitEnded();
        txn.state = State.CLOSING;
        timer.cancel();
        if (reply == null) {
            endLog();
            ctx.close();
            return;
        }
        markBytesOut(ResponseSize.of(reply));
        ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
        endLog();
    }

    /** The client left during a tarpit: HAProxy still counts the reply it sends when the time is over. */
    void tarpitClientGone() {
        FullHttpResponse reply = tarpitReply();
        if (reply != null) {
            markBytesOut(ResponseSize.of(reply));
            reply.release();
        }
        httpLog.tarpitEnded();
    }

    /** The tarpit's reply as it is sent, after the {@code http-after-response} rules; null for an empty errorfile. */
    private @Nullable FullHttpResponse tarpitReply() {
        CompiledReply reply = txn.tarpitReply;
        if (reply != null && reply.kind() == CompiledReply.Kind.SILENT) {
            return null;
        }
        FullHttpResponse response = reply == null ? ErrorPages.response(txn.tarpitStatus)
                : LocalReplies.of(reply, view, sample);
        rules.applyAfterResponseRules(response);
        return response;
    }

    void replyErrorAndClose(int status) {
        httpLog.status(status);
        txn.state = State.CLOSING;
        timer.cancel();
        FullHttpResponse page = ErrorPages.response(status);
        rules.applyAfterResponseRules(page);
        markBytesOut(ResponseSize.of(page));
        ctx.writeAndFlush(page).addListener(ChannelFutureListener.CLOSE);
        endLog();
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
    private void markBytesOut(int bytes) {
        httpLog.bytesOut(bytes);
    }

    /**
     * The server's response did not come (closed, timed out) or could not be parsed: HAProxy's
     * {@code eresp} of the backend and the server.
     */
    void countFailedResponse(@Nullable ServerRuntime failed) {
        if (txn.backend != null) {
            txn.backend.counters().failedResponse();
        }
        if (failed != null) {
            failed.counters().failedResponse();
        }
    }}
