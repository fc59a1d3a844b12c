package dev.bascule.core.stick;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.StickTableConfig;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.StickCounter;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

final class StickTableTest {
    private static final SourceLocation HERE = new SourceLocation("test.cfg", 1);

    private static StickTableConfig config(long size, Optional<Duration> expire, boolean noPurge,
                                           StickTableConfig.Stored... store) {
        return new StickTableConfig("t", StickTableConfig.KeyType.IP, 0, size, expire, noPurge, List.of(store), HERE);
    }

    private static StickTableConfig.Stored rate(StickCounter counter, long periodMillis) {
        return new StickTableConfig.Stored(counter, Optional.of(Duration.ofMillis(periodMillis)));
    }

    private static StickTableConfig.Stored count(StickCounter counter) {
        return new StickTableConfig.Stored(counter, Optional.empty());
    }

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void rateIsCurrentPeriodPlusPreviousWeightedByWhatRemains() {
        AtomicLong now = new AtomicLong(1_000_000);
        FreqCounter counter = new FreqCounter();
        long period = 10_000;
        // the first event finds no period: it starts one at now (two periods missed)
        for (int i = 0; i < 4; i++) {
            counter.add(now.get(), period, 1);
        }
        assertThat(counter.read(now.get(), period)).isEqualTo(4);
        // a full period later: the 4 are the previous period's, weighted by the 100% left
        now.addAndGet(period);
        assertThat(counter.read(now.get(), period)).isEqualTo(4);
        // a quarter of the way into it: 4 * 75% = 3
        now.addAndGet(period / 4);
        assertThat(counter.read(now.get(), period)).isEqualTo(3);
        counter.add(now.get(), period, 2);
        // 2 current + 4 * 75%
        assertThat(counter.read(now.get(), period)).isEqualTo(5);
        // half way: 2 + 4 * 50%
        now.addAndGet(period / 4);
        assertThat(counter.read(now.get(), period)).isEqualTo(4);
        // two periods without events: nothing
        now.addAndGet(2 * period);
        assertThat(counter.read(now.get(), period)).isZero();
        assertThat(counter.add(now.get(), period, 1)).isEqualTo(1);
        assertThat(counter.read(now.get(), period)).isEqualTo(1);
    }

    @Test
    void trackingCountsConnectionsAndRequestsAndReleases() throws Exception {
        AtomicLong now = new AtomicLong(5_000);
        StickTable table = new StickTable(config(10, Optional.of(Duration.ofSeconds(30)), false,
                count(StickCounter.CONN_CNT), count(StickCounter.CONN_CUR), rate(StickCounter.CONN_RATE, 60_000),
                rate(StickCounter.HTTP_REQ_RATE, 10_000), count(StickCounter.HTTP_REQ_CNT),
                count(StickCounter.HTTP_ERR_CNT)), now::get);
        StickTracker tracker = new StickTracker(Map.of("t", table));
        Sample key = new Sample().setAddress(ip("10.0.0.1"));
        tracker.track(false, 0, table, key, true);
        Entry entry = tracker.tracked(0);
        assertThat(entry).isNotNull();
        assertThat(entry.read(StickCounter.CONN_CUR)).isEqualTo(1);
        assertThat(entry.read(StickCounter.CONN_CNT)).isEqualTo(1);
        assertThat(entry.read(StickCounter.CONN_RATE)).isEqualTo(1);
        assertThat(entry.read(StickCounter.HTTP_REQ_RATE)).isEqualTo(1);
        assertThat(entry.read(StickCounter.SESS_CNT)).isEqualTo(-1);
        // the slot is taken: a second track of the stream is ignored
        tracker.track(false, 0, table, new Sample().setAddress(ip("10.0.0.2")), true);
        assertThat(tracker.tracked(0)).isSameAs(entry);
        assertThat(table.size()).isEqualTo(1);
        tracker.httpError();
        assertThat(entry.read(StickCounter.HTTP_ERR_CNT)).isEqualTo(1);
        tracker.endStream();
        assertThat(tracker.tracked(0)).isNull();
        assertThat(entry.read(StickCounter.CONN_CUR)).isZero();
        assertThat(entry.references()).isZero();
        // a new stream of the same client finds the same entry
        tracker.track(false, 0, table, new Sample().setAddress(ip("10.0.0.1")), true);
        assertThat(tracker.tracked(0)).isSameAs(entry);
        assertThat(entry.read(StickCounter.CONN_CNT)).isEqualTo(2);
        assertThat(entry.read(StickCounter.HTTP_REQ_CNT)).isEqualTo(2);
        tracker.endSession();
        assertThat(entry.read(StickCounter.CONN_CUR)).isZero();
    }

