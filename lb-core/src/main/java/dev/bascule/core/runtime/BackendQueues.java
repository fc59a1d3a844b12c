package dev.bascule.core.runtime;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queues of a backend whose servers have a {@code maxconn}, as HAProxy's {@code queue.c}: one
 * per limited server (streams bound to it: persistence, a hash that chose it while full) and the
 * backend's (streams any server may take: every usable server was full). A slot freed on a
 * server goes to the oldest stream of its queue and of the backend's ({@code process_srv_queue()}).
 *
 * <p>The slow path only: a server without {@code maxconn} never comes here. Slots are claimed
 * without the lock ({@link ServerRuntime#tryClaim()}); the lock guards the queues, which are rare
 * and short. After each enqueue the queue is processed again, so that a slot freed between the
 * failed claim and the enqueue is not lost. A stream leaves its queue with its slot already
 * claimed and is {@linkplain PendingStream#wake() handed} to its own event loop.
 */
public final class BackendQueues {
    /** What became of a stream that asked for a slot. */
    public enum Outcome {
        /** It holds a slot on the server. */
        CLAIMED,
        /** It waits; {@link PendingStream#wake()} will be called. */
        QUEUED,
        /** The server's queue is at its {@code maxqueue} (HAProxy's {@code SRV_STATUS_FULL}). */
        FULL
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final ServerQueue queue = new ServerQueue(null, 0);
    private final BackendRuntime backend;
    /** {@code fullconn}, or HAProxy's default; 0 when unknown (the servers then keep their {@code maxconn}). */
    private final int fullConn;
    /** Whether the algorithm skips full servers only while the backend queue is empty (HAProxy's RR, static-rr, first). */
    private final boolean queueFirst;
    private long sequence;

    BackendQueues(BackendRuntime backend, int fullConn, boolean queueFirst) {
        this.backend = requireNonNull(backend, "backend");
        this.fullConn = fullConn;
        this.queueFirst = queueFirst;
    }

    /** The backend's {@code fullconn} in force, 0 when unknown. */
    public int fullConn() {
        return fullConn;
    }

    /** Streams waiting in the backend's queue ({@code qcur}). */
    public int length() {
        return queue.length();
    }

    /** The longest the backend's queue has been ({@code qmax}). */
    public int peak() {
        return queue.peak();
    }

    /** {@code qtime} of the backend, in milliseconds. */
    public long averageQueueTime() {
        return queue.averageQueueTime();
    }

    /** Streams waiting in the backend's queue and in its servers' ({@code totpend}, the {@code queue} fetch). */
    public int totalWaiting() {
        int total = queue.length();
        for (ServerRuntime server : backend.servers()) {
            ServerQueue own = server.queue();
            if (own != null) {
                total += own.length();
            }
        }
        return total;
    }

    /**
     * HAProxy's test in {@code assign_server()}: with roundrobin, static-rr or first, streams
     * waiting in the backend queue mean that every server is full, so a new stream waits behind
     * them without balancing (unless every stream of the backend waits).
     */
    public boolean waitBehindQueue() {
        int waiting = queue.length();
        return queueFirst && waiting > 0 && waiting != backend.counters().current();
    }

    /** The backend load that {@code minconn}/{@code fullconn} scale on ({@code beconn}). */
    int load() {
        return backend.counters().current();
    }

    /**
     * A slot on {@code server} (a limited one) for {@code stream}, chosen by persistence or by
     * the balancing algorithm: claimed at once when its queue is empty and a slot is free, else
     * the stream waits in the server's queue, unless that is at its {@code maxqueue}
     * ({@code assign_server_and_queue()}).
     */
    public Outcome assign(ServerRuntime server, PendingStream stream, long nanos) {
        ServerQueue own = requireNonNull(server.queue(), "server without maxconn");
        if (own.length() == 0 && server.tryClaim()) {
            own.queueTime(0);
            queue.queueTime(0);
            return Outcome.CLAIMED;
        }
        lock.lock();
        try {
            if (own.limit > 0 && own.length() >= own.limit) {
                return Outcome.FULL;
            }
            enqueue(own, stream, server, nanos);
        } finally {
            lock.unlock();
        }
        process(server);
        return Outcome.QUEUED;
    }

    /** No usable server has a free slot: the stream waits in the backend's queue for the first one freed. */
    public void enqueue(PendingStream stream, long nanos) {
        lock.lock();
        try {
            enqueue(queue, stream, null, nanos);
        } finally {
            lock.unlock();
        }
        // a slot freed since the picker saw every server full goes to it (or to an older stream)
        for (ServerRuntime server : backend.servers()) {
            if (server.queue() != null) {
                process(server);
            }
        }
    }

    private void enqueue(ServerQueue into, PendingStream stream, @Nullable ServerRuntime server, long nanos) {
        stream.server = server;
        stream.granted = false;
        stream.sequence = ++sequence;
        stream.enqueuedNanos = nanos;
        into.add(stream);
    }

    /**
     * The stream gives up (queue timeout, client gone, end of the connection). True when it was
     * still waiting; otherwise it left its queue already, and a slot claimed for it meanwhile
     * (its hand-over still on its way to the event loop) is released here, so that it passes on.
     */
    public boolean cancel(PendingStream stream) {
        ServerRuntime slot;
        lock.lock();
        try {
            ServerQueue from = stream.queue;
            if (from != null) {
                from.remove(stream);
                stream.granted = false;
                return true;
            }
            slot = stream.grantedServer();
            stream.granted = false;
        } finally {
            lock.unlock();
        }
        if (slot != null) {
            slot.release();
        }
        return false;
    }

    /**
     * The stream's wait ended ({@code timeout queue}): true when it was still waiting, and is
     * out of its queue now; false when it left already, with a slot or to be balanced again, and
     * its hand-over is on its way (nothing changes then).
     */
    public boolean withdraw(PendingStream stream) {
        lock.lock();
        try {
            ServerQueue from = stream.queue;
            if (from == null) {
                return false;
            }
            from.remove(stream);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * HAProxy's {@code process_srv_queue()}: while {@code server} has a free slot, the oldest
     * stream of its queue and of the backend's (the latter only when the server takes traffic)
     * gets it. Called when one of its slots is released and after each enqueue.
     */
    void process(ServerRuntime server) {
        ServerQueue own = server.queue();
        if (own == null) {
            return;
        }
        boolean backendOk = takesBackendQueue(server);
        while (own.length() > 0 || backendOk && queue.length() > 0) {
            lock.lock();
            try {
                PendingStream first = own.entries.peekFirst();
                PendingStream oldest = backendOk ? queue.entries.peekFirst() : null;
                if (first == null && oldest == null) {
                    return;
                }
                if (!server.tryClaim()) {
                    return;
                }
                PendingStream next = oldest == null || first != null && first.sequence < oldest.sequence
                        ? first : oldest;
                (next == first ? own : queue).poll();
                long waited = Math.max(0, (System.nanoTime() - next.enqueuedNanos) / 1_000_000L);
                own.queueTime(waited);
                queue.queueTime(waited);
                next.server = server;
                next.granted = true;
                next.wake();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Whether a slot freed on {@code server} may go to the backend's queue: it takes traffic, and
     * it is active, or the first backup one while no active server does (HAProxy's {@code px_ok}).
     */
    private boolean takesBackendQueue(ServerRuntime server) {
        if (!server.usable() || server.maintenance()) {
            return false;
        }
        if (!server.backup()) {
            return true;
        }
        if (backend.activeUsable() > 0) {
            return false;
        }
        for (ServerRuntime candidate : backend.servers()) {
            if (candidate.backup() && candidate.usable()) {
                return candidate == server;
            }
        }
        return false;
    }

    /**
     * Control plane, after a server's state changed ({@code rebuildPicker}): a server that went
     * down gives its queue back to balancing with {@code option redispatch}
     * ({@code pendconn_redistribute()}); a server that takes traffic takes streams from the
     * backend's queue ({@code pendconn_grab_from_px()}), all of them when it has no {@code maxconn}.
     */
    void serversChanged() {
        List<ServerRuntime> unlimitedUp = new ArrayList<>();
        for (ServerRuntime server : backend.servers()) {
            ServerQueue own = server.queue();
            boolean usable = server.usable() && !server.maintenance();
            if (!usable && own != null && backend.redispatch().isPresent() && own.length() > 0) {
                lock.lock();
                try {
                    while (!own.entries.isEmpty()) {
                        PendingStream stream = own.entries.peekFirst();
                        own.remove(stream);
                        stream.server = null;
                        stream.granted = false;
                        stream.wake();
                    }
                } finally {
                    lock.unlock();
                }
            } else if (usable && own != null) {
                process(server);
            } else if (usable && takesBackendQueue(server)) {
                unlimitedUp.add(server);
            }
        }
        if (!unlimitedUp.isEmpty() && queue.length() > 0) {
            lock.lock();
            try {
                while (!queue.entries.isEmpty()) {
                    PendingStream stream = queue.entries.peekFirst();
                    queue.remove(stream);
                    stream.server = null;
                    stream.granted = false;
                    stream.wake();
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
