package dev.bascule.api.balance;

import dev.bascule.api.Nullable;

/** A backend's algorithm: builds pickers on the control plane. */
public interface BalancingAlgorithm {
    /**
     * Builds the picker for the servers now usable. Runs on the control plane whenever
     * membership, weights or health change; may allocate.
     *
     * @param snapshot the usable servers, in configuration order
     * @param previous the picker this one replaces, or null the first time; lets a stateful
     *                 algorithm carry its state across rebuilds
     */
    ServerPicker newPicker(ServerSnapshot snapshot, @Nullable ServerPicker previous);
}
