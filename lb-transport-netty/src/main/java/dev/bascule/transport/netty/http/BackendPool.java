package dev.bascule.transport.netty.http;

import dev.bascule.core.runtime.IdleConnections;
import dev.bascule.core.runtime.ServerRuntime;

import io.netty.channel.Channel;
import io.netty.util.concurrent.FastThreadLocal;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Idle keep-alive connections to servers, one pool per event loop: a connection is only ever
 * used by the loop it lives on, so the pool needs no lock. How many are kept, all loops together,
 * is the server's {@link IdleConnections} to say. An idle connection is closed after
 * {@value #PURGE_DELAY_MILLIS} ms (within a second), HAProxy's default {@code pool-purge-delay}.
 */
final class BackendPool {
    static final long PURGE_DELAY_MILLIS = IdleConnections.PURGE_DELAY_MILLIS;

    private static final FastThreadLocal<BackendPool> POOLS = new FastThreadLocal<>() {
        @Override
        protected BackendPool initialValue() {
            return new BackendPool();
        }
    };

    /** How often idle connections are checked against the purge delay. */
    private static final long SWEEP_MILLIS = 1_000;

    private final Map<ServerRuntime, ArrayDeque<Channel>> idle = new HashMap<>();
    private boolean sweeping;

    /** The pool of the calling event loop. */
    static BackendPool current() {
        return POOLS.get();
    }

    /** An idle, open connection to {@code server}, or null. */
    Channel poll(ServerRuntime server) {
        return poll(server, 0);
    }

    /**
     * An idle, open connection to {@code server} that has carried at least {@code minExchanges}
     * requests, or null. The most recently parked one first.
     */
    Channel poll(ServerRuntime server, int minExchanges) {
        ArrayDeque<Channel> channels = idle.get(server);
        if (channels == null) {
            return null;
        }
        Iterator<Channel> newestFirst = channels.descendingIterator();
        while (newestFirst.hasNext()) {
            Channel channel = newestFirst.next();
            if (!channel.isActive() || server.resolvedBy() != null && moved(server, channel)) {
                newestFirst.remove();
                server.idleConnections().unpark();
                // name resolution moved the server: the connection to its old address is not reused
                channel.close();
            } else if (((HttpBackendHandler) channel.pipeline().last()).exchanges() >= minExchanges) {
                newestFirst.remove();
                server.idleConnections().unpark();
                return channel;
            }
        }
        return null;
    }

    /**
     * Whether the server's address, or its {@code ssl} ({@code set server ... ssl}), changed since
     * the connection was opened.
     */
    private static boolean moved(ServerRuntime server, Channel channel) {
        if ((channel.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null) != server.endpoint().encrypted()) {
            return true;
        }
        if (server.endpoint().unixPath() != null) {
            return false;
        }
        InetSocketAddress current = server.address();
        return current.isUnresolved() || !(channel.remoteAddress() instanceof InetSocketAddress remote)
                || !current.getAddress().equals(remote.getAddress());
    }

    /**
     * Parks an idle connection; it leaves the pool when it closes, or is closed by the pool's
     * sweep once idle for the purge delay (one periodic task per event loop, not one per offer).
     */
    void offer(ServerRuntime server, Channel channel) {
        ArrayDeque<Channel> channels = idle.get(server);
        if (!server.idleConnections().park(server.inflight(), channels == null || channels.isEmpty())) {
            // pool-max-conn idle connections are there already, or more than the traffic needs: HAProxy closes this one
            channel.close();
            return;
        }
        if (channels == null) {
            channels = new ArrayDeque<>();
            idle.put(server, channels);
        }
        ((HttpBackendHandler) channel.pipeline().last()).idleSince(System.nanoTime());
        channels.addLast(channel);
        // an idle connection keeps reading: a server that closes it (or speaks out of turn) is seen
        // at once, and the socket's read interest does not change between two requests (no epoll_ctl)
        channel.read();
        if (!sweeping) {
            sweeping = true;
            channel.eventLoop().scheduleAtFixedRate(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Closes the connections idle for longer than the purge delay: the oldest are at the head of each queue. */
    private void sweep() {
        long now = System.nanoTime();
        for (Map.Entry<ServerRuntime, ArrayDeque<Channel>> entry : idle.entrySet()) {
            ArrayDeque<Channel> channels = entry.getValue();
            if (!channels.isEmpty()) {
                entry.getKey().idleConnections().purgeTick(now, entry.getKey().inflight());
            }
            Channel oldest;
            while ((oldest = channels.peekFirst()) != null && now - ((HttpBackendHandler) oldest.pipeline().last())
                    .idleSince() > TimeUnit.MILLISECONDS.toNanos(PURGE_DELAY_MILLIS)) {
                channels.pollFirst();
                entry.getKey().idleConnections().unpark();
                oldest.close();
            }
        }
    }

    /** Forgets a connection that closed while idle. */
    void remove(ServerRuntime server, Channel channel) {
        ArrayDeque<Channel> channels = idle.get(server);
        if (channels != null && channels.remove(channel)) {
            server.idleConnections().unpark();
        }
    }
}
