package dev.bascule.api.sample;

import dev.bascule.api.InvalidArgumentException;

import java.util.List;

/**
 * What the host offers a converter being created ({@link SampleConverterFactory#create(List, ConverterContext)}):
 * everything it offers a fetch written at the same place ({@link FetchContext}: the location, the
 * configuration's variables), the configuration's pattern files and HAProxy's regex replacement
 * templates. Grows through default methods.
 *
 * <p>Control plane, as {@link FetchContext}: methods may read files and allocate; what they
 * return is what the converter keeps. They are thread-safe: a converter may keep the context to
 * call them later on a control-plane thread (a {@link PatternReference.Subscriber} compiling
 * entries the runtime API changed), never on an event loop.
 */
public interface ConverterContext extends FetchContext {
    /** A context without pattern files or replacements, for a converter created outside a configuration. */
    ConverterContext NONE = new ConverterContext() {
    };

    /**
     * The reference of a two-column pattern file ("key value" lines), read on its first use and
     * shared by every user of the same file name.
     *
     * @throws InvalidArgumentException when it cannot be read, or is already used as a one-column file
     */
    default PatternReference mapFile(String file) throws InvalidArgumentException {
        throw new InvalidArgumentException("pattern files are not available here");
    }

    /**
     * The replacement template {@code template} compiled as HAProxy reads the templates of its
     * regex rewrites ({@link RegexReplacement}).
     *
     * @throws InvalidArgumentException when the host offers no replacement here
     */
    default RegexReplacement regexReplacement(String template) throws InvalidArgumentException {
        throw new InvalidArgumentException("regex replacements are not available here");
    }
}
