package dev.bascule.core.runtime;

import dev.bascule.api.Nullable;
import dev.bascule.api.sample.TrafficView.QueueMetric;

/**
 * HAProxy's queue and slot fetches ({@code smp_fetch_srv_queue()}, {@code smp_fetch_connslots()},
 * {@code smp_fetch_be_conn_free()}... in {@code backend.c}), on a backend's live counters.
 * Allocation-free.
 */
public final class QueueMetrics {
    private QueueMetrics() {
    }

    /** {@code metric} of {@code backend}, or of its server {@code server}; {@link Long#MIN_VALUE} without it. */
    public static long of(QueueMetric metric, BackendRuntime backend, @Nullable CharSequence server) {
        return switch (metric) {
            case SERVER_QUEUE, FREE_SERVER_CONNECTIONS -> {
                ServerRuntime found = server == null ? null : server(backend, server);
                if (found == null) {
                    yield Long.MIN_VALUE;
                }
                yield metric == QueueMetric.SERVER_QUEUE ? found.queueLength() : freeSlots(found);
            }
            case BACKEND_QUEUE -> waiting(backend);
            case AVERAGE_QUEUE -> {
                int usable = backend.usableServers();
                long waiting = waiting(backend);
                yield usable > 0 ? (waiting + usable - 1) / usable : waiting * 2;
            }
            case CONNECTION_SLOTS -> connectionSlots(backend);
            case FREE_BACKEND_CONNECTIONS -> freeBackendSlots(backend);
        };
    }

    private static @Nullable ServerRuntime server(BackendRuntime backend, CharSequence name) {
        for (ServerRuntime candidate : backend.servers()) {
            if (candidate.name().contentEquals(name)) {
                return candidate;
            }
        }
        return null;
    }

    private static long waiting(BackendRuntime backend) {
        BackendQueues queues = backend.queues();
        return queues == null ? 0 : queues.totalWaiting();
    }

    /** {@code srv_conn_free}: -1 without {@code maxconn}. */
    private static long freeSlots(ServerRuntime server) {
        if (server.maxConn() == 0) {
            return -1;
        }
        return Math.max(0, server.dynamicMaxConn() - server.inflight());
    }

    /** {@code connslots}: HAProxy's "-1 when a server not down has no maxconn or no maxqueue". */
    private static long connectionSlots(BackendRuntime backend) {
        long slots = 0;
        for (ServerRuntime server : backend.servers()) {
            if (!server.isUp() || server.maintenance()) {
                continue;
            }
            if (server.maxConn() == 0 || server.maxQueue() == 0) {
                return -1;
            }
            slots += (server.maxConn() - server.inflight()) + (server.maxQueue() - server.queueLength());
        }
        return slots;
    }

    /** {@code be_conn_free}: the free slots of the servers taking traffic; -1 when one has no maxconn. */
    private static long freeBackendSlots(BackendRuntime backend) {
        long free = 0;
        boolean active = backend.activeUsable() > 0;
        boolean firstBackup = true;
        for (ServerRuntime server : backend.servers()) {
            if (!server.usable() || server.maintenance()) {
                continue;
            }
            if (server.backup()) {
                // only the first usable backup server takes traffic, and only without an active one
                boolean serving = !active && firstBackup;
                firstBackup = false;
                if (!serving) {
                    continue;
                }
            }
            if (server.maxConn() == 0) {
                return -1;
            }
            free += Math.max(0, server.dynamicMaxConn() - server.inflight());
        }
        return free;
    }
}
