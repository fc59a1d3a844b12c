package dev.bascule.transport.netty.tcp;

import dev.bascule.api.Nullable;
import dev.bascule.api.balance.PickContext;
import dev.bascule.api.balance.Server;
import dev.bascule.api.config.HttpTuning;
import dev.bascule.api.config.ProxyProtocol;
import dev.bascule.api.sample.Sample;
import dev.bascule.core.log.StreamLog;
import dev.bascule.core.rules.HttpRule;
import dev.bascule.core.runtime.BackendQueues;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.core.runtime.RdpCookiePersistence;
import dev.bascule.core.runtime.ServerRuntime;
import dev.bascule.core.runtime.ServerSession;
import dev.bascule.core.runtime.TrafficObserver;
import dev.bascule.core.stats.ListenerCounters;
import dev.bascule.core.stick.StickTracker;
import dev.bascule.transport.netty.ConnectionView;
import dev.bascule.transport.netty.ServerDialer;
import dev.bascule.transport.netty.SocketKeepAlive;
import dev.bascule.transport.netty.TcpRuleSet;
import dev.bascule.transport.netty.proxy.ProxiedAddresses;
import dev.bascule.transport.netty.proxy.ProxyHeaderWriter;
import dev.bascule.transport.netty.tls.TlsInfo;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

/**
 * {@code mode tcp}: relays bytes between a client and a server connection on the same event
 * loop. Each side reads again only when the other side has written what it read
 * (back-pressure); a side that shuts its output down (FIN) has it propagated to the other
 * side, and the pair closes when both directions are done. {@code timeout client} and
 * {@code timeout server} close the pair after that much inactivity on their side;
 * {@code timeout tunnel} replaces both once the server is connected, and a side that was sent
 * the other's FIN has {@code timeout client-fin} or {@code server-fin} when set, as HAProxy.
 */
public final class TcpRelay {
    private static final Logger LOG = LoggerFactory.getLogger(TcpRelay.class);

    private TcpRelay() {
    }

    public static void configure(ChannelPipeline pipeline, FrontendRuntime frontend,
                                 ServerDialer dialer, ChannelHandler connectionCounter) {
        configure(pipeline, frontend, dialer, connectionCounter, null, HttpTuning.DEFAULT);
    }

    /**
     * With the counters of the accepting listener ({@code option socket-stats}; null: none) and the
     * global buffer sizes, which bound what content inspection holds.
     */
    public static void configure(ChannelPipeline pipeline, FrontendRuntime frontend,
                                 ServerDialer dialer, ChannelHandler connectionCounter,
                                 @Nullable ListenerCounters listener, HttpTuning tuning) {
        pipeline.addLast("connections", connectionCounter);
        if (frontend.clientTimeoutMillis() > 0) {
            pipeline.addLast(new IdleStateHandler(0, 0, frontend.clientTimeoutMillis(), TimeUnit.MILLISECONDS));
        }
        pipeline.addLast(new ClientSide(frontend, dialer, connectionCounter, listener, tuning.maxHead()));
    }

    private static final class ClientSide extends Side implements PickContext, QueuedSession.Owner, ServerSession {
        private static final int INSPECT_FRONTEND = 0;
        private static final int INSPECT_BACKEND = 1;
        private static final int BALANCING = 2;
        private static final int CLOSED = 3;
        private static final HttpRule[] NO_RULES = new HttpRule[0];
        private final FrontendRuntime frontend;
        /** The accepting listener's counters ({@code option socket-stats}), null without. */
        private final @Nullable ListenerCounters listener;
        private final ServerDialer dialer;
        private final ChannelHandler connectionCounter;
        private int attempt;
        private ServerRuntime previous;
        private ServerRuntime target;
        private BackendRuntime selected;
        /** The session's log line ({@code option tcplog}), written when the client side closes. */
        private final StreamLog log;
        private boolean logged;
        private boolean lineSent;
        /** What the client sent ({@code bin}); what the server sent is the log's byte count. */
        private long bytesIn;
        private ChannelHandlerContext ctx;
        private ConnectionView view;
        /** Its place in a queue ({@code maxconn}), created when the session first waits. */
        private QueuedSession queued;
        /** The server whose {@link ServerRuntime#sessions()} holds this session, or null. */
        private ServerRuntime tracked;
        /** The rules' sample holder, when the proxies have rules. */
        private Sample sample;
        /** The client's first bytes, held while rules inspect them and until the server is connected; or null. */
        private ContentInspection inspection;
        /** Where the session is: {@link #INSPECT_FRONTEND} to {@link #BALANCING}, or {@link #CLOSED}. */
        private int stage;
        /** What inspection holds at most ({@code tune.bufsize} less {@code tune.maxrewrite}). */
        private final int receiveLimit;

