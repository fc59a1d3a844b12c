package dev.bascule.api.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.config.SourceLocation;

/**
 * What the host offers a converter being created: where it is written and the configuration's
 * pattern files. Grows through default methods.
 */
public interface ConverterContext {
    /** A context without pattern files, for a converter created outside a configuration. */
    ConverterContext NONE = new ConverterContext() {
    };

    /** Where the converter is written; line 0 when unknown. */
    default SourceLocation location() {
        return new SourceLocation("", 0);
    }

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
