package dev.bascule.core.stick;

import dev.bascule.api.sample.StickCounter;
import dev.bascule.api.sample.StickEntry;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One entry of a {@link StickTable}: its key, its counters (atomic; rates as {@link FreqCounter}s),
 * when it expires, and how many streams track it (a tracked entry is neither expired nor purged).
 */
public final class Entry implements StickEntry {
    final StickTable table;
    final Object key;
    private final FreqCounter[] rates;
    private final AtomicLongArray values;
    private final AtomicInteger references = new AtomicInteger();
    private volatile long expireAt;
    /** When it was last updated: which entries a full table drops first. */
    private volatile long touchedAt;

    Entry(StickTable table, Object key, int rateCount, int valueCount, long now) {
        this.table = table;
        this.key = key;
        this.rates = new FreqCounter[rateCount];
        for (int i = 0; i < rateCount; i++) {
            rates[i] = new FreqCounter();
        }
        this.values = new AtomicLongArray(valueCount);
        touch(now);
    }

    @Override
    public StickTable table() {
        return table;
    }

    /** The key: an {@code InetAddress}, a {@code Long}, a {@code String} or binary bytes. */
    public Object key() {
        return key;
    }

    /** The key as the runtime API writes it. */
    public String keyText() {
        return StickTable.keyText(key);
    }

    /** When it expires (the table's clock), meaningless without {@code expire}. */
    public long expireAt() {
        return expireAt;
    }

    /** When it was last updated (the table's clock). */
    long touchedAt() {
        return touchedAt;
    }

    /** How many streams track it now. */
    public int references() {
        return Math.max(0, references.get());
    }

    /** Whether it was dropped from its table (then it can no longer be tracked). */
    boolean dead() {
        return references.get() < 0;
    }

    /** Whether it is dropped, or due to be: its expiry is past and no stream tracks it. */
    boolean expired(long now) {
        int count = references.get();
        return count < 0 || table.expireMillis() > 0 && count == 0 && now - expireAt >= 0;
    }

    /**
     * Marks it dropped if no stream tracks it (and, with {@code onlyExpired}, its expiry is past),
     * so that no stream can start tracking it once it leaves the table; true when it was marked.
     */
    boolean kill(long now, boolean onlyExpired) {
        if (onlyExpired && !(table.expireMillis() > 0 && now - expireAt >= 0)) {
            return references.get() < 0;
        }
        return references.compareAndSet(0, -1) || references.get() < 0;
    }

    void touch(long now) {
        touchedAt = now;
        if (table.expireMillis() > 0) {
            expireAt = now + table.expireMillis();
        }
    }

    /** A stream starts tracking it; false when it was dropped meanwhile. */
    boolean acquire() {
        while (true) {
            int count = references.get();
            if (count < 0) {
                return false;
            }
            if (references.compareAndSet(count, count + 1)) {
                return true;
            }
        }
    }

    /** A stream stops tracking it: the expiry restarts from now. */
    void release() {
        touch(table.now());
        references.decrementAndGet();
    }

    @Override
    public long read(StickCounter counter) {
        int slot = table.slot(counter);
        if (slot < 0) {
            return -1;
        }
        if (counter.rate()) {
            return rates[slot].read(table.now(), table.period(counter));
        }
        return values.get(slot);
    }

    /** Adds {@code amount} to a counter if the table stores it (no touch). */
    void add(StickCounter counter, long amount, long now) {
        int slot = table.slot(counter);
        if (slot < 0) {
            return;
        }
        if (counter.rate()) {
            rates[slot].add(now, table.period(counter), amount);
        } else {
            values.addAndGet(slot, amount);
        }
    }

    /** Adds one event: to the count, to the rate, then touches the entry. */
    void count(StickCounter count, StickCounter rate, long amount) {
        long now = table.now();
        add(count, amount, now);
        if (rate != null) {
            add(rate, amount, now);
        }
        touch(now);
    }

    @Override
    public long increment(StickCounter counter) {
        int slot = table.slot(counter);
        StickCounter rate = counter == StickCounter.GPC0 ? StickCounter.GPC0_RATE
                : counter == StickCounter.GPC1 ? StickCounter.GPC1_RATE : null;
        long now = table.now();
        if (rate != null) {
            add(rate, 1, now);
        }
        boolean rated = rate != null && table.stores(rate);
        long value = rated ? 0 : -1;
        if (slot >= 0 && !counter.rate()) {
            value = values.incrementAndGet(slot);
        }
        if (slot >= 0 || rated) {
            touch(now);
        }
        return value;
    }

    @Override
    public long clear(StickCounter counter) {
        int slot = table.slot(counter);
        if (slot < 0 || counter.rate()) {
            return -1;
        }
        long value = values.getAndSet(slot, 0);
        touch(table.now());
        return value;
    }

    /** Sets {@code gpt0}; false when not stored. */
    public boolean set(StickCounter counter, long value) {
        int slot = table.slot(counter);
        if (slot < 0 || counter.rate()) {
            return false;
        }
        values.set(slot, value);
        touch(table.now());
        return true;
    }

    /** Adds to a plain counter if stored ({@code conn_cur} goes down at the end of a stream). */
    void addValue(StickCounter counter, long amount) {
        int slot = table.slot(counter);
        if (slot >= 0) {
            values.addAndGet(slot, amount);
        }
    }
}
