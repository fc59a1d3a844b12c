package dev.bascule.transport.netty.tcp;

import dev.bascule.core.runtime.BackendQueues;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.PendingStream;
import dev.bascule.core.runtime.ServerRuntime;

import io.netty.channel.ChannelHandlerContext;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A TCP session waiting for a server slot ({@code maxconn}) before it connects: in its server's
 * queue (a hash chose a full server) or its backend's, until a slot is handed to it on its own
 * event loop, {@code timeout queue} expires (closed, {@code sQ}), or the client goes. Every
 * method runs on the client connection's event loop except {@link #wake()}.
 */
final class QueuedSession extends PendingStream {
    /** What the session does when it leaves the queue. */
    interface Owner {
        /** A slot on {@code server} is the session's now. */
        void slotGranted(ServerRuntime server);

        /** Its server went down ({@code option redispatch}): balance again. */
        void balanceAgain();

        /** {@code timeout queue} expired; {@code server} is the one it waited for, null for the backend queue. */
        void queueExpired(ServerRuntime server);
    }

    private final ChannelHandlerContext ctx;
    private final Owner owner;
    private final Runnable resume = this::resume;
    private final Runnable expire = this::expire;
    private BackendRuntime backend;
    private ScheduledFuture<?> timer;
    /** In a queue, or out of it with its hand-over not yet run. */
    private boolean active;

    QueuedSession(ChannelHandlerContext ctx, Owner owner) {
        this.ctx = ctx;
        this.owner = owner;
    }

    /** The session waits, in the server's queue after {@link BackendQueues#assign} said so, or in the backend's. */
    void waiting(BackendRuntime backend, boolean inBackendQueue) {
        this.backend = backend;
        active = true;
        if (inBackendQueue) {
            backend.queues().enqueue(this, System.nanoTime());
        }
        long timeout = backend.queueTimeoutMillis();
        if (timeout > 0 && waiting()) {
            timer = ctx.executor().schedule(expire, timeout, TimeUnit.MILLISECONDS);
        }
    }

    boolean active() {
        return active;
    }

    @Override
    protected void wake() {
        ctx.executor().execute(resume);
    }

    private void resume() {
        if (!active || waiting()) {
            return;
        }
        active = false;
        cancelTimer();
        ServerRuntime granted = grantedServer();
        if (!ctx.channel().isActive()) {
            if (granted != null) {
                granted.release();
            }
            return;
        }
        if (granted == null) {
            owner.balanceAgain();
        } else {
            owner.slotGranted(granted);
        }
    }

    private void expire() {
        timer = null;
        if (!active || !backend.queues().withdraw(this)) {
            return;
        }
        active = false;
        owner.queueExpired(queuedOn());
    }

    /** The client went: out of the queue; a slot handed to the session meanwhile passes on. */
    void giveUp() {
        if (active) {
            active = false;
            cancelTimer();
            backend.queues().cancel(this);
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
