package dev.bascule.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.balance.BalancingAlgorithm;
import dev.bascule.api.balance.ServerPicker;
import dev.bascule.api.config.HttpReuse;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.config.ServerAddress;
import dev.bascule.api.config.ServerCheck;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.core.rules.HttpRules;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The queues of servers with {@code maxconn}, as HAProxy's {@code queue.c}: slots claimed up to
 * the limit, the oldest waiting stream of the server's queue and the backend's served first,
 * {@code maxqueue}, cancellation, redistribution; and every slot given back at the end.
 */
final class BackendQueuesTest {
    private static final SourceLocation HERE = new SourceLocation("t.cfg", 1);
    private static final BalancingAlgorithm FIRST = (snapshot, previous) -> {
        ServerPicker picker = context -> snapshot.servers().get(0);
        return picker;
    };

    private final List<BackendRuntime> backends = new ArrayList<>();

    /** A stream that records its wake-ups instead of handing itself to an event loop. */
    private static final class Stream extends PendingStream {
        final AtomicInteger wakes = new AtomicInteger();
        final ConcurrentLinkedQueue<Stream> log;

        Stream(ConcurrentLinkedQueue<Stream> log) {
            this.log = log;
        }

        @Override
        protected void wake() {
            wakes.incrementAndGet();
            log.add(this);
        }
    }

    private BackendRuntime backend(int maxConn, int maxQueue, int servers, OptionalInt redispatch) {
        return backend(maxConn, maxQueue, maxConn, 0, servers, redispatch);
    }