    @Test
    void entriesExpireAfterTheirLastUpdateUnlessTracked() throws Exception {
        AtomicLong now = new AtomicLong(0);
        StickTable table = new StickTable(config(10, Optional.of(Duration.ofSeconds(30)), false,
                count(StickCounter.CONN_CNT)), now::get);
        StickTracker tracker = new StickTracker(Map.of("t", table));
        tracker.track(true, 1, table, new Sample().setAddress(ip("10.0.0.1")), false);
        now.addAndGet(60_000);
        // tracked: kept however old
        assertThat(table.lookup(ip("10.0.0.1"), false)).isNotNull();
        tracker.endSession();
        // released now: 30 s from now
        now.addAndGet(29_999);
        assertThat(table.lookup(ip("10.0.0.1"), false)).isNotNull();
        now.addAndGet(1);
        assertThat(table.lookup(ip("10.0.0.1"), false)).isNull();
        // created again from zero
        assertThat(table.lookup(ip("10.0.0.1"), true).read(StickCounter.CONN_CNT)).isZero();
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void aFullTableDropsItsOldestUntrackedEntries() throws Exception {
        AtomicLong now = new AtomicLong(0);
        StickTable table = new StickTable(config(3, Optional.of(Duration.ofSeconds(10)), false,
                count(StickCounter.GPC0)), now::get);
        StickTracker tracker = new StickTracker(Map.of("t", table));
        tracker.track(true, 0, table, new Sample().setAddress(ip("10.0.0.1")), false);
        now.addAndGet(1);
        table.lookup(ip("10.0.0.2"), true);
        now.addAndGet(1);
        table.lookup(ip("10.0.0.3"), true);
        now.addAndGet(1);
        // full: the oldest untracked one (10.0.0.2) goes, not the tracked 10.0.0.1
        assertThat(table.lookup(ip("10.0.0.4"), true)).isNotNull();
        assertThat(table.size()).isEqualTo(3);
        assertThat(table.lookup(ip("10.0.0.1"), false)).isNotNull();
        assertThat(table.lookup(ip("10.0.0.2"), false)).isNull();
        assertThat(table.lookup(ip("10.0.0.3"), false)).isNotNull();
    }

    @Test
    void noPurgeRefusesNewEntriesWhenFull() throws Exception {
        StickTable table = new StickTable(config(2, Optional.empty(), true, count(StickCounter.GPC0)), () -> 0);
        assertThat(table.lookup(ip("10.0.0.1"), true)).isNotNull();
        assertThat(table.lookup(ip("10.0.0.2"), true)).isNotNull();
        assertThat(table.lookup(ip("10.0.0.3"), true)).isNull();
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void generalPurposeCountersIncrementAndClear() throws Exception {
        StickTable table = new StickTable(config(2, Optional.empty(), false, count(StickCounter.GPC0),
                rate(StickCounter.GPC0_RATE, 1000)), () -> 100);
        var entry = table.lookup(ip("10.0.0.1"), true);
        assertThat(entry.increment(StickCounter.GPC0)).isEqualTo(1);
        assertThat(entry.increment(StickCounter.GPC0)).isEqualTo(2);
        assertThat(entry.read(StickCounter.GPC0_RATE)).isEqualTo(2);
        assertThat(entry.clear(StickCounter.GPC0)).isEqualTo(2);
        assertThat(entry.read(StickCounter.GPC0)).isZero();
        assertThat(entry.increment(StickCounter.GPC1)).isEqualTo(-1);
    }

    @Test
    void anIpTableTakesNoIpv6KeyButAnIpv6TableTakesBoth() throws Exception {
        StickTable ip = new StickTable(config(2, Optional.empty(), false), () -> 0);
        assertThat(ip.lookup(ip("2001:db8::1"), true)).isNull();
        assertThat(ip.lookup(ip("::ffff:10.0.0.1"), true)).isNotNull();
        StickTable ipv6 = new StickTable(new StickTableConfig("t6", StickTableConfig.KeyType.IPV6, 0, 2,
                Optional.empty(), false, List.of(), HERE), () -> 0);
        assertThat(ipv6.lookup(ip("2001:db8::1"), true)).isNotNull();
        // the same client seen through another table
        assertThat(ipv6.lookup(ip.lookup(ip("10.0.0.1"), false))).isNull();
        ipv6.lookup(ip("10.0.0.1"), true);
        assertThat(ipv6.lookup(ip.lookup(ip("10.0.0.1"), false))).isNotNull();
    }

    @Test
    void stringKeysAreCutToTheirLength() {
        StickTable table = new StickTable(new StickTableConfig("s", StickTableConfig.KeyType.STRING, 4, 10,
                Optional.empty(), false, List.of(), HERE), () -> 0);
        assertThat(table.key(new Sample().setString("abcdefgh"))).isEqualTo("abcd");
        assertThat(table.key(new Sample().setInteger(42))).isEqualTo("42");
    }

    /** The hot path: tracking a known key, counting, reading a rate and releasing allocate nothing. */
    @Test
    void trackingAKnownKeyAllocatesNothing() throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        StickTable table = new StickTable(config(10, Optional.of(Duration.ofSeconds(30)), false,
                count(StickCounter.CONN_CNT), count(StickCounter.CONN_CUR), rate(StickCounter.HTTP_REQ_RATE, 10_000),
                count(StickCounter.HTTP_ERR_CNT)));
        StickTracker tracker = new StickTracker(Map.of("t", table));
        Sample key = new Sample().setAddress(ip("10.0.0.1"));
        long sum = 0;
        for (int round = 0; round < 2; round++) {
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < 50_000; i++) {
                tracker.httpRequest();
                tracker.track(false, 0, table, key, true);
                sum += tracker.tracked(0).read(StickCounter.HTTP_REQ_RATE);
                tracker.httpError();
                tracker.endStream();
            }
            long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            if (round == 1) {
                // the first round warms up (class loading, the first entry); a few bytes of slack for the JIT
                assertThat(allocated).isLessThan(4096);
            }
        }
        assertThat(sum).isPositive();
    }

