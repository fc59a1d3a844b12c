package dev.bascule.core.check;

import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ServerRuntime;

import java.util.function.BooleanSupplier;

/**
 * {@code slowstart}'s warm-up, HAProxy's {@code server_warmup()} task: once a server with
 * {@code slowstart} comes back UP, its effective weight is recomputed and its backend's picker
 * rebuilt every second until the full weight is reached. Runs on the control thread.
 */
final class Warmup {
    /**
     * HAProxy's {@code MAX(1000, slowstart / 20)}: its slowstart is in seconds there, so the
     * second always wins.
     */
    static final long STEP_MILLIS = 1000;

    private Warmup() {
    }

    /**
     * Starts the warm-up of a server that just came back UP, when it has {@code slowstart}; call
     * it before rebuilding the picker, which then sees the first step.
     */
    static void begin(BackendRuntime backend, ServerRuntime server, CheckTimer timer, BooleanSupplier closed) {
        long generation = server.startWarmup(timer.nowMillis());
        if (generation != 0) {
            timer.schedule(() -> step(backend, server, timer, closed, generation), STEP_MILLIS);
        }
    }

    private static void step(BackendRuntime backend, ServerRuntime server, CheckTimer timer, BooleanSupplier closed,
                             long generation) {
        if (closed.getAsBoolean() || server.warmupGeneration() != generation) {
            // stopped, or a later warm-up took over
            return;
        }
        int before = server.scaledWeight();
        boolean going = server.recalcScaledWeight(timer.nowMillis());
        if (server.scaledWeight() != before) {
            backend.rebuildPicker();
        }
        if (going) {
            timer.schedule(() -> step(backend, server, timer, closed, generation), STEP_MILLIS);
        }
    }
}