    private BackendRuntime backend(int maxConn, int maxQueue, int minConn, int fullConn, int servers,
                                   OptionalInt redispatch) {
        List<ServerRuntime> list = new ArrayList<>();
        Map<ServerRuntime, ServerConfig> configs = new HashMap<>();
        for (int i = 0; i < servers; i++) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", 8000 + i);
            ServerRuntime server = new ServerRuntime("s" + i, "b", address, 1, HERE, ServerCheck.disabled(), address,
                    false);
            list.add(server);
            configs.put(server, new ServerConfig("s" + i, new ServerAddress("127.0.0.1", 8000 + i), 1,
                    Optional.empty(), HERE, ServerCheck.disabled(), false, -1, maxConn, maxQueue, minConn));
        }
        BackendRuntime backend = new BackendRuntime("b", ProxyMode.HTTP, list, FIRST, null, 0, 0, 3, HttpRules.NONE,
                null, "backend", null, 0, redispatch, "roundrobin", HttpReuse.SAFE).withQueues(configs, fullConn);
        backends.add(backend);
        return backend;
    }

    @AfterEach
    void everySlotAndPlaceIsGivenBack() {
        for (BackendRuntime backend : backends) {
            for (ServerRuntime server : backend.servers()) {
                assertThat(server.inflight()).as(server + " slots").isZero();
                assertThat(server.queueLength()).as(server + " queue").isZero();
            }
            assertThat(backend.queues().length()).as("backend queue").isZero();
        }
    }

    @Test
    void slotsAreClaimedUpToMaxconnThenStreamsWaitAndAreServedInOrder() {
        BackendRuntime backend = backend(2, 0, 1, OptionalInt.empty());
        ServerRuntime server = backend.servers().get(0);
        BackendQueues queues = backend.queues();
        ConcurrentLinkedQueue<Stream> woken = new ConcurrentLinkedQueue<>();
        Stream a = new Stream(woken);
        Stream b = new Stream(woken);
        Stream c = new Stream(woken);
        Stream d = new Stream(woken);
        assertThat(queues.assign(server, a, 1)).isEqualTo(BackendQueues.Outcome.CLAIMED);
        assertThat(queues.assign(server, b, 2)).isEqualTo(BackendQueues.Outcome.CLAIMED);
        assertThat(server.full()).isTrue();
        assertThat(queues.assign(server, c, 3)).isEqualTo(BackendQueues.Outcome.QUEUED);
        assertThat(queues.assign(server, d, 4)).isEqualTo(BackendQueues.Outcome.QUEUED);
        assertThat(server.inflight()).isEqualTo(2);
        assertThat(server.queueLength()).isEqualTo(2);
        assertThat(server.queuePeak()).isEqualTo(2);
        assertThat(woken).isEmpty();

        server.release();
        assertThat(woken).containsExactly(c);
        assertThat(c.grantedServer()).isSameAs(server);
        assertThat(c.serverQueuePosition()).isEqualTo(1);
        assertThat(server.inflight()).isEqualTo(2);
        server.release();
        assertThat(woken).containsExactly(c, d);
        // d waited behind c: one stream left the queue before it, so it reached position 2
        assertThat(d.serverQueuePosition()).isEqualTo(2);
        server.release();
        server.release();
        assertThat(server.inflight()).isZero();
    }

    @Test
    void aNewStreamWaitsBehindTheQueueEvenWhenASlotIsFree() {
        BackendRuntime backend = backend(1, 0, 1, OptionalInt.empty());
        ServerRuntime server = backend.servers().get(0);
        BackendQueues queues = backend.queues();
        ConcurrentLinkedQueue<Stream> woken = new ConcurrentLinkedQueue<>();
        Stream first = new Stream(woken);
        Stream second = new Stream(woken);
        assertThat(queues.assign(server, first, 1)).isEqualTo(BackendQueues.Outcome.CLAIMED);
        assertThat(queues.assign(server, second, 2)).isEqualTo(BackendQueues.Outcome.QUEUED);
        assertThat(queues.cancel(second)).isTrue();
        assertThat(second.waiting()).isFalse();
        server.release();
        assertThat(woken).isEmpty();
    }

    @Test
    void maxqueueRefusesTheStreamBeyondIt() {
        BackendRuntime backend = backend(1, 1, 1, OptionalInt.empty());
        ServerRuntime server = backend.servers().get(0);
        BackendQueues queues = backend.queues();
        ConcurrentLinkedQueue<Stream> woken = new ConcurrentLinkedQueue<>();
        Stream first = new Stream(woken);
        Stream second = new Stream(woken);
        assertThat(queues.assign(server, first, 1)).isEqualTo(BackendQueues.Outcome.CLAIMED);
        assertThat(queues.assign(server, second, 2)).isEqualTo(BackendQueues.Outcome.QUEUED);
        assertThat(queues.assign(server, new Stream(woken), 3)).isEqualTo(BackendQueues.Outcome.FULL);
        assertThat(server.maxQueue()).isEqualTo(1);
        server.release();
        assertThat(woken).containsExactly(second);
        server.release();
    }

    @Test
    void theOldestOfTheServerQueueAndTheBackendQueueGoesFirst() {
        BackendRuntime backend = backend(1, 0, 2, OptionalInt.empty());
        ServerRuntime s0 = backend.servers().get(0);
        ServerRuntime s1 = backend.servers().get(1);
        BackendQueues queues = backend.queues();
        ConcurrentLinkedQueue<Stream> woken = new ConcurrentLinkedQueue<>();
        assertThat(queues.assign(s0, new Stream(woken), 1)).isEqualTo(BackendQueues.Outcome.CLAIMED);
        assertThat(queues.assign(s1, new Stream(woken), 1)).isEqualTo(BackendQueues.Outcome.CLAIMED);
        Stream anyServer = new Stream(woken);
        queues.enqueue(anyServer, 2);
        Stream boundToS0 = new Stream(woken);
        assertThat(queues.assign(s0, boundToS0, 3)).isEqualTo(BackendQueues.Outcome.QUEUED);
        assertThat(queues.totalWaiting()).isEqualTo(2);
        // roundrobin: a stream waits in the backend queue, so a new one waits behind it without balancing
        assertThat(queues.waitBehindQueue()).isTrue();
        s0.release();
        assertThat(woken).containsExactly(anyServer);
        assertThat(anyServer.grantedServer()).isSameAs(s0);
        assertThat(anyServer.backendQueuePosition()).isEqualTo(1);
        s0.release();
        assertThat(woken).containsExactly(anyServer, boundToS0);
        s0.release();
        s1.release();
    }

    @Test
    void aCancelledStreamPassesTheSlotItWasHandedOn() {
        BackendRuntime backend = backend(1, 0, 1, OptionalInt.empty());
        ServerRuntime server = backend.servers().get(0);
        BackendQueues queues = backend.queues();
        ConcurrentLinkedQueue<Stream> woken = new ConcurrentLinkedQueue<>();
        Stream holder = new Stream(woken);
        Stream gone = new Stream(woken);
        Stream next = new Stream(woken);
        queues.assign(server, holder, 1);
        queues.assign(server, gone, 2);
        queues.assign(server, next, 3);
        server.release();
        assertThat(gone.grantedServer()).isSameAs(server);
        // its hand-over had not run yet: the client went, the slot goes to the next one
        assertThat(queues.withdraw(gone)).isFalse();
        assertThat(queues.cancel(gone)).isFalse();
        assertThat(woken).containsExactly(gone, next);
        assertThat(next.grantedServer()).isSameAs(server);
        assertThat(server.inflight()).isEqualTo(1);
        server.release();
    }

    @Test
    void aServerGoingDownRedistributesItsQueueWithRedispatchOnly() {
        BackendRuntime kept = backend(1, 0, 2, OptionalInt.empty());
        ConcurrentLinkedQueue<Stream> woken = new ConcurrentLinkedQueue<>();
        ServerRuntime s0 = kept.servers().get(0);
        kept.queues().assign(s0, new Stream(woken), 1);
        Stream waiting = new Stream(woken);
        kept.queues().assign(s0, waiting, 2);
        s0.setUp(false);
        kept.rebuildPicker();
        assertThat(woken).isEmpty();
        assertThat(waiting.waiting()).isTrue();
        kept.queues().cancel(waiting);
        s0.release();

        BackendRuntime redispatched = backend(1, 0, 2, OptionalInt.of(-1));
        ServerRuntime r0 = redispatched.servers().get(0);
        redispatched.queues().assign(r0, new Stream(woken), 1);
        Stream moved = new Stream(woken);
        redispatched.queues().assign(r0, moved, 2);
        r0.setUp(false);
        redispatched.rebuildPicker();
        assertThat(woken).containsExactly(moved);
        assertThat(moved.grantedServer()).as("balanced again, without a slot").isNull();
        r0.release();
    }

    @Test
    void aServerComingUpTakesFromTheBackendQueue() {
        BackendRuntime backend = backend(1, 0, 2, OptionalInt.empty());
        ServerRuntime s0 = backend.servers().get(0);
        ServerRuntime s1 = backend.servers().get(1);
        s1.setUp(false);
        backend.rebuildPicker();
        ConcurrentLinkedQueue<Stream> woken = new ConcurrentLinkedQueue<>();
        backend.queues().assign(s0, new Stream(woken), 1);
        Stream waiting = new Stream(woken);
        backend.queues().enqueue(waiting, 2);
        assertThat(woken).isEmpty();
        s1.setUp(true);
        backend.rebuildPicker();
        assertThat(woken).containsExactly(waiting);
        assertThat(waiting.grantedServer()).isSameAs(s1);
        s1.release();
        s0.release();
    }

    @Test
    void minconnGrowsTowardsMaxconnWithTheBackendLoad() {
        BackendRuntime backend = backend(100, 0, 10, 1000, 1, OptionalInt.empty());
        ServerRuntime server = backend.servers().get(0);
        assertThat(server.dynamicMaxConn()).isEqualTo(10);
        for (int i = 0; i < 500; i++) {
            backend.counters().enter();
        }
        // HAProxy's srv_dynamic_maxconn(): max(minconn, beconn * maxconn / fullconn)
        assertThat(server.dynamicMaxConn()).isEqualTo(50);
        for (int i = 0; i < 500; i++) {
            backend.counters().enter();
        }
        assertThat(server.dynamicMaxConn()).isEqualTo(100);
        for (int i = 0; i < 1000; i++) {
            backend.counters().leave();
        }
    }

    @Test
    void concurrentClaimsNeverExceedMaxconnAndEveryStreamIsServed() throws Exception {
        int maxConn = 3;
        BackendRuntime backend = backend(maxConn, 0, 2, OptionalInt.empty());
        BackendQueues queues = backend.queues();
        AtomicInteger[] concurrent = {new AtomicInteger(), new AtomicInteger()};
        AtomicBoolean exceeded = new AtomicBoolean();
        AtomicInteger served = new AtomicInteger();
        int threads = 4;
        int perThread = 5_000;
        ExecutorService loops = Executors.newFixedThreadPool(threads);
        CountDownLatch done = new CountDownLatch(threads * perThread);
        try {
            for (int t = 0; t < threads; t++) {
                int seed = t;
                loops.execute(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int index = (seed + i) % 3;
                        // index 2: any server (the backend queue); else bound to a server
                        Runnable[] finish = new Runnable[1];
                        PendingStream stream = new PendingStream() {
                            @Override
                            protected void wake() {
                                // the hand-over: another thread serves it, as an event loop would
                                loops.execute(finish[0]);
                            }
                        };
                        finish[0] = () -> {
                            ServerRuntime granted = stream.grantedServer();
                            int id = backend.servers().indexOf(granted);
                            if (concurrent[id].incrementAndGet() > maxConn || granted.inflight() > maxConn) {
                                exceeded.set(true);
                            }
                            concurrent[id].decrementAndGet();
                            served.incrementAndGet();
                            granted.release();
                            done.countDown();
                        };
                        ServerRuntime server = null;
                        if (index == 2) {
                            queues.enqueue(stream, i);
                        } else {
                            ServerRuntime bound = backend.servers().get(index);
                            if (queues.assign(bound, stream, i) == BackendQueues.Outcome.CLAIMED) {
                                server = bound;
                            }
                        }
                        if (server != null) {
                            stream.server = server;
                            stream.granted = true;
                            finish[0].run();
                        }
                    }
                });
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).as("every stream served").isTrue();
        } finally {
            loops.shutdown();
            assertThat(loops.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(exceeded).as("above maxconn").isFalse();
        assertThat(served.get()).isEqualTo(threads * perThread);
    }
}
