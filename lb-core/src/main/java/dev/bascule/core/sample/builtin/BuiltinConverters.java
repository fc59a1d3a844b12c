package dev.bascule.core.sample.builtin;

import dev.bascule.api.sample.SampleConverterFactory;
import dev.bascule.api.sample.SampleType;

import java.util.ArrayList;
import java.util.List;

import static dev.bascule.core.sample.builtin.BuiltinConverterFactory.noArgument;

/**
 * The converter keyword table of the {@code samples} plugin: HAProxy 2.6's
 * {@code sample_conv_kws} rows that Bascule implements. A converter missing here is reported at
 * its line as not implemented.
 */
final class BuiltinConverters {
    private BuiltinConverters() {
    }

    static List<SampleConverterFactory> all() {
        List<SampleConverterFactory> converters = new ArrayList<>();
        converters.add(noArgument("lower", SampleType.STRING, SampleType.STRING, StringConverters.LOWER));
        converters.add(noArgument("upper", SampleType.STRING, SampleType.STRING, StringConverters.UPPER));
        converters.add(noArgument("length", SampleType.STRING, SampleType.INTEGER, StringConverters.LENGTH));
        converters.add(new BuiltinConverterFactory("add_item", SampleType.STRING, SampleType.STRING,
                VariableConverters::addItem));
        converters.add(new BuiltinConverterFactory("concat", SampleType.STRING, SampleType.STRING,
                VariableConverters::concat));
        converters.add(new BuiltinConverterFactory("strcmp", SampleType.STRING, SampleType.INTEGER,
                VariableConverters::strcmp));
        return List.copyOf(converters);
    }
}