        ClientSide(FrontendRuntime frontend, ServerDialer dialer,
                   ChannelHandler connectionCounter, @Nullable ListenerCounters listener, int receiveLimit) {
            this.receiveLimit = receiveLimit;
            this.listener = listener;
            this.frontend = frontend;
            this.log = frontend.log().newStreamLog();
            this.dialer = dialer;
            this.connectionCounter = connectionCounter;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            log.accept(ProxiedAddresses.sourceOrNull(ctx.channel()), ProxiedAddresses.destinationOrNull(ctx.channel()),
                    System.nanoTime(), System.currentTimeMillis());
            log.newStream();
            log.tls(TlsInfo.isTls(ctx.channel()));
            StickTracker stick = ConnectionView.stickTracker(ctx.channel());
            if (stick != null) {
                stick.sessionStarted();
            }
            this.ctx = ctx;
            if (frontend.tcp().content().length > 0) {
                sample = new Sample();
                inspection = new ContentInspection(receiveLimit);
            }
            if (frontend.log().needsTraffic() || inspection != null) {
                view = newView(frontend.name());
                if (frontend.log().needsTraffic()) {
                    log.traffic(view);
                }
            }
            frontend.log().opened(log);
            frontend.counters().enter();
            if (inspection != null) {
                stage = INSPECT_FRONTEND;
            } else {
                stage = INSPECT_BACKEND;
                selectBackend();
            }
            inspect();
            ctx.fireChannelActive();
        }

        /**
         * The rules' view of the connection: its stream log, the bytes held (none held yet: an empty
         * buffer, as HAProxy's), and the proxies' names when {@code backendName} is known.
         */
        private ConnectionView newView(@Nullable String backendName) {
            ConnectionView created = new ConnectionView(ctx.channel());
            created.streamLog(log);
            created.payload(inspection != null ? inspection : "");
            if (backendName != null) {
                created.proxyNames(frontend.name(), backendName, null);
            }
            return created;
        }

        /** Picks the backend once the frontend's rules let the session through ({@code use_backend}). */
        private void selectBackend() {
            if (view == null && !frontend.hasStaticBackend()) {
                view = newView(null);
            }
            BackendRuntime backend = frontend.hasStaticBackend() ? frontend.defaultBackend()
                    : frontend.selectBackend(view, sample != null ? sample : new Sample());
            selected = backend;
            if (backend == null) {
                return;
            }
            backend.counters().enter();
            log.backend(backend.name());
            if (view != null) {
                view.proxyNames(frontend.name(), backend.name(), null);
            }
            if (backend.tcp().content().length > 0) {
                if (sample == null) {
                    sample = new Sample();
                }
                if (inspection == null) {
                    inspection = new ContentInspection(receiveLimit);
                    if (view != null) {
                        view.payload(inspection);
                    }
                }
                if (view == null) {
                    view = newView(backend.name());
                }
            }
        }

