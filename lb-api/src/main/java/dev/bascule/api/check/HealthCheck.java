package dev.bascule.api.check;

import java.util.concurrent.CompletionStage;

/** Probes one server once. */
public interface HealthCheck {
    /**
     * Starts a probe. Must not block: complete the stage from I/O callbacks. The core enforces
     * the deadline and ignores a stage completed after it.
     */
    CompletionStage<CheckResult> check(CheckTarget target, ProbeContext context);
}
