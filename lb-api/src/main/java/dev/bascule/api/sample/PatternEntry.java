package dev.bascule.api.sample;

import dev.bascule.api.Nullable;

import static java.util.Objects.requireNonNull;

/**
 * One line of a pattern file, or one pattern added at run time: HAProxy's {@code pat_ref_elt}.
 *
 * @param id    unique within the configuration and stable for the entry's life; the runtime API
 *              prints it as {@code 0x...} and takes it back as {@code #0x...}
 * @param key   the pattern (an ACL's) or the key (a map's)
 * @param value the map's value, null for an ACL's pattern
 */
public record PatternEntry(long id, String key, @Nullable String value) {
    public PatternEntry {
        requireNonNull(key, "key");
    }

    /** The id as the runtime API prints it. */
    public String printedId() {
        return "0x" + Long.toHexString(id);
    }
}
