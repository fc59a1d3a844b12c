package dev.bascule.api.sample;

import dev.bascule.api.InvalidArgumentException;

import java.util.List;
import java.util.Set;

/** Serves one fetch keyword. Control plane only. */
public interface SampleFetchFactory {
    /** The keyword, for example {@code src}, {@code path}, {@code req.hdr}. */
    String keyword();

    /** The type of the samples it produces. */
    SampleType outputType();

    /** The phases in which it can run. */
    Set<Phase> availableIn();

    /**
     * Validates the arguments written in parentheses and returns the fetch.
     *
     * @throws InvalidArgumentException when the arguments are not acceptable
     */
    SampleFetch create(List<String> arguments) throws InvalidArgumentException;
}
