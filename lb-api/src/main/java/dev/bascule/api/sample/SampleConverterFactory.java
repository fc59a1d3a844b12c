package dev.bascule.api.sample;

import dev.bascule.api.InvalidArgumentException;

import java.util.List;

/** Serves one converter keyword. Control plane only. */
public interface SampleConverterFactory {
    /** The keyword, for example {@code lower}, {@code field}, {@code crc32}. */
    String keyword();

    /** The type the sample is cast to before the converter sees it. */
    SampleType inputType();

    /** The type of the converter's result. */
    SampleType outputType();

    /**
     * Validates the arguments written in parentheses and returns the converter.
     *
     * @throws InvalidArgumentException when the arguments are not acceptable
     */
    SampleConverter create(List<String> arguments) throws InvalidArgumentException;

    /**
     * As {@link #create(List)}, with what the host offers: where the converter is written, the
     * configuration's variables and pattern files ({@code map(file)}). The host calls this one;
     * converters that need none keep the default.
     *
     * @throws InvalidArgumentException when the arguments are not acceptable
     */
    default SampleConverter create(List<String> arguments, ConverterContext context) throws InvalidArgumentException {
        return create(arguments);
    }
}
