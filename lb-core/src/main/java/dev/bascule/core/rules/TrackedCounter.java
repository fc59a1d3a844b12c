package dev.bascule.core.rules;

import dev.bascule.api.Nullable;
import dev.bascule.api.action.StickCounter;
import dev.bascule.api.sample.Sample;
import dev.bascule.core.stick.StickTable;
import dev.bascule.core.stick.StickTracker;

import static java.util.Objects.requireNonNull;

/**
 * The host's {@link StickCounter}: a {@code track-sc} slot, the table it tracks in, resolved when
 * the rule is compiled, and its level (the session for {@code tcp-request connection|session}
 * rules, else the stream). Immutable; what the transports' action contexts track with.
 *
 * @param slot    0 to 2
 * @param stickTable the table
 * @param session whether the session tracks, else the stream
 */
public record TrackedCounter(int slot, StickTable stickTable, boolean session) implements StickCounter {
    public TrackedCounter {
        requireNonNull(stickTable, "stickTable");
    }

    @Override
    public String table() {
        return stickTable.name();
    }

    /** Whether the slot is taken at this level, or there is no tracker. Allocates nothing. */
    public boolean tracking(@Nullable StickTracker tracker) {
        return tracker == null || tracker.tracking(session, slot);
    }

    /** Tracks the key's entry unless the slot is taken ({@code httpRequest}: and counts the request on it). */
    public void track(@Nullable StickTracker tracker, Sample key, boolean httpRequest) {
        if (!tracking(tracker)) {
            tracker.track(session, slot, stickTable, key, httpRequest);
        }
    }
}
