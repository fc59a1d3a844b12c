package dev.bascule.api.balance;

import dev.bascule.api.Nullable;

/**
 * Chooses a server for one request or connection. Called on event-loop threads, concurrently:
 * must be lock-free and must not allocate.
 */
@FunctionalInterface
public interface ServerPicker {
    /** A picker for a backend with no usable server. */
    ServerPicker EMPTY = context -> null;

    /** The chosen server, or null when none is available. */
    @Nullable
    Server pick(PickContext context);
}
