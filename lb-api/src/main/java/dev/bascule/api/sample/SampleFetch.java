package dev.bascule.api.sample;

/** Extracts a value from the traffic. Event loop; must not allocate. */
@FunctionalInterface
public interface SampleFetch {
    /**
     * Writes the value into {@code out}.
     *
     * @return false when the value is absent or not yet available
     */
    boolean fetch(TrafficView traffic, Sample out);
}
