package dev.bascule.api.sample;

/**
 * Transforms a sample in place: one of HAProxy's converters ({@code req.hdr(host),lower}). The
 * sample arrives cast to the factory's {@link SampleConverterFactory#inputType() input type};
 * the converter leaves it of its {@link SampleConverterFactory#outputType() output type}. A
 * string result is written into {@link Sample#scratch()}, never into a buffer of the converter's
 * own: one compiled converter serves every event loop. Event loop; should not allocate.
 */
@FunctionalInterface
public interface SampleConverter {
    /**
     * Converts {@code sample}.
     *
     * @return false when there is no result (the whole expression then has no value)
     */
    boolean convert(TrafficView traffic, Sample sample);
}
