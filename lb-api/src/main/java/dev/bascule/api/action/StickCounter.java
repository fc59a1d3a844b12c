package dev.bascule.api.action;

/**
 * A stick counter a {@code track-sc} action tracks with: its slot ({@code track-sc0} to
 * {@code track-sc2}), the stick table the host resolved ({@link ActionSetup#stickCounter}), and
 * the level the rule set tracks at (the session in {@code tcp-request connection} and
 * {@code session}, else the stream). Made by the host at load time, immutable and shared; the
 * action hands it to {@link ActionContext#isTracking} and {@link ActionContext#track}. Plugins do
 * not implement it: the host only accepts its own.
 *
 * @since 1.1
 */
public interface StickCounter {
    /** The slot, 0 to 2. */
    int slot();

    /** The name of the table. */
    String table();
}