        /**
         * Runs the rule set of the current stage on the bytes held (the frontend's
         * {@code tcp-request content} rules, then the backend's), waiting for more while one
         * lacks data; once both let the session through, balances it.
         */
        private void inspect() {
            while (stage == INSPECT_FRONTEND || stage == INSPECT_BACKEND) {
                boolean front = stage == INSPECT_FRONTEND;
                HttpRule[] rules = front ? frontend.tcp().content()
                        : selected != null ? selected.tcp().content() : NO_RULES;
                if (rules.length > 0) {
                    long delay = front ? frontend.tcp().inspectDelayMillis() : selected.tcp().inspectDelayMillis();
                    int verdict = inspection.run(ctx, rules, delay, view, sample, log, this::expired);
                    if (verdict == TcpRuleSet.MISSING) {
                        // more bytes are wanted
                        ctx.read();
                        return;
                    }
                    if (verdict == TcpRuleSet.REJECT) {
                        stage = CLOSED;
                        rejectContent(ctx);
                        return;
                    }
                }
                if (front) {
                    stage = INSPECT_BACKEND;
                    selectBackend();
                } else {
                    stage = BALANCING;
                }
            }
            assign(selected);
        }

        @Override
        public CharSequence requestPayload() {
            // what the rules held; an empty buffer when none did, as HAProxy's at balancing
            return inspection != null ? inspection : "";
        }

