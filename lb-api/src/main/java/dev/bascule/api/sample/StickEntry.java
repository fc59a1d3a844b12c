package dev.bascule.api.sample;

/** One entry of a stick table, as fetches see it. Event loop; thread-safe; must not allocate. */
public interface StickEntry {
    /** The table the entry belongs to. */
    StickTableView table();

    /**
     * The counter's value now (a rate: events over its period, HAProxy's
     * {@code read_freq_ctr_period()}), or -1 when the table does not store it.
     */
    long read(StickCounter counter);

    /** Adds one to {@code gpc0} or {@code gpc1} (and its rate); the new value, or -1 when not stored. */
    long increment(StickCounter counter);

    /** Sets {@code gpc0} or {@code gpc1} to 0; the value it had, or -1 when not stored. */
    long clear(StickCounter counter);
}
