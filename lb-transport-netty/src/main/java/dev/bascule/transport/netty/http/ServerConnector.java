package dev.bascule.transport.netty.http;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.HttpReuse;
import dev.bascule.api.config.HttpTuning;
import dev.bascule.api.config.ProxyProtocol;
import dev.bascule.api.sample.Sample;
import dev.bascule.core.runtime.BackendQueues;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.core.runtime.ServerRuntime;
import dev.bascule.core.runtime.ServerSession;
import dev.bascule.core.runtime.TrafficObserver;
import dev.bascule.transport.netty.ServerDialer;
import dev.bascule.transport.netty.SocketKeepAlive;
import dev.bascule.transport.netty.http.HttpTransaction.State;
import dev.bascule.transport.netty.proxy.ProxyHeaderWriter;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

/**
 * The server side of a client connection, as HAProxy's {@code backend.c}: picks the server of a
 * request (persistence cookie, balancing algorithm, dispatch address), takes an idle connection
 * to it as {@code http-reuse} allows or connects (within {@code timeout connect}), retries and
 * redispatches as {@code retries} and {@code option redispatch} say, then sends the request
 * waiting in {@link #pending}. It holds the server connection bound to the client connection and
 * the server's slot ({@code inflight}) until the response is over. One per client connection,
 * on its event loop; connections go to the loop's {@link BackendPool} between requests.
 */
final class ServerConnector implements ServerSession {
    private static final Logger LOG = LoggerFactory.getLogger(ServerConnector.class);

    /** HAProxy waits up to this long before connecting again to a server that refused. */
    private static final long TURN_AROUND_MILLIS = 1000;

    private final HttpFrontendHandler connection;
    private final ResponseRelay relay;
    private final ChannelHandlerContext ctx;
    private final FrontendRuntime frontend;
    private final HttpTransaction txn;
    private final HttpTrafficView view;
    private final HttpLog httpLog;
    private final ServerDialer dialer;
    private final ChannelHandler connectionCounter;
    /** {@code tune.*}: the heads' sizes, for the server connections' decoders. */
    private final HttpTuning tuning;

    /** The request parts that wait for the server connection. */
    final ArrayDeque<HttpObject> pending = new ArrayDeque<>(4);
    // the server connection bound to this client connection, and the server whose slot the request holds
    Channel server;
    HttpBackendHandler serverHandler;
    ServerRuntime inflight;

    ServerConnector(HttpFrontendHandler connection, ResponseRelay relay, ChannelHandlerContext ctx, FrontendRuntime frontend,
                    HttpTransaction txn, HttpTrafficView view, HttpLog httpLog,
                    ServerDialer dialer, ChannelHandler connectionCounter, HttpTuning tuning) {
        this.connection = connection;
        this.relay = relay;
        this.ctx = ctx;
        this.frontend = frontend;
        this.txn = txn;
        this.view = view;
        this.httpLog = httpLog;
        this.dialer = dialer;
        this.connectionCounter = connectionCounter;
        this.tuning = tuning;
    }

    void connectOrReuse(BackendRuntime backend) {
        BackendQueues queues = backend.queues();
        ServerRuntime target = queue != null && queue.balanceOnly ? null : txn.cookieOutcome.server();
        boolean direct = target != null;
        if (target == null && backend.preferLastServer()) {
            target = lastServer(backend);
        }
        if (target == null) {
            if (queues != null && queues.waitBehindQueue()) {
                queue().waitInBackendQueue(backend, queues);
                return;
            }
            target = backend.pick(txn);
            if (target != null) {
                // chosen by the balancing algorithm (HAProxy's cum_lbconn)
                target.counters().chosenByBalancer();
                backend.counters().chosenByBalancer();
            }
        }
        if (target == null && queues != null && backend.usableServers() > 0) {
            // every usable server is full: the first slot freed goes to the oldest waiting
            queue().waitInBackendQueue(backend, queues);
            return;
        }
        if (target == null) {
            target = backend.dispatch();
        }
        if (target == null) {
            httpLog.failed('S', 'C', 503);
            relay.failExchange(503);
            return;
        }
        if (target.queues() != null && inflight != target && !queue().slot(backend, target, direct)) {
            return;
        }
        proceed(backend, target);
    }

