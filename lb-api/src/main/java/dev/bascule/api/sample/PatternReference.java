package dev.bascule.api.sample;

import dev.bascule.api.InvalidArgumentException;

import java.util.List;

/**
 * The patterns of one pattern file, or of one ACL's patterns written inline: HAProxy's
 * {@code struct pat_ref}. A file used by several converters and ACLs is one reference, read
 * once; the runtime API ({@code add map}, {@code del acl}...) changes it, and every user
 * rebuilds its compiled form from the new entries. Control plane only: users read their own
 * compiled snapshot on the event loop, never this.
 */
public interface PatternReference {
    /** HAProxy's {@code unique_id}: what {@code #<id>} names, numbered in configuration order. */
    int id();

    /** The file name as the configuration wrote it; empty for patterns written inline. */
    String file();

    /** What {@code show map} and {@code show acl} print after the file name: where it is used. */
    String display();

    /** Whether the entries have values: a map file ("key value" lines). */
    boolean hasValues();

    /** The current entries, in order. Immutable. */
    List<PatternEntry> entries();

    /**
     * Registers a user of the patterns: it is called at once with the current entries, then each
     * time they change, on the thread changing them.
     *
     * @throws InvalidArgumentException when the current entries are not acceptable to it
     */
    void subscribe(Subscriber subscriber) throws InvalidArgumentException;

    /**
     * A user that compiles the entries into its own snapshot. One that can also answer which
     * entry a value matches implements {@link PatternLookup}, for the runtime API.
     */
    @FunctionalInterface
    interface Subscriber {
        /**
         * Compiles {@code entries}; publishes nothing yet. The change is made only when every
         * user of the reference accepted it: then each returned action runs, publishing the new
         * snapshot.
         *
         * @throws InvalidArgumentException when an entry is not acceptable (a value that is not an
         *                                  integer for {@code map_str_int}); the change is refused
         */
        Runnable prepare(List<PatternEntry> entries) throws InvalidArgumentException;
    }
}
