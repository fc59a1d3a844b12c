package dev.bascule.api.sample;

/**
 * A log-format string compiled once ({@code "%[src] %ci"}), rendered per message. Immutable and
 * shared by every event loop.
 */
public interface SampleFormat {
    /**
     * The text for the traffic, {@code sample} used as the fetches' scratch holder. Runs on an
     * event loop.
     */
    String render(TrafficView traffic, Sample sample);

    /** Whether the text is the same for every message (no expression in it). */
    default boolean constant() {
        return false;
    }
}