        /** The inspect-delay is over: the rules decide on what is held. */
        private void expired() {
            if (ctx.channel().isActive()) {
                inspect();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (peer == null && inspection != null && stage != CLOSED) {
                // held until the rules decide and the server is connected
                if (msg instanceof ByteBuf) {
                    inspection.add(ctx, (ByteBuf) msg);
                } else {
                    ReferenceCountUtil.release(msg);
                }
                if (stage == INSPECT_FRONTEND || stage == INSPECT_BACKEND) {
                    inspect();
                }
                return;
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent && peer == null && inspection != null && stage != CLOSED) {
                // the client said all it will say before any server is connected: the rules decide
                // on it, and the FIN follows the held bytes to the server
                inputShut = true;
                inspection.inputShut();
                if (stage == INSPECT_FRONTEND || stage == INSPECT_BACKEND) {
                    inspect();
                }
                return;
            }
            super.userEventTriggered(ctx, event);
        }

        /** Balances the session and takes a slot on its server, or waits in a queue for one. */
        private void assign(BackendRuntime backend) {
            BackendQueues queues = backend == null ? null : backend.queues();
            if (queues != null && queues.waitBehindQueue()) {
                queued().waiting(backend, true);
                return;
            }
            RdpCookiePersistence rdp = backend == null ? null : backend.rdpCookiePersistence();
            ServerRuntime persisted = rdp == null ? null : rdp.server(requestPayload());
            if (persisted != null) {
                // persist rdp-cookie: the server the cookie names, not balanced
                if (takeSlot(backend, persisted)) {
                    start(backend, persisted);
                }
                return;
            }
            ServerRuntime server = backend == null ? null : backend.pick(this);
            if (server != null) {
                server.counters().chosenByBalancer();
                backend.counters().chosenByBalancer();
            }
            if (server == null && queues != null && backend.usableServers() > 0) {
                // every usable server is full: the first slot freed goes to the oldest waiting
                queued().waiting(backend, true);
                return;
            }
            if (server == null && backend != null) {
                server = backend.dispatch();
            }
            if (server == null) {
                log.terminate('S', 'C');
                ctx.close();
                return;
            }
            if (takeSlot(backend, server)) {
                start(backend, server);
            }
        }

        /** A slot on {@code server}: true when the session holds it now; else it waits, or was closed ({@code SQ}). */
        private boolean takeSlot(BackendRuntime backend, ServerRuntime server) {
            BackendQueues queues = server.queues();
            if (queues == null) {
                server.acquire();
                return true;
            }
            switch (queues.assign(server, queued(), System.nanoTime())) {
                case CLAIMED -> {
                    return true;
                }
                case QUEUED -> {
                    log.server(server.name());
                    queued.waiting(backend, false);
                    return false;
                }
                default -> {
                    // HAProxy's SRV_STATUS_FULL: the server's queue is at its maxqueue
                    server.counters().failedConnection();
                    backend.counters().failedConnection();
                    log.server(server.name());
                    log.terminate('S', 'Q');
                    ctx.close();
                    return false;
                }
            }
        }

        private QueuedSession queued() {
            if (queued == null) {
                queued = new QueuedSession(ctx, this);
            }
            return queued;
        }

        /** The session holds a slot on {@code server}: it connects. */
        private void start(BackendRuntime backend, ServerRuntime server) {
            target = server;
            if (view != null) {
                view.proxyNames(frontend.name(), backend.name(), server.name());
            }
            connect(ctx, backend);
        }

        @Override
        public void slotGranted(ServerRuntime server) {
            log.dequeued(System.nanoTime(), queued.serverQueuePosition(), queued.backendQueuePosition());
            start(selected, server);
        }

        @Override
        public void balanceAgain() {
            assign(selected);
        }

        @Override
        public void queueExpired(ServerRuntime server) {
            log.dequeued(System.nanoTime(), queued.serverQueuePosition(), queued.backendQueuePosition());
            if (server != null) {
                server.counters().failedConnection();
            }
            selected.counters().failedConnection();
            log.terminate('s', 'Q');
            ctx.close();
        }

        /** {@code tcp-request content reject}: closed before any server is chosen, logged {@code PR}. */
        private void rejectContent(ChannelHandlerContext ctx) {
            log.terminate('P', 'R');
            ctx.close();
        }

        /** The session uses {@code server} now: kept where on-marked-down/up can close it. */
        private void track(ServerRuntime server) {
            if (tracked != server) {
                untrack();
                tracked = server;
                server.sessions().add(this);
            }
        }

        private void untrack() {
            if (tracked != null) {
                tracked.sessions().remove(this);
                tracked = null;
            }
        }

        @Override
        public void shutdown(char cause) {
            ChannelHandlerContext context = ctx;
            context.channel().eventLoop().execute(() -> {
                if (tracked == null || !context.channel().isActive()) {
                    return;
                }
                // HAProxy's stream_shutdown(): SF_ERR_DOWN / SF_ERR_UP, in the state the session was in
                log.terminate(cause, peer != null ? 'D' : 'C');
                closePair();
            });
        }

        private void connect(ChannelHandlerContext ctx, BackendRuntime backend) {
            track(target);
            ServerSide serverSide = new ServerSide(log, backend.tcp().response(),
                    backend.tcp().responseInspectDelayMillis(), receiveLimit, ctx.channel());
            target.counters().session();
            target.counters().connection(false);
            backend.counters().connection(false);
            log.connecting(target.name(), System.nanoTime());
            Bootstrap bootstrap = dialer.bootstrap(ctx.channel().eventLoop(), target)
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            SocketKeepAlive.apply(channel, backend.serverKeepAlive());
                            channel.pipeline().addLast(connectionCounter);
                            // "In TCP, this timeout is used as soon as no analyser remains attached":
                            // timeout tunnel, when set, stands for timeout server from the start
                            long serverTimeout = backend.tunnelTimeoutMillis() > 0 ? backend.tunnelTimeoutMillis()
                                    : backend.serverTimeoutMillis();
                            if (serverTimeout > 0) {
                                channel.pipeline().addLast(new IdleStateHandler(0, 0, serverTimeout,
                                        TimeUnit.MILLISECONDS));
                            }
                            channel.pipeline().addLast(serverSide);
                        }
                    });
            if (backend.connectTimeoutMillis() > 0) {
                bootstrap.option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, backend.connectTimeoutMillis()));
            }
            bootstrap.connect(dialer.remote(target, ProxiedAddresses.destinationOrNull(ctx.channel())))
                    .addListener((ChannelFutureListener) future -> {
                if (!ctx.channel().isActive()) {
                    future.channel().close();
                    return;
                }
                if (!future.isSuccess()) {
                    connectFailed(ctx, backend, future.cause());
                    return;
                }
                if (target.sendProxy() != ProxyProtocol.NONE) {
                    // send-proxy: the header goes first, in clear, before any byte of the client's
                    ProxyHeaderWriter.write(future.channel(), target.sendProxy(),
                            ProxiedAddresses.sourceOrNull(ctx.channel()),
                            ProxiedAddresses.destinationOrNull(ctx.channel()), ctx.channel(),
                            target.endpoint().proxyV2(), view != null ? view.uniqueId() : null);
                }
                Future<Channel> handshake = secure(future.channel(), backend);
                if (handshake == null) {
                    established(ctx, backend, future.channel(), serverSide);
                    return;
                }
                handshake.addListener(done -> {
                    if (!ctx.channel().isActive()) {
                        future.channel().close();
                    } else if (done.isSuccess()) {
                        established(ctx, backend, future.channel(), serverSide);
                    } else {
                        // a failed handshake is a failed connection, as in HAProxy (SC)
                        future.channel().close();
                        connectFailed(ctx, backend, done.cause());
                    }
                });
            });
        }

        /** The TLS handshake with an {@code ssl} server, started; null when its connections are not encrypted. */
        private @Nullable Future<Channel> secure(Channel channel, BackendRuntime backend) {
            if (!target.endpoint().encrypted()) {
                return null;
            }
            try {
                return dialer.secure(channel, target, target.endpoint().serverName(view != null ? view : newView(backend.name()), new Sample()),
                        backend.connectTimeoutMillis());
            } catch (SSLException e) {
                return channel.eventLoop().newFailedFuture(e);
            }
        }

        /** The connection to the server is made (and its TLS handshake): the relay begins. */
        private void established(ChannelHandlerContext ctx, BackendRuntime backend, Channel server,
                                 ServerSide serverSide) {
            // observe: HAProxy's back_establish() (L4_OK)
            target.observer().report(TrafficObserver.Outcome.L4_OK);
            if (view != null) {
                view.serverChannel(server);
            }
            log.connected(target.name(), System.nanoTime());
            if (server.localAddress() instanceof InetSocketAddress local
                    && server.remoteAddress() instanceof InetSocketAddress remote) {
                log.serverAddresses(local, remote);
            }
            if (frontend.log().logAsap()) {
                // option logasap: the line goes out once the server is connected
                emitLine(target);
            }
            peer = serverSide;
            serverSide.peer = this;
            serverSide.finTimeoutMillis = backend.serverFinTimeoutMillis();
            finTimeoutMillis = frontend.clientFinTimeoutMillis();
            if (backend.tunnelTimeoutMillis() > 0) {
                // the relay has begun: the client's side too is a tunnel's
                idleTimeout(this, backend.tunnelTimeoutMillis());
            }
            ByteBuf held = inspection != null ? inspection.take() : null;
            if (held != null) {
                // what the rules inspected goes first
                relaying(held);
                lastRelayed = server.writeAndFlush(held);
                lastRelayed.addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            }
            if (inputShut) {
                // the client's FIN came while its bytes were held: it follows them
                super.userEventTriggered(ctx, ChannelInputShutdownEvent.INSTANCE);
            } else {
                ctx.read();
            }
            server.read();
        }

        /** No connection to the server (refused, timed out, or its TLS handshake failed): retry, or give up. */
        private void connectFailed(ChannelHandlerContext ctx, BackendRuntime backend, Throwable cause) {
            // observe: HAProxy's back_handle_st_cer() (L4_ERR)
            target.observer().report(TrafficObserver.Outcome.L4_ERR);
            if (attempt < backend.retries()) {
                attempt++;
                log.retry(false);
                ServerRuntime tried = target;
                boolean redispatched = backend.redispatchOn(attempt, target);
                if (redispatched) {
                    // option redispatch: this retry goes to another server
                    ServerRuntime failed = target;
                    previous = failed;
                    ServerRuntime other = backend.pick(this);
                    if (other == failed && backend.activeUsable() > 1) {
                        other = backend.pick(this);
                    }
                    if (other != null && other.queues() != null) {
                        // a server with maxconn: its slot is claimed, or the session waits for one
                        failed.release();
                        target = null;
                        if (!takeSlot(backend, other)) {
                            return;
                        }
                        target = other;
                        if (other != failed) {
                            other.counters().chosenByBalancer();
                            backend.counters().chosenByBalancer();
                        }
                    } else if (other != null) {
                        failed.release();
                        target = other;
                        other.acquire();
                        if (other != failed) {
                            other.counters().chosenByBalancer();
                            backend.counters().chosenByBalancer();
                        }
                    }
                }
                // HAProxy's back_handle_st_req(): a retry elsewhere is a redispatch, else a retry
                if (target != tried) {
                    tried.counters().redispatch();
                    backend.counters().redispatch();
                } else {
                    tried.counters().retry();
                    backend.counters().retry();
                }
                if (!(cause instanceof ConnectTimeoutException)
                        && (!redispatched || backend.activeUsable() <= 1)) {
                    // HAProxy's turn-around: min(timeout connect, 1s) before trying the same server again
                    long delay = backend.connectTimeoutMillis() > 0 ? Math.min(1000, backend.connectTimeoutMillis())
                            : 1000;
                    ctx.executor().schedule(() -> {
                        if (ctx.channel().isActive()) {
                            connect(ctx, backend);
                        }
                    }, delay, TimeUnit.MILLISECONDS);
                } else {
                    connect(ctx, backend);
                }
            } else {
                LOG.debug("[{}] no connection to {}: {}", ctx.channel().id(), target, cause.toString());
                target.counters().failedConnection();
                backend.counters().failedConnection();
                log.terminate('S', 'C');
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            stage = CLOSED;
            if (inspection != null) {
                inspection.release();
            }
            if (queued != null && queued.active()) {
                log.terminate('C', 'Q');
                queued.giveUp();
            }
            untrack();
            ServerRuntime server = target;
            if (target != null) {
                target.release();
                target = null;
            }
            writeLog(server);
            super.channelInactive(ctx);
        }

        @Override
        void relaying(Object msg) {
            log.clientSentBytes();
            if (msg instanceof ByteBuf) {
                bytesIn += ((ByteBuf) msg).readableBytes();
            }
        }

        @Override
        void timedOut() {
            log.terminate('c', 'D');
        }

        /** The client side closed: the line goes out unless it already did, the connection is uncounted. */
        private void writeLog(ServerRuntime server) {
            if (logged) {
                return;
            }
            logged = true;
            emitLine(server);
            frontend.log().closed();
            long bytesOut = log.bytesOut();
            frontend.counters().bytes(bytesIn, bytesOut);
            frontend.counters().leave();
            if (listener != null) {
                listener.bytes(bytesIn, bytesOut);
            }
            if (selected != null) {
                selected.counters().bytes(bytesIn, bytesOut);
                selected.counters().leave();
            }
            if (server != null) {
                server.counters().bytes(bytesIn, bytesOut);
            }
        }

        /** The session's line, once. */
        private void emitLine(ServerRuntime server) {
            if (lineSent) {
                return;
            }
            lineSent = true;
            log.connections(selected == null ? 0 : selected.inflight(), server == null ? 0 : server.inflight());
            log.end(System.nanoTime());
            log.bytesIn(bytesIn);
            if (log.needsTlsSession() && self != null) {
                log.tlsSession(TlsInfo.cipher(self), TlsInfo.protocol(self));
            }
            frontend.log().emit(log);
        }

        @Override
        public int attempt() {
            return attempt;
        }

        @Override
        public Server previous() {
            return attempt > 0 ? (previous != null ? previous : target) : null;
        }

        @Override
        public InetSocketAddress source() {
            return (InetSocketAddress) self.remoteAddress();
        }
    }
}
