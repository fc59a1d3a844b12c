package dev.bascule.core.sample.pattern;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.sample.PatternEntry;
import dev.bascule.api.sample.PatternLookup;
import dev.bascule.api.sample.PatternReference;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * One pattern reference. Its entries are an immutable list replaced on each change
 * (copy-on-write); a change is first compiled by every subscriber, then published, or refused as
 * a whole when one of them rejects it. Changes are serialized on the registry's lock, so that an
 * ACL reading several references sees each change once; readers never lock.
 */
public final class PatternRef implements PatternReference {
    private final String file;
    private final boolean hasValues;
    private final LongSupplier ids;
    private final Object lock;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private volatile List<PatternEntry> entries;
    private volatile int id = -1;
    private volatile String display = "";
    private volatile boolean map;
    /** HAProxy's {@code entry_cnt}: patterns indexed, once per distinct user (pattern_expr), minus those deleted. */
    private volatile long entryCount;
    private final Set<Object> expressions = new HashSet<>();

    PatternRef(String file, boolean hasValues, LongSupplier ids, List<PatternEntry> entries, Object lock) {
        this.lock = requireNonNull(lock, "lock");
        this.file = requireNonNull(file, "file");
        this.hasValues = hasValues;
        this.ids = requireNonNull(ids, "ids");
        this.entries = List.copyOf(entries);
        this.map = hasValues;
    }

    /** A reference outside any registry, for a converter created without a configuration. */
    public static PatternRef standalone(String file, boolean hasValues, List<String[]> lines) {
        long[] next = {1};
        LongSupplier ids = () -> next[0]++;
        return new PatternRef(file, hasValues, ids, entries(lines, ids), new Object());
    }

    static List<PatternEntry> entries(List<String[]> lines, LongSupplier ids) {
        List<PatternEntry> entries = new ArrayList<>(lines.size());
        for (String[] line : lines) {
            entries.add(new PatternEntry(ids.getAsLong(), line[0], line.length > 1 ? line[1] : null));
        }
        return entries;
    }

    @Override
    public int id() {
        return id;
    }

    void id(int id) {
        this.id = id;
    }

    @Override
    public String file() {
        return file;
    }

    @Override
    public String display() {
        return display;
    }

    void display(String display) {
        this.display = display;
    }

    @Override
    public boolean hasValues() {
        return hasValues;
    }

    /** Whether {@code show map} lists it (HAProxy's {@code PAT_REF_MAP}); otherwise {@code show acl} does. */
    public boolean isMap() {
        return map;
    }

    void map(boolean map) {
        this.map = map;
    }

    /**
     * What {@code show map} prints as {@code entry_cnt}: as HAProxy 2.6 counts, the entries
     * indexed by each distinct user, less one per entry deleted.
     */
    public long entryCount() {
        return entryCount;
    }

    @Override
    public List<PatternEntry> entries() {
        return entries;
    }

    /** The subscribers, in subscription order. */
    public List<Subscriber> subscribers() {
        return List.copyOf(subscribers);
    }

    @Override
    public void subscribe(Subscriber subscriber) throws InvalidArgumentException {
        synchronized (lock) {
            requireNonNull(subscriber, "subscriber");
            subscriber.prepare(entries).run();
            subscribers.add(subscriber);
            if (expressions.add(subscriber instanceof PatternLookup lookup ? lookup.shareKey() : subscriber)) {
                entryCount += entries.size();
            }
        }
    }

    /**
     * Appends an entry ({@code add map}, {@code add acl}).
     *
     * @throws InvalidArgumentException when a user cannot compile it; nothing changes then
     */
    public PatternEntry add(String key, @Nullable String value) throws InvalidArgumentException {
        synchronized (lock) {
            PatternEntry entry = new PatternEntry(ids.getAsLong(), key, value);
            List<PatternEntry> next = new ArrayList<>(entries.size() + 1);
            next.addAll(entries);
            next.add(entry);
            publish(next);
            entryCount += expressions.size();
            return entry;
        }
    }

    /** Removes every entry whose key is {@code key}; false when there is none. */
    public boolean delete(String key) {
        synchronized (lock) {
            return remove(entry -> entry.key().equals(key));
        }
    }

    /** Removes the entry {@code entryId}; false when there is none. */
    public boolean delete(long entryId) {
        synchronized (lock) {
            return remove(entry -> entry.id() == entryId);
        }
    }

    /** Removes every entry. */
    public void clear() {
        synchronized (lock) {
            entryCount -= entries.size();
            publishUnchecked(List.of());
        }
    }

    /**
     * Sets the value of every entry whose key is {@code key}.
     *
     * @return false when there is none
     * @throws InvalidArgumentException when a user cannot compile the value; nothing changes then
     */
    public boolean set(String key, String value) throws InvalidArgumentException {
        synchronized (lock) {
            return replace(entry -> entry.key().equals(key), value);
        }
    }

    /** As {@link #set(String, String)}, for the entry {@code entryId}. */
    public boolean set(long entryId, String value) throws InvalidArgumentException {
        synchronized (lock) {
            return replace(entry -> entry.id() == entryId, value);
        }
    }

    private boolean remove(Predicate<PatternEntry> which) {
        List<PatternEntry> next = new ArrayList<>(entries.size());
        for (PatternEntry entry : entries) {
            if (!which.test(entry)) {
                next.add(entry);
            }
        }
        if (next.size() == entries.size()) {
            return false;
        }
        entryCount -= entries.size() - next.size();
        publishUnchecked(next);
        return true;
    }

    private boolean replace(Predicate<PatternEntry> which, String value)
            throws InvalidArgumentException {
        List<PatternEntry> next = new ArrayList<>(entries.size());
        boolean found = false;
        for (PatternEntry entry : entries) {
            if (which.test(entry)) {
                next.add(new PatternEntry(entry.id(), entry.key(), value));
                found = true;
            } else {
                next.add(entry);
            }
        }
        if (found) {
            publish(next);
        }
        return found;
    }

    /** Removing entries cannot make them unacceptable. */
    private void publishUnchecked(List<PatternEntry> next) {
        try {
            publish(next);
        } catch (InvalidArgumentException e) {
            throw new IllegalStateException("a subscriber refused fewer entries", e);
        }
    }

    private void publish(List<PatternEntry> next) throws InvalidArgumentException {
        List<PatternEntry> published = List.copyOf(next);
        List<Runnable> commits = new ArrayList<>(subscribers.size());
        for (Subscriber subscriber : subscribers) {
            commits.add(subscriber.prepare(published));
        }
        entries = published;
        for (Runnable commit : commits) {
            commit.run();
        }
    }

    @Override
    public String toString() {
        return "#" + id + " (" + file + ")";
    }
}
