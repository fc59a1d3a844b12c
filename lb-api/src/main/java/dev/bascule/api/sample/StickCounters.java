package dev.bascule.api.sample;

import dev.bascule.api.Nullable;

/**
 * The stick counters a stream tracks ({@code track-sc0}, {@code track-sc1}, {@code track-sc2}) and
 * the stick tables of the configuration, as fetches see them.
 */
public interface StickCounters {
    /** How many slots there are (HAProxy's {@code MAX_SESS_STKCTR}: 3). */
    int SLOTS = 3;

    /**
     * The entry tracked in {@code slot}: by the stream ({@code tcp-request content},
     * {@code http-request}) first, else by the session ({@code tcp-request connection|session});
     * null when nothing is tracked there.
     */
    @Nullable StickEntry tracked(int slot);

    /** The stick table of the proxy named {@code name}, or null when there is none. */
    @Nullable StickTableView table(String name);
}
