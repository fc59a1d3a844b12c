package dev.bascule.core.stick;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.StickTableConfig;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleType;
import dev.bascule.api.sample.StickCounter;
import dev.bascule.api.sample.StickEntry;
import dev.bascule.api.sample.StickTableView;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * One {@code stick-table}: entries by key in a concurrent map, shared by every event loop. Looking
 * an entry up allocates nothing (an address key is the address itself); creating one does. An entry
 * expires {@code expire} after its last update unless a stream still tracks it; when the table is
 * full, creating an entry first drops the oldest entries nobody tracks ({@code size / 256 + 1} of
 * them, as HAProxy's {@code stktable_trash_oldest()}), or fails with {@code nopurge}.
 */
public final class StickTable implements StickTableView {
    private final StickTableConfig config;
    private final LongSupplier clock;
    private final long expireMillis;
    /** Per counter: its index in an entry's data, or -1 when not stored. */
    private final int[] slots = new int[StickCounter.values().length];
    /** Per counter: its period in milliseconds (rates). */
    private final long[] periods = new long[StickCounter.values().length];
    private final int rateCount;
    private final int valueCount;
    private final ConcurrentHashMap<Object, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    /** A table whose clock is {@link System#nanoTime()} in milliseconds. */
    public StickTable(StickTableConfig config) {
        this(config, () -> System.nanoTime() / 1_000_000L);
    }

    /** A table reading the time (milliseconds, monotonic) from {@code clock}. */
    public StickTable(StickTableConfig config, LongSupplier clock) {
        this.config = requireNonNull(config, "config");
        this.clock = requireNonNull(clock, "clock");
        this.expireMillis = config.expire().map(Duration::toMillis).orElse(0L);
        Arrays.fill(slots, -1);
        int rates = 0;
        int values = 0;
        for (StickTableConfig.Stored stored : config.store()) {
            StickCounter counter = stored.counter();
            if (slots[counter.ordinal()] >= 0) {
                continue;
            }
            if (counter.rate()) {
                slots[counter.ordinal()] = rates++;
                periods[counter.ordinal()] = Math.max(1, stored.period().orElseThrow().toMillis());
            } else {
                slots[counter.ordinal()] = values++;
            }
        }
        this.rateCount = rates;
        this.valueCount = values;
    }

    @Override
    public String name() {
        return config.name();
    }

    public StickTableConfig config() {
        return config;
    }

    @Override
    public boolean stores(StickCounter counter) {
        return slots[counter.ordinal()] >= 0;
    }

    @Override
    public long capacity() {
        return config.size();
    }

    @Override
    public int used() {
        return size.get();
    }

    /** How many entries the table holds now (expired ones included until they are dropped). */
    public int size() {
        return size.get();
    }

    long now() {
        return clock.getAsLong();
    }

    @Override
    public @Nullable StickEntry lookup(StickEntry entry) {
        if (!(entry instanceof Entry other)) {
            return null;
        }
        if (other.table == this) {
            return other;
        }
        Object key = convert(other.key, other.table.config.keyType());
        return key == null ? null : live(key);
    }

    @Override
    public @Nullable StickEntry lookup(InetAddress address, boolean create) {
        Object key = addressKey(address);
        if (key == null) {
            return null;
        }
        return create ? get(key) : live(key);
    }

    /**
     * The key the sample gives in this table (HAProxy's {@code smp_to_stkey()}), or null when it
     * does not convert. The sample may be cast in place.
     */
    public @Nullable Object key(Sample sample) {
        switch (config.keyType()) {
            case IP:
            case IPV6:
                if (!sample.castTo(SampleType.ADDRESS)) {
                    return null;
                }
                return addressKey(sample.address());
            case INTEGER:
                if (!sample.castTo(SampleType.INTEGER)) {
                    return null;
                }
                return sample.integer();
            case STRING:
                if (!sample.castTo(SampleType.STRING)) {
                    return null;
                }
                String text = sample.text().toString();
                return text.length() > config.keyLength() ? text.substring(0, config.keyLength()) : text;
            case BINARY:
                if (!sample.castTo(SampleType.BINARY)) {
                    return null;
                }
                CharSequence bytes = sample.text();
                int length = Math.min(bytes.length(), config.keyLength());
                byte[] key = new byte[config.keyLength()];
                for (int i = 0; i < length; i++) {
                    key[i] = (byte) bytes.charAt(i);
                }
                return new BinaryKey(key);
        }
        throw new IllegalStateException(config.keyType().toString());
    }

    private @Nullable Object addressKey(@Nullable InetAddress address) {
        if (address == null) {
            return null;
        }
        if (config.keyType() == StickTableConfig.KeyType.IP) {
            // an IPv6 address that is not v4-mapped does not fit (Java already maps ::ffff:a.b.c.d to IPv4)
            return address instanceof Inet4Address ? address : null;
        }
        if (config.keyType() == StickTableConfig.KeyType.IPV6) {
            return address;
        }
        return null;
    }

    /** A key of another table converted to this table's type, or null. */
    private @Nullable Object convert(Object key, StickTableConfig.KeyType from) {
        StickTableConfig.KeyType to = config.keyType();
        if (from == to && to != StickTableConfig.KeyType.STRING && to != StickTableConfig.KeyType.BINARY) {
            return key;
        }
        if (key instanceof InetAddress address) {
            return addressKey(address);
        }
        if (to == StickTableConfig.KeyType.INTEGER && key instanceof Long) {
            return key;
        }
        if (to == StickTableConfig.KeyType.STRING) {
            String text = key instanceof BinaryKey binary ? new String(binary.bytes, StandardCharsets.ISO_8859_1)
                    : key.toString();
            return text.length() > config.keyLength() ? text.substring(0, config.keyLength()) : text;
        }
        return null;
    }

    /** The entry of {@code key} if it exists and has not expired; no allocation. */
    public @Nullable Entry live(Object key) {
        Entry entry = entries.get(key);
        if (entry == null || entry.expired(now())) {
            return null;
        }
        return entry;
    }

    /**
     * The entry of {@code key}, created when absent or expired (HAProxy's
     * {@code stktable_get_entry()}); null when the table is full and may not purge.
     */
    public @Nullable Entry get(Object key) {
        long now = now();
        while (true) {
            Entry entry = entries.get(key);
            if (entry != null && !entry.expired(now)) {
                return entry;
            }
            if (entry != null) {
                drop(entry, now, true);
                continue;
            }
            if (size.get() >= config.size() && !purge(now)) {
                return null;
            }
            Entry created = new Entry(this, key, rateCount, valueCount, now);
            if (entries.putIfAbsent(key, created) == null) {
                size.incrementAndGet();
                return created;
            }
        }
    }

    /**
     * The entry of {@code key}, created when needed, now tracked by one more stream (HAProxy's
     * {@code stktable_get_entry()} taking a reference); null when the table is full and may not purge.
     */
    public @Nullable Entry acquire(Object key) {
        while (true) {
            Entry entry = get(key);
            if (entry == null || entry.acquire()) {
                return entry;
            }
            // dropped between the look-up and the reference: look again
        }
    }

    /** Removes {@code entry} if nobody tracks it (and, with {@code onlyExpired}, it expired). */
    private void drop(Entry entry, long now, boolean onlyExpired) {
        if (entry.kill(now, onlyExpired) && entries.remove(entry.key, entry)) {
            size.decrementAndGet();
        }
    }

    /** Drops the expired entries, then the oldest untracked ones; true when there is room after. */
    private boolean purge(long now) {
        for (Entry entry : entries.values()) {
            if (entry.expired(now)) {
                drop(entry, now, true);
            }
        }
        if (size.get() < config.size()) {
            return true;
        }
        if (config.noPurge()) {
            return false;
        }
        int batch = (int) Math.min(Integer.MAX_VALUE, config.size() / 256 + 1);
        List<Entry> candidates = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (entry.references() == 0) {
                candidates.add(entry);
            }
        }
        candidates.sort((a, b) -> Long.compare(a.touchedAt(), b.touchedAt()));
        for (int i = 0; i < candidates.size() && i < batch; i++) {
            drop(candidates.get(i), now, false);
        }
        return size.get() < config.size();
    }

    /** Removes every entry nobody tracks (the runtime API's {@code clear table}). */
    public void clear() {
        long now = now();
        for (Entry entry : entries.values()) {
            drop(entry, now, false);
        }
    }

    /** The live entries, for the runtime API. */
    public List<Entry> snapshot() {
        long now = now();
        List<Entry> live = new ArrayList<>();
        for (Map.Entry<Object, Entry> entry : entries.entrySet()) {
            if (!entry.getValue().expired(now)) {
                live.add(entry.getValue());
            }
        }
        return live;
    }

    int slot(StickCounter counter) {
        return slots[counter.ordinal()];
    }

    long period(StickCounter counter) {
        return periods[counter.ordinal()];
    }

    long expireMillis() {
        return expireMillis;
    }

    /** A binary key: its bytes, padded with zeros to the table's {@code len}. */
    record BinaryKey(byte[] bytes) {
        @Override
        public boolean equals(Object other) {
            return other instanceof BinaryKey key && Arrays.equals(bytes, key.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            for (byte b : bytes) {
                text.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return text.toString().toUpperCase(Locale.ROOT);
        }
    }

    /** The text of a key as the runtime API shows it. */
    static String keyText(Object key) {
        if (key instanceof InetAddress address) {
            return address.getHostAddress();
        }
        return key.toString();
    }
}
