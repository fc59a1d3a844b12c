package dev.bascule.api.sample;

import dev.bascule.api.InvalidArgumentException;

import java.util.List;
import java.util.Set;

/** Serves one match method ({@code -m <name>}). Control plane only. */
public interface AclMatcherFactory {
    /** The method's name: {@code str}, {@code beg}, {@code reg}... */
    String name();

    /** The sample types it can test. */
    Set<SampleType> accepts();

    /**
     * Compiles the patterns once.
     *
     * @throws InvalidArgumentException when a pattern is not acceptable
     */
    AclMatcher compile(List<String> patterns, MatchOptions options) throws InvalidArgumentException;
}