    @Test
    void aDroppedEntryCannotBeTrackedAnymore() throws Exception {
        AtomicLong now = new AtomicLong(0);
        StickTable table = new StickTable(config(10, Optional.of(Duration.ofSeconds(1)), false,
                count(StickCounter.CONN_CNT)), now::get);
        Entry old = table.get(ip("10.0.0.1"));
        now.addAndGet(1_000);
        // expired and untracked: the next look-up replaces it, and the old one refuses references
        Entry fresh = table.acquire(ip("10.0.0.1"));
        assertThat(fresh).isNotSameAs(old);
        assertThat(old.acquire()).isFalse();
        assertThat(fresh.references()).isEqualTo(1);
        // tracked: never dropped, however old
        now.addAndGet(10_000);
        assertThat(table.get(ip("10.0.0.1"))).isSameAs(fresh);
        table.clear();
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void concurrentTrackingCountsEveryConnection() throws Exception {
        StickTable table = new StickTable(config(4, Optional.of(Duration.ofMillis(1)), false,
                count(StickCounter.CONN_CNT), count(StickCounter.CONN_CUR)));
        int threads = 4;
        int rounds = 20_000;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<Thread> workers = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    StickTracker tracker = new StickTracker(Map.of("t", table));
                    Sample key = new Sample().setAddress(ip("10.0.0.1"));
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        tracker.track(true, 0, table, key, false);
                        tracker.endSession();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        // the entry may have expired (1 ms) between connections: every live entry has no connection left
        for (Entry entry : table.snapshot()) {
            assertThat(entry.read(StickCounter.CONN_CUR)).isZero();
            assertThat(entry.references()).isZero();
        }
        assertThat(table.size()).isLessThanOrEqualTo(1);
    }
}
