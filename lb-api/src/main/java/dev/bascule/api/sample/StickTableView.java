package dev.bascule.api.sample;

import dev.bascule.api.Nullable;

import java.net.InetAddress;

/** A stick table as fetches see it. Event loop; thread-safe. */
public interface StickTableView {
    /** The table's name: its proxy's. */
    String name();

    /** How many entries it may hold ({@code size}). */
    long capacity();

    /** How many entries it holds now. */
    int used();

    /** Whether the table stores {@code counter}. */
    boolean stores(StickCounter counter);

    /** The entry of this table with the key of {@code entry} (an entry of any table), or null. */
    @Nullable StickEntry lookup(StickEntry entry);

    /**
     * The entry keyed by {@code address} (the source address of {@code src_*} fetches), or null
     * when there is none, the address does not fit the table's key type, or, with {@code create},
     * the table is full and may not purge.
     */
    @Nullable StickEntry lookup(InetAddress address, boolean create);
}