    /**
     * {@code option prefer-last-server}: the server this client connection still holds a connection
     * to, when it is one of {@code backend}'s and usable (HAProxy's {@code assign_server()} walking the
     * session's server connections), else null. Only a private connection stays with its client
     * connection between requests ({@code http-reuse never}); a shared one went back to the pool.
     */
    private ServerRuntime lastServer(BackendRuntime backend) {
        if (server == null || !server.isActive()) {
            return null;
        }
        ServerRuntime last = serverHandler.server();
        return last.usable() && backend.servers().contains(last) ? last : null;
    }

    /** The request holds its slot on {@code target}: an idle connection takes it, or a new one. */
    void proceed(BackendRuntime backend, ServerRuntime target) {
        if (server != null && (serverHandler.server() != target || !server.isActive())) {
            releaseServerConnection(true);
        } else if (server != null && target.endpoint().proxyV2().uniqueId()) {
            // its PROXY header carried the previous stream's unique ID: HAProxy's connection hash
            // includes it, so a stream with another ID never reuses that connection
            releaseServerConnection(false);
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
        if (target.mapsDestination()) {
            // the pool is per server, not per destination: a host- or port-less server's connections are not shared
            return null;
        }
        switch (reuse) {
            case NEVER:
                return null;
            case SAFE:
                return txn.requests > 1 ? BackendPool.current().poll(target) : null;
            case AGGRESSIVE:
                return BackendPool.current().poll(target, txn.requests > 1 ? 0 : 2);
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
        Bootstrap bootstrap = dialer.bootstrap(ctx.channel().eventLoop(), target)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        SocketKeepAlive.apply(channel, backend.serverKeepAlive());
                        channel.pipeline().addLast(connectionCounter, decoder, new H1RequestEncoder(), handler);
                    }
                });
        if (backend.connectTimeoutMillis() > 0) {
            bootstrap.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, backend.connectTimeoutMillis()));
        }
        bootstrap.connect(dialer.remote(target, target.mapsDestination() ? view.destination() : null)).addListener((ChannelFutureListener) future -> {
            if (txn.state != State.FORWARDING || !ctx.channel().isActive()) {
                future.channel().close();
                return;
            }
            if (!future.isSuccess()) {
                target.observer().report(TrafficObserver.Outcome.L4_ERR);
                LOG.debug("[{}] connect to {} failed: {}", ctx.channel().id(), target, future.cause().toString());
                retryConnect(backend, target, !(future.cause() instanceof ConnectTimeoutException));
                return;
            }
            if (target.sendProxy() != ProxyProtocol.NONE) {
                // send-proxy: the header goes first, in clear, with the addresses the stream sees
                ProxyHeaderWriter.write(future.channel(), target.sendProxy(), view.source(), view.destination(),
                        ctx.channel(), target.endpoint().proxyV2(),
                        target.endpoint().proxyV2().uniqueId() ? view.uniqueId() : null);
            }
            Future<Channel> handshake = secure(future.channel(), backend, target);
            if (handshake == null) {
                established(target, future.channel(), handler);
                return;
            }
            handshake.addListener(done -> {
                if (txn.state != State.FORWARDING || !ctx.channel().isActive()) {
                    future.channel().close();
                    return;
                }
                if (done.isSuccess()) {
                    established(target, future.channel(), handler);
                    return;
                }
                // a failed handshake is a failed connection, as in HAProxy (503, SC)
                future.channel().close();
                target.observer().report(TrafficObserver.Outcome.L4_ERR);
                LOG.debug("[{}] TLS handshake with {} failed: {}", ctx.channel().id(), target, done.cause().toString());
                retryConnect(backend, target, true);
            });
        });
    }

    /** The TLS handshake with an {@code ssl} server, started; null when its connections are not encrypted. */
    private @Nullable Future<Channel> secure(Channel channel, BackendRuntime backend, ServerRuntime target) {
        if (!target.endpoint().encrypted()) {
            return null;
        }
        try {
            return dialer.secure(channel, target, target.endpoint().serverName(view, new Sample()),
                    backend.connectTimeoutMillis());
        } catch (SSLException e) {
            return channel.eventLoop().newFailedFuture(e);
        }
    }

    private void established(ServerRuntime target, Channel channel, HttpBackendHandler handler) {
        target.observer().report(TrafficObserver.Outcome.L4_OK);
        httpLog.connected(target, channel);
        bindServer(channel, handler);
        sendPending();
    }

    /**
     * A connection to {@code failed} could not be made: retry ({@code retries}), on the same
     * server unless {@code option redispatch} sends the retry elsewhere, else answer 503.
     */
    private void retryConnect(BackendRuntime backend, ServerRuntime failed, boolean refused) {
        if (txn.attempt >= backend.retries()) {
            failed.counters().failedConnection();
            backend.counters().failedConnection();
            httpLog.failed('S', 'C', 503);
            relay.failExchange(503);
            return;
        }
        txn.attempt++;
        httpLog.retry();
        txn.previous = failed;
        ServerRuntime target = failed;
        boolean redispatched = backend.redispatchOn(txn.attempt, failed);
        if (redispatched) {
            ServerRuntime other = backend.pick(txn);
            if (other == failed && backend.activeUsable() > 1) {
                // round robin may hand back the same server: one more turn moves on
                other = backend.pick(txn);
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
                relay.failExchange(503);
                return;
            }
            target = other;
            if (target.queues() != null) {
                // HAProxy's assign_server(): the slot held on the failed server goes first
                releaseInflight();
                if (!queue().slot(backend, target, false)) {
                    failed.counters().redispatch();
                    backend.counters().redispatch();
                    return;
                }
            } else {
                acquire(target);
            }
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
                if (txn.state == State.FORWARDING && ctx.channel().isActive()) {
                    connect(backend, next);
                }
            }, delay, TimeUnit.MILLISECONDS);
            return;
        }
        connect(backend, target);
    }

    private void bindServer(Channel channel, HttpBackendHandler handler) {
        server = channel;
        view.serverChannel(channel);
        serverHandler = handler;
        handler.attach(relay);
    }

    private void sendPending() {
        HttpObject message;
        ChannelFuture last = null;
        HttpObject first = pending.peek();
        if (first instanceof HttpRequest) {
            serverHandler.decoder().expectResponseTo((HttpRequest) first);
        }
        while ((message = pending.poll()) != null) {
            last = txn.requestComplete || !pending.isEmpty() ? server.write(message, server.voidPromise())
                    : server.write(message);
        }
        server.flush();
        serverHandler.exchangeStarted();
        txn.requestHeadSent = true;
        server.read();
        if (txn.requestComplete) {
            connection.armServerTimeout();
            connection.readAhead();
        } else if (last != null) {
            last.addListener(connection::onRequestPartWritten);
        }
    }

    private void acquire(ServerRuntime target) {
        if (inflight == target && target.queues() != null) {
            // a server with maxconn: the slot was claimed for the request before (BackendQueues)
            return;
        }
        releaseInflight();
        inflight = target;
        target.acquire();
        target.sessions().add(this);
    }

    /**
     * {@code on-marked-down shutdown-sessions} (or {@code on-marked-up shutdown-backup-sessions}):
     * the stream on the server closes, on this connection's loop.
     */
    @Override
    public void shutdown(char cause) {
        ctx.executor().execute(() -> {
            if (inflight == null || !ctx.channel().isActive()) {
                return;
            }
            // HAProxy's stream_shutdown(): the server side aborts; a response not started yet is
            // HAProxy's 502 and the client connection stays, a response under way is cut short
            if (txn.responseStarted) {
                httpLog.aborted(cause, 'D');
            } else {
                relay.countFailedResponse(inflight);
                httpLog.failed(cause, 'H', 502);
            }
            relay.failExchange(502);
        });
    }

    /** What the request's server did, for {@code observe}. */
    void observe(TrafficObserver.Outcome outcome) {
        ServerRuntime target = inflight;
        if (target != null) {
            target.observer().report(outcome);
        }
    }

    /** The request's place in the queues, created the first time a request of the connection must wait. */
    private QueuedRequest queue;

    private QueuedRequest queue() {
        QueuedRequest current = queue;
        if (current == null) {
            current = new QueuedRequest(this, txn, ctx, httpLog, relay, view, frontend);
            queue = current;
        }
        return current;
    }

    /** A slot claimed for the request on {@code target} (a server with maxconn): the request holds it now. */
    void holdSlot(ServerRuntime target) {
        if (inflight != null && inflight != target) {
            inflight.sessions().remove(this);
            inflight.release();
        }
        inflight = target;
        target.sessions().add(this);
    }

    /** The client went: true when the request was waiting in a queue, then out of it with its wait logged. */
    boolean abandonQueue() {
        return queue != null && queue.abandon();
    }

    void releaseInflight() {
        if (queue != null) {
            // the request gives up its place, or a slot handed to it meanwhile passes on
            queue.giveUp();
        }
        if (inflight != null) {
            inflight.sessions().remove(this);
            inflight.release();
            inflight = null;
        }
    }

    void releaseServerConnection(boolean reusable) {
        Channel channel = server;
        if (channel == null) {
            return;
        }
        HttpBackendHandler handler = serverHandler;
        server = null;
        serverHandler = null;
        handler.detach();
        if (reusable && channel.isActive() && !handler.server().mapsDestination()
                && (txn.backend == null || txn.backend.reuseFor(handler.server()) != HttpReuse.NEVER)) {
            BackendPool.current().offer(handler.server(), channel);
        } else {
            channel.close();
        }
    }

    /**
     * The exchange is over and the server connection is not kept: it closes at once with a reset,
     * as HAProxy's {@code http_end_request()} asks ({@code SC_FL_NOLINGER}) once the response is
     * complete.
     */
    void resetServerConnection() {
        Channel channel = server;
        if (channel != null && channel.isActive()) {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
        }
        releaseServerConnection(false);
    }

    /**
     * The wait ended with the request still incomplete: the server is chosen once the socket has
     * been read again, so that a client that already went away (its close arrived with its last
     * bytes) is an abort before any server is involved, as HAProxy sees data and close together.
     */
    void connectAfterDrain(BackendRuntime selected) {
        ctx.read();
        Runnable connect = () -> {
            if (txn.state == State.FORWARDING && server == null && inflight == null && ctx.channel().isActive()) {
                connectOrReuse(selected);
            }
        };
        // a task queued now runs before the loop polls its sockets again; a task scheduled from that
        // task runs after the next poll (Netty takes due scheduled tasks once per turn)
        ctx.executor().execute(() -> ctx.executor().schedule(connect, 0, TimeUnit.NANOSECONDS));
    }
    /**
     * The server closed before answering: a later request of the session, idempotent and without
     * body, is sent again (where HAProxy closes the client connection for the client to retry).
     * False when the request cannot be sent again.
     */
    boolean resend(@Nullable ServerRuntime failed) {
        if (!txn.responseStarted && txn.retryable != null && txn.requestComplete && failed != null && txn.requests > 1
                && txn.backend != null && txn.attempt < txn.backend.retries()) {
            pending.add(txn.retryable);
            pending.add(LastHttpContent.EMPTY_LAST_CONTENT);
            txn.requestHeadSent = false;
            if (txn.backend.redispatchOn(txn.attempt + 1, failed)) {
                retryConnect(txn.backend, failed, false);
            } else {
                txn.attempt++;
                txn.previous = failed;
                if (failed.queues() != null) {
                    if (queue().slot(txn.backend, failed, false)) {
                        connect(txn.backend, failed);
                    }
                } else {
                    acquire(failed);
                    connect(txn.backend, failed);
                }
            }
            return true;
        }
        return false;
    }

    /** The server connection closed: it is no longer bound. */
    void unbind() {
        server = null;
        serverHandler = null;
    }

    /** What waited for the server is dropped. */
    void dropPending() {
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
    }
}
