package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.ConverterContext;
import dev.bascule.api.sample.SampleConverter;
import dev.bascule.api.sample.SampleConverterFactory;
import dev.bascule.api.sample.SampleType;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** One row of the converter keyword table: keyword, input and output types, an argument-checking creator. */
final class BuiltinConverterFactory implements SampleConverterFactory {
    /** Validates the arguments of {@code keyword} and builds the converter. */
    @FunctionalInterface
    interface Creator {
        SampleConverter create(String keyword, List<String> arguments) throws InvalidArgumentException;
    }

    /** As {@link Creator}, for a converter that uses what the host offers (variables, pattern files, replacements). */
    @FunctionalInterface
    interface ContextualCreator {
        SampleConverter create(String keyword, List<String> arguments, ConverterContext context)
                throws InvalidArgumentException;
    }

    private final String keyword;
    private final SampleType inputType;
    private final SampleType outputType;
    private final ContextualCreator creator;

    BuiltinConverterFactory(String keyword, SampleType inputType, SampleType outputType, Creator creator) {
        this(keyword, inputType, outputType, contextFree(requireNonNull(creator, "creator")));
    }

    BuiltinConverterFactory(String keyword, SampleType inputType, SampleType outputType, ContextualCreator creator) {
        this.keyword = requireNonNull(keyword, "keyword");
        this.inputType = requireNonNull(inputType, "inputType");
        this.outputType = requireNonNull(outputType, "outputType");
        this.creator = requireNonNull(creator, "creator");
    }

    private static ContextualCreator contextFree(Creator creator) {
        return (keyword, arguments, context) -> creator.create(keyword, arguments);
    }

    /** A converter that takes no argument. */
    static BuiltinConverterFactory noArgument(String keyword, SampleType inputType, SampleType outputType,
                                              SampleConverter converter) {
        requireNonNull(converter, "converter");
        return new BuiltinConverterFactory(keyword, inputType, outputType, (name, arguments) -> {
            FetchArguments.none(name, arguments);
            return converter;
        });
    }

    @Override
    public String keyword() {
        return keyword;
    }

    @Override
    public SampleType inputType() {
        return inputType;
    }

    @Override
    public SampleType outputType() {
        return outputType;
    }

    @Override
    public SampleConverter create(List<String> arguments) throws InvalidArgumentException {
        return creator.create(keyword, arguments, ConverterContext.NONE);
    }

    @Override
    public SampleConverter create(List<String> arguments, ConverterContext context) throws InvalidArgumentException {
        return creator.create(keyword, arguments, requireNonNull(context, "context"));
    }
}
