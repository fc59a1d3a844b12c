package dev.bascule.api.sample;

import dev.bascule.api.InvalidArgumentException;

import java.util.List;

/**
 * What the host offers a converter being created ({@link SampleConverterFactory#create(List, ConverterContext)}):
 * everything it offers a fetch written at the same place ({@link FetchContext}: the location, the
 * configuration's variables), and the configuration's pattern files. Grows through default
 * methods.
 *
 * <p>Control plane, as {@link FetchContext}: methods may read files and allocate; what they
 * return is what the converter keeps.
 */
public interface ConverterContext extends FetchContext {
    /** A context without pattern files, for a converter created outside a configuration. */
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
}
