package dev.bascule.transport.netty.http;

import dev.bascule.api.balance.PickContext;
import dev.bascule.api.balance.Server;
import dev.bascule.api.config.HeaderField;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.DirectResponse;
import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.core.runtime.ServerRuntime;

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
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
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
import io.netty.util.concurrent.ScheduledFuture;

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
    private final ArrayDeque<HttpObject> pending = new ArrayDeque<>(4);
    private final ArrayDeque<HttpObject> inbound = new ArrayDeque<>(4);
    private boolean demand;
    private boolean pumping;

    private ChannelHandlerContext ctx;
    private State state = State.IDLE;
    private boolean bytesSinceIdle;
    private int requests;
    private ScheduledFuture<?> timeout;

    // the exchange in progress
    private boolean clientKeepAlive;
    private HttpVersion clientVersion;
    private boolean requestComplete;
    private boolean requestHeadSent;
    private boolean responseStarted;
    private boolean responseKeepAlive;
    private boolean interimResponse;
    private boolean chunkedForClient;
    private int attempt;
    private ServerRuntime previous;
    /** The request head while the request may be sent again (idempotent method, no body). */
    private HttpRequest retryable;

    // the server connection bound to this client connection
    private Channel server;
    private HttpBackendHandler serverHandler;
    private ServerRuntime inflight;

    public HttpFrontendHandler(FrontendRuntime frontend, Class<? extends SocketChannel> socketChannel,
                               ChannelHandler connectionCounter) {
        this.frontend = frontend;
        this.socketChannel = socketChannel;
        this.connectionCounter = connectionCounter;
    }

    /** Bytes arrived from the client (called by the raw-bytes marker ahead of the codec). */
    void markBytes() {
        bytesSinceIdle = true;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        armTimeout(frontend.httpRequestTimeoutMillis(), Timeout.REQUEST);
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
        if (demand && !pumping) {
            pump();
        }
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
        cancelTimeout();
        if (request.decoderResult().isFailure()) {
            ReferenceCountUtil.release(request);
            replyErrorAndClose(400);
            return;
        }
        requests++;
        clientVersion = request.protocolVersion();
        clientKeepAlive = HttpUtil.isKeepAlive(request);
        requestComplete = request instanceof LastHttpContent;
        requestHeadSent = false;
        responseStarted = false;
        responseKeepAlive = false;
        interimResponse = false;
        attempt = 0;
        previous = null;
        retryable = IDEMPOTENT.contains(request.method()) && !(request instanceof HttpContent) ? request : null;

        DirectResponse direct = frontend.directResponse();
        if (direct != null) {
            ReferenceCountUtil.release(request);
            state = State.DRAINING;
            writeDirect(direct);
            if (requestComplete) {
                finishExchange();
            } else {
                requestMore();
            }
            return;
        }
        BackendRuntime backend = frontend.backend();
        if (backend == null) {
            ReferenceCountUtil.release(request);
            state = State.DRAINING;
            replyError(503);
            return;
        }
        state = State.FORWARDING;
        prepareForServer(request);
        pending.add(request);
        connectOrReuse(backend);
    }

    private void onRequestContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (content.content().isReadable() || last && !((LastHttpContent) content).trailingHeaders().isEmpty()) {
            // a request with a body is not kept for a retry: it streams
            retryable = null;
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
        cancelTimeout();
        ChannelFuture written = server.writeAndFlush(content);
        if (last) {
            armServerTimeout();
        } else {
            written.addListener(this::onRequestPartWritten);
        }
    }

    private void onRequestPartWritten(io.netty.util.concurrent.Future<? super Void> future) {
        if (!future.isSuccess()) {
            // the server went away while receiving; onServerClosed answers the client
            return;
        }
        if (state == State.FORWARDING && !requestComplete) {
            armTimeout(frontend.clientTimeoutMillis(), Timeout.CLIENT);
            requestMore();
        }
    }

    /** Hop-by-hop headers do not cross the proxy; the server connection is kept alive. */
    private static void prepareForServer(HttpRequest request) {
        HttpHeaders headers = request.headers();
        headers.remove(HttpHeaderNames.KEEP_ALIVE);
        headers.remove(HttpHeaderNames.PROXY_CONNECTION);
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            headers.remove(HttpHeaderNames.CONNECTION);
        } else {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    // ---------------------------------------------------------------- server side

    private void connectOrReuse(BackendRuntime backend) {
        ServerRuntime target = backend.pick(this);
        if (target == null) {
            target = backend.dispatch();
        }
        if (target == null) {
            failExchange(503);
            return;
        }
        if (server != null && (serverHandler.server() != target || !server.isActive())) {
            releaseServerConnection(true);
        }
        if (server == null && requests > 1) {
            // HAProxy's "http-reuse safe": only a session's later requests may take an idle connection
            Channel idle = BackendPool.current().poll(target);
            if (idle != null) {
                bindServer(idle, (HttpBackendHandler) idle.pipeline().last());
            }
        }
        acquire(target);
        if (server != null) {
            sendPending();
            return;
        }
        connect(backend, target);
    }

    private void connect(BackendRuntime backend, ServerRuntime target) {
        HttpBackendHandler handler = new HttpBackendHandler(target);
        Bootstrap bootstrap = new Bootstrap()
                .group(ctx.channel().eventLoop())
                .channel(socketChannel)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(connectionCounter, new HttpClientCodec(), handler);
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
            failExchange(503);
            return;
        }
        attempt++;
        previous = failed;
        ServerRuntime target = failed;
        boolean redispatched = backend.redispatchOn(attempt, failed);
        if (redispatched) {
            ServerRuntime other = backend.pick(this);
            if (other == failed && backend.activeUsable() > 1) {
                // round robin may hand back the same server: one more turn moves on
                other = backend.pick(this);
            }
            if (other == null) {
                other = backend.dispatch();
            }
            if (other == null) {
                failExchange(503);
                return;
            }
            target = other;
            acquire(target);
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
        while ((message = pending.poll()) != null) {
            last = server.write(message);
        }
        server.flush();
        requestHeadSent = true;
        server.read();
        if (requestComplete) {
            armServerTimeout();
        } else if (last != null) {
            last.addListener(this::onRequestPartWritten);
        }
    }

    void onServerMessage(Object msg) {
        if (state != State.FORWARDING) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse) {
            HttpResponse response = (HttpResponse) msg;
            if (response.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                server.close();
                return;
            }
            cancelTimeout();
            responseStarted = true;
            int code = response.status().code();
            interimResponse = code >= 100 && code < 200 && code != 101;
            if (!interimResponse) {
                responseKeepAlive = HttpUtil.isKeepAlive(response);
                prepareForClient(response);
            }
            ctx.write(response);
            if (msg instanceof LastHttpContent) {
                onResponseEnd();
            }
            return;
        }
        if (msg instanceof HttpContent) {
            HttpContent content = (HttpContent) msg;
            boolean last = content instanceof LastHttpContent;
            if (last && interimResponse) {
                // the end of a 1xx response (it closes the message for the encoder); the final response follows
                interimResponse = false;
                ctx.write(content);
                return;
            }
            ctx.write(content);
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
        headers.remove(HttpHeaderNames.KEEP_ALIVE);
        headers.remove(HttpHeaderNames.CONNECTION);
        boolean hasLength = headers.contains(HttpHeaderNames.CONTENT_LENGTH) || HttpUtil.isTransferEncodingChunked(response);
        int code = response.status().code();
        boolean bodyless = code == 204 || code == 304;
        chunkedForClient = false;
        if (!hasLength && !bodyless) {
            if (clientVersion.equals(HttpVersion.HTTP_1_1)) {
                // a close-delimited body becomes chunked so that the client connection survives
                HttpUtil.setTransferEncodingChunked(response, true);
                chunkedForClient = true;
            } else {
                clientKeepAlive = false;
            }
        }
        if (!clientKeepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!clientVersion.equals(HttpVersion.HTTP_1_1)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private void onResponseEnd() {
        ctx.flush();
        releaseInflight();
        if (!requestComplete || !responseKeepAlive) {
            // a server that answered before the end of the request, or that closes: not reusable
            releaseServerConnection(false);
            if (!requestComplete) {
                clientKeepAlive = false;
            }
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
        ServerRuntime failed = inflight;
        releaseInflight();
        if (!responseStarted && retryable != null && requestComplete && failed != null && requests > 1
                && attempt < frontend.backend().retries()) {
            // the server closed before answering a later request of the session, idempotent and without
            // body: where HAProxy closes the client connection for the client to retry, send it again
            BackendRuntime backend = frontend.backend();
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
            failExchange(502);
        } else if (chunkedForClient || !responseKeepAlive && !clientVersion.equals(HttpVersion.HTTP_1_1)) {
            // a close-delimited response ends with the server's close
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            clientKeepAlive = clientKeepAlive && chunkedForClient && requestComplete;
            finishExchange();
        } else {
            // truncated response: the client must see the connection end
            closeNow();
        }
    }

    // ---------------------------------------------------------------- end of exchanges

    private void finishExchange() {
        if (state == State.CLOSING) {
            return;
        }
        if (!requestComplete) {
            // still reading a request we answered: drain it first
            return;
        }
        if (clientKeepAlive) {
            state = State.IDLE;
            bytesSinceIdle = false;
            ctx.flush();
            armTimeout(frontend.httpKeepAliveTimeoutMillis(), Timeout.KEEP_ALIVE);
            requestMore();
        } else {
            state = State.CLOSING;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The exchange cannot be completed: answer with HAProxy's page, keep the client if it may be kept. */
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

    private void replyError(int status) {
        ctx.write(ErrorPages.response(status));
        if (requestComplete) {
            finishExchange();
        } else {
            ctx.flush();
            requestMore();
        }
    }

    private void replyErrorAndClose(int status) {
        state = State.CLOSING;
        cancelTimeout();
        ctx.writeAndFlush(ErrorPages.response(status)).addListener(ChannelFutureListener.CLOSE);
    }

    private void writeDirect(DirectResponse direct) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(direct.status()), Unpooled.wrappedBuffer(direct.body()));
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
        if (!clientKeepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.write(response);
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
        if (reusable && channel.isActive()) {
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

    private void closeNow() {
        state = State.CLOSING;
        ctx.close();
    }

    // ---------------------------------------------------------------- timeouts

    private enum Timeout {
        REQUEST, KEEP_ALIVE, CLIENT, SERVER
    }

    private void armServerTimeout() {
        BackendRuntime backend = frontend.backend();
        armTimeout(backend == null ? 0 : backend.serverTimeoutMillis(), Timeout.SERVER);
    }

    private void armTimeout(long millis, Timeout kind) {
        cancelTimeout();
        if (millis > 0) {
            timeout = ctx.executor().schedule(() -> onTimeout(kind), millis, TimeUnit.MILLISECONDS);
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    private void onTimeout(Timeout kind) {
        timeout = null;
        switch (kind) {
            case REQUEST:
            case KEEP_ALIVE:
                if (state != State.IDLE) {
                    return;
                }
                if (bytesSinceIdle) {
                    replyErrorAndClose(408);
                } else {
                    closeNow();
                }
                break;
            case CLIENT:
                // the client stopped sending its request body
                releaseServerConnection(false);
                closeNow();
                break;
            case SERVER:
                if (state != State.FORWARDING) {
                    return;
                }
                if (!responseStarted) {
                    clientKeepAlive = false;
                    failExchange(504);
                } else {
                    releaseServerConnection(false);
                    closeNow();
                }
                break;
        }
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimeout();
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
        inbound.forEach(ReferenceCountUtil::release);
        inbound.clear();
        releaseInflight();
        // between two requests the server connection is clean and can serve another client
        releaseServerConnection(state == State.IDLE);
        state = State.CLOSING;
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
            clientKeepAlive = false;
            if (state == State.IDLE && inbound.isEmpty()) {
                closeNow();
            } else if (!requestComplete && state == State.FORWARDING) {
                // the request can no longer complete: abort both sides
                releaseServerConnection(false);
                closeNow();
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("[{}] client connection error", ctx.channel().id(), cause);
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
        // Netty caches the remote address: no allocation per request
        return (InetSocketAddress) ctx.channel().remoteAddress();
    }
}
