package dev.bascule.api.check;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFormat;

/**
 * What the core lends a check factory to compile the sample expressions and log-format strings of its
 * rules ({@code http-check set-var(check.path) str(/health)}, {@code http-check send uri-lf
 * "%[var(check.path)]"}), in the backend whose check it is: the response's fetches ({@code res.fhdr}) and
 * the variables ({@code var(check.x)}) read the {@link dev.bascule.api.sample.TrafficView} the check gives
 * at run time. Control plane only.
 */
public interface CheckSetup {
    /** A setup that compiles nothing: for hosts without a sample language. */
    CheckSetup NONE = new CheckSetup() {
        @Override
        public SampleFetch expression(String text) throws InvalidArgumentException {
            throw new InvalidArgumentException("sample expressions are not available to this check.");
        }

        @Override
        public SampleFormat format(String text) throws InvalidArgumentException {
            throw new InvalidArgumentException("log-format strings are not available to this check.");
        }
    };

    /** A sample expression ({@code res.fhdr(x-name),lower}) compiled into one fetch. */
    SampleFetch expression(String text) throws InvalidArgumentException;

    /** A log-format string ({@code "/%[var(check.path)]"}) compiled once; a missing sample is written as nothing. */
    SampleFormat format(String text) throws InvalidArgumentException;

    /**
     * As {@link #expression(String)}, an error reported at {@code at} (the rule's line), its words between
     * {@code before} and {@code after} (HAProxy's {@code "'http-check set-var(check.x)' : 'set-var' : "}...).
     */
    default SampleFetch expression(String text, SourceLocation at, String before, String after)
            throws InvalidArgumentException {
        return expression(text);
    }

    /** As {@link #format(String)}, an error reported at {@code at}, its words between {@code before} and {@code after}. */
    default SampleFormat format(String text, SourceLocation at, String before, String after)
            throws InvalidArgumentException {
        return format(text);
    }
}
