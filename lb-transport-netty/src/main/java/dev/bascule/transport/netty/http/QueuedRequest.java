package dev.bascule.transport.netty.http;

import dev.bascule.core.runtime.BackendQueues;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.core.runtime.PendingStream;
import dev.bascule.core.runtime.ServerRuntime;
import dev.bascule.transport.netty.http.HttpTransaction.State;

import io.netty.channel.ChannelHandlerContext;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A request of a client connection waiting for a server slot ({@code maxconn}), HAProxy's
 * {@code SC_ST_QUE}: in its server's queue or its backend's, until a slot is handed to it on its
 * own event loop, {@code timeout queue} expires (503, {@code sQ}), or the client goes. One per
 * client connection that ever waited, reused by its later requests; every method runs on the
 * connection's event loop except {@link #wake()}.
 */
final class QueuedRequest extends PendingStream {
    private final ServerConnector connector;
    private final HttpTransaction txn;
    private final ChannelHandlerContext ctx;
    private final HttpLog httpLog;
    private final ResponseRelay relay;
    private final HttpTrafficView view;
    private final FrontendRuntime frontend;
    private final Runnable resume = this::resume;
    private final Runnable expire = this::expire;
    /** Whether the request is in a queue, or out of it with its hand-over not yet run. */
    boolean active;
    /** Persistence set aside: its server went down ({@code option redispatch}), or its queue was full. */
    boolean balanceOnly;
    private BackendRuntime backend;
    private ScheduledFuture<?> timer;

    QueuedRequest(ServerConnector connector, HttpTransaction txn, ChannelHandlerContext ctx, HttpLog httpLog,
                  ResponseRelay relay, HttpTrafficView view, FrontendRuntime frontend) {
        this.connector = connector;
        this.txn = txn;
        this.ctx = ctx;
        this.httpLog = httpLog;
        this.relay = relay;
        this.view = view;
        this.frontend = frontend;
    }

    /**
     * A slot on {@code target}, a server with {@code maxconn}: true when the request holds one
     * now ({@link ServerConnector#inflight}); false when it waits (the connector goes on when a
     * slot is handed to it) or got its 503 because the server's queue is full.
     */
    boolean slot(BackendRuntime backend, ServerRuntime target, boolean direct) {
        BackendQueues queues = target.queues();
        switch (queues.assign(target, this, System.nanoTime())) {
            case CLAIMED -> {
                connector.holdSlot(target);
                return true;
            }
            case QUEUED -> {
                waiting(backend);
                return false;
            }
            default -> {
                // HAProxy's srv_redispatch_connect(): a full queue, with option redispatch a persistent
                // request goes to balancing, else 503 SQ
                if (direct && backend.redispatch().isPresent()) {
                    balanceOnly = true;
                    connector.connectOrReuse(backend);
                    return false;
                }
                target.counters().failedConnection();
                backend.counters().failedConnection();
                view.names(frontend.name(), backend.name(), target.name());
                httpLog.boundTo(target);
                httpLog.failed('S', 'Q', 503);
                relay.failExchange(503);
                return false;
            }
        }
    }

    /** Every usable server is full: the request waits in the backend's queue. */
    void waitInBackendQueue(BackendRuntime backend, BackendQueues queues) {
        this.backend = backend;
        active = true;
        queues.enqueue(this, System.nanoTime());
        armTimer();
    }

    /** It waits in its server's queue (assign said so). */
    private void waiting(BackendRuntime backend) {
        this.backend = backend;
        active = true;
        armTimer();
    }

    /** {@code timeout queue}, unless a slot was handed over already (the hand-over runs next on the loop). */
    private void armTimer() {
        long timeout = backend.queueTimeoutMillis();
        if (timeout > 0 && waiting()) {
            timer = ctx.executor().schedule(expire, timeout, TimeUnit.MILLISECONDS);
        }
    }

    /** Under the queue lock, any thread: the request goes on on its own event loop. */
    @Override
    protected void wake() {
        ctx.executor().execute(resume);
    }

    private void resume() {
        if (!active || waiting()) {
            // given up meanwhile: the slot handed to it was passed on then
            return;
        }
        active = false;
        cancelTimer();
        ServerRuntime granted = grantedServer();
        httpLog.dequeued(System.nanoTime(), null, serverQueuePosition(), backendQueuePosition());
        if (txn.state != State.FORWARDING || !ctx.channel().isActive()) {
            if (granted != null) {
                granted.release();
            }
            return;
        }
        if (granted == null) {
            // its server went down and option redispatch sends it to balancing (pendconn_redistribute())
            balanceOnly = true;
            connector.connectOrReuse(backend);
            return;
        }
        connector.holdSlot(granted);
        connector.proceed(backend, granted);
    }

    /** {@code timeout queue}: HAProxy's 503 with {@code sQ}, unless a slot was handed over meanwhile. */
    private void expire() {
        timer = null;
        if (!active || !backend.queues().withdraw(this)) {
            return;
        }
        active = false;
        ServerRuntime server = queuedOn();
        if (server != null) {
            server.counters().failedConnection();
            view.names(frontend.name(), backend.name(), server.name());
        }
        backend.counters().failedConnection();
        httpLog.dequeued(System.nanoTime(), server, serverQueuePosition(), backendQueuePosition());
        httpLog.failed('s', 'Q', 503);
        relay.failExchange(503);
    }

    /**
     * The client went while the request waited ({@code option abortonclose}, or its connection
     * closed): out of its queue, the wait and the positions reached go to the log, as HAProxy's
     * {@code pendconn_free()} records them for a {@code CQ} line. False when it was not waiting (a
     * slot handed to it meanwhile passes on in {@link #giveUp()}).
     */
    boolean abandon() {
        if (!active || !backend.queues().withdraw(this)) {
            return false;
        }
        active = false;
        cancelTimer();
        httpLog.dequeued(System.nanoTime(), queuedOn(), serverQueuePosition(), backendQueuePosition());
        return true;
    }

    /** The request ends (answered, failed, client gone): out of its queue, a slot handed to it passes on. */
    void giveUp() {
        if (active) {
            active = false;
            cancelTimer();
            backend.queues().cancel(this);
        }
        balanceOnly = false;
        reset();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
