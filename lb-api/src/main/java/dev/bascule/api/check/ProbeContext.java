package dev.bascule.api.check;

import java.time.Duration;

/** What the core lends a check for one probe. */
public interface ProbeContext {
    /** Opens connections to servers without blocking. */
    ProbeClient client();

    /** The time the probe has before the core gives up on it ({@code timeout check}, else {@code inter}). */
    Duration timeout();
}
