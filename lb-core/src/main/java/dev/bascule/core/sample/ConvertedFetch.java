package dev.bascule.core.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.config.ConverterCall;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.sample.ConverterContext;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleConverter;
import dev.bascule.api.sample.SampleConverterFactory;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleType;
import dev.bascule.api.sample.TrafficView;

import java.util.List;
import java.util.Locale;

/**
 * A fetch followed by its converters, as HAProxy evaluates {@code fetch,conv1,conv2}: the
 * sample is cast to each converter's input type, then converted; the expression has no value as
 * soon as a cast or a converter fails. A multi-valued fetch keeps iterating: each value goes
 * through the converters.
 */
public final class ConvertedFetch implements SampleFetch {
    private final SampleFetch fetch;
    private final SampleConverter[] converters;
    private final SampleType[] inputs;

    private ConvertedFetch(SampleFetch fetch, SampleConverter[] converters, SampleType[] inputs) {
        this.fetch = fetch;
        this.converters = converters;
        this.inputs = inputs;
    }

    /**
     * The fetch with {@code calls} applied, or the fetch itself when there are none.
     *
     * @throws InvalidArgumentException on a converter no plugin serves, bad arguments, or a type
     *                                  that cannot be cast to the next converter's input
     */
    public static SampleFetch of(KeywordRegistry registry, SampleFetch fetch, SampleType fetchType,
                                 List<ConverterCall> calls) throws InvalidArgumentException {
        return of(registry, fetch, fetchType, calls, null);
    }

    /**
     * As {@link #of(KeywordRegistry, SampleFetch, SampleType, List)}, the converters created with
     * {@code context} (the configuration's pattern files) when not null.
     */
    public static SampleFetch of(KeywordRegistry registry, SampleFetch fetch, SampleType fetchType,
                                 List<ConverterCall> calls, @Nullable ConverterContext context)
            throws InvalidArgumentException {
        if (calls.isEmpty()) {
            return fetch;
        }
        SampleConverter[] converters = new SampleConverter[calls.size()];
        SampleType[] inputs = new SampleType[calls.size()];
        SampleType type = fetchType;
        for (int i = 0; i < converters.length; i++) {
            ConverterCall call = calls.get(i);
            SampleConverterFactory factory = factory(registry, call.name());
            if (!type.castableTo(factory.inputType())) {
                throw new InvalidArgumentException("converter '" + call.name() + "' cannot be applied to a sample of"
                        + " type " + type.name().toLowerCase(Locale.ROOT));
            }
            try {
                converters[i] = context == null ? factory.create(call.arguments())
                        : factory.create(call.arguments(), context);
            } catch (InvalidArgumentException e) {
                throw new InvalidArgumentException("invalid args in converter '" + call.name() + "' : " + e.getMessage());
            }
            inputs[i] = factory.inputType();
            type = factory.outputType();
        }
        return new ConvertedFetch(fetch, converters, inputs);
    }

    /** The type an expression ends with. */
    public static SampleType outputType(KeywordRegistry registry, SampleType fetchType, List<ConverterCall> calls)
            throws InvalidArgumentException {
        return calls.isEmpty() ? fetchType : factory(registry, calls.get(calls.size() - 1).name()).outputType();
    }

    private static SampleConverterFactory factory(KeywordRegistry registry, String name)
            throws InvalidArgumentException {
        return registry.sampleConverter(name).orElseThrow(() ->
                new InvalidArgumentException("unknown converter '" + name + "'"));
    }

    @Override
    public boolean fetch(TrafficView traffic, Sample out) {
        if (!fetch.fetch(traffic, out)) {
            return false;
        }
        for (int i = 0; i < converters.length; i++) {
            if (!out.castTo(inputs[i]) || !converters[i].convert(traffic, out)) {
                return false;
            }
        }
        return true;
    }
}
