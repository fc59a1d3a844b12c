package dev.bascule.core.runtime;

import dev.bascule.api.Nullable;

/**
 * A stream waiting for a server slot, HAProxy's {@code struct pendconn}: in the queue of the
 * server it is bound to (persistence, a hash) or in its backend's queue (any server may take
 * it). Its fields are guarded by the backend's {@link BackendQueues} lock while it waits; once
 * {@link #wake() woken}, they belong to the stream's event loop again.
 */
public abstract class PendingStream {
    /** Where it waits: a server's queue or the backend's; null once out of it. */
    @Nullable ServerQueue queue;
    /** The server whose queue it waits in, or which took it; null in the backend queue or after a redistribution. */
    @Nullable ServerRuntime server;
    /** Whether {@link #server} claimed a slot for it: the stream owns that slot and must release it. */
    boolean granted;
    /** Its order of arrival in the backend (the oldest of both queues goes first). */
    long sequence;
    /** The queue's dequeue count when it arrived, for {@code %sq}/{@code %bq}. */
    long arrivalIndex;
    long enqueuedNanos;
    private int serverQueuePosition;
    private int backendQueuePosition;

    /**
     * Called under the queue lock, from any thread, when the stream leaves its queue: with a slot
     * ({@link #grantedServer()}) or to be balanced again (its server went down, {@code option
     * redispatch}). Must only hand the stream over to its own event loop (Netty's
     * {@code execute}), never run it here.
     */
    protected abstract void wake();

    /** The server that claimed a slot for the stream when it left the queue, or null: balance it again. */
    public @Nullable ServerRuntime grantedServer() {
        return granted ? server : null;
    }

    /** Whether the stream waits in a queue now. */
    public boolean waiting() {
        return queue != null;
    }

    /** Where it waited when it entered the queue: the server's, null for the backend's. */
    public @Nullable ServerRuntime queuedOn() {
        return server;
    }

    /** HAProxy's {@code %sq}: the position it reached in server queues (streams served before it, plus one). */
    public int serverQueuePosition() {
        return serverQueuePosition;
    }

    /** HAProxy's {@code %bq}: the same in the backend queue. */
    public int backendQueuePosition() {
        return backendQueuePosition;
    }

    /** When it entered its queue (System.nanoTime). */
    public long enqueuedNanos() {
        return enqueuedNanos;
    }

    /** Back to the state of a stream that never waited, for the next request of a connection. */
    public void reset() {
        queue = null;
        server = null;
        granted = false;
        serverQueuePosition = 0;
        backendQueuePosition = 0;
    }

    void leftQueue(ServerQueue from) {
        int position = (int) (from.index - arrivalIndex);
        if (from.server != null) {
            serverQueuePosition += position;
        } else {
            backendQueuePosition += position;
        }
        queue = null;
    }
}
