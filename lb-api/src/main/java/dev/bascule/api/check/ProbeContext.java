package dev.bascule.api.check;

import java.time.Duration;

/** What the core lends a check for one probe. */
public interface ProbeContext {
    /** Opens connections to servers without blocking. */
    ProbeClient client();

    /** The time the probe has before the core gives up on it ({@code timeout check}, else {@code inter}). */
    Duration timeout();

    /**
     * Tells the core what to report if the probe's time runs out from now on, for checks that
     * describe where they stopped (HAProxy's {@code tcp-check}: {@code " at step 2 of tcp-check
     * (expect string '+PONG')"}). Until a check calls it, the core reports {@code L4TOUT} before a
     * connection opened and {@code L7TOUT} after, without detail. Ignored after the probe is over.
     */
    default void timeoutResult(CheckResult result) {
    }
}
