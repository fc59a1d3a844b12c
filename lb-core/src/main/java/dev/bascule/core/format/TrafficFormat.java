package dev.bascule.core.format;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.sample.ConverterContext;
import dev.bascule.api.sample.FetchContext;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetchFactory;
import dev.bascule.api.sample.SampleFormat;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.core.sample.ConvertedFetch;

/**
 * A log-format string compiled for the traffic path (header values, redirects, replies, dynamic
 * backend names, {@code unique-id-format}, {@code set-var-fmt}). HAProxy writes its parts two
 * ways: in an HTTP context (header values, redirects, replies, rewrites, the unique ID) a sample
 * expression's text has its control characters {@code %XX}-encoded and is never quoted; elsewhere
 * it is written as text ({@code Q} quotes it). Nothing is written for a missing sample unless
 * {@code M} asks for {@code -}. The variables are {@link TrafficVariable}'s.
 */
public final class TrafficFormat implements SampleFormat {
    private static final Dialect<TrafficView> HTTP = new TrafficDialect(true);
    private static final Dialect<TrafficView> OTHER = new TrafficDialect(false);

    private final Format<TrafficView> format;

    private TrafficFormat(Format<TrafficView> format) {
        this.format = format;
    }

    /** Compiles {@code format} in an HTTP context; the loader has validated it, so a failure is a bug or a registry mismatch. */
    public static TrafficFormat compile(KeywordRegistry registry, LogFormat format) throws InvalidArgumentException {
        return compile(registry, format, null);
    }

    /** As {@link #compile(KeywordRegistry, LogFormat)}, converters created with {@code context} when not null. */
    public static TrafficFormat compile(KeywordRegistry registry, LogFormat format, @Nullable ConverterContext context)
            throws InvalidArgumentException {
        return compile(registry, format, context, true);
    }

    /**
     * Compiles {@code format} for an HTTP context ({@code http}: HAProxy's {@code LOG_OPT_HTTP})
     * or another one ({@code use_backend} names, {@code set-var-fmt}).
     */
    public static TrafficFormat compile(KeywordRegistry registry, LogFormat format, @Nullable ConverterContext context,
                                        boolean http) throws InvalidArgumentException {
        return compile(format, http, expression -> {
            SampleFetchFactory factory = registry.sampleFetch(expression.fetch()).orElseThrow(() ->
                    new InvalidArgumentException("no plugin serves fetch '" + expression.fetch() + "'"));
            return ConvertedFetch.of(registry, factory.create(expression.arguments(),
                            context == null ? FetchContext.NONE : context), factory.outputType(),
                    expression.converters(), context);
        });
    }

    /** As {@link #compile(KeywordRegistry, LogFormat, ConverterContext, boolean)}, expressions compiled by {@code fetches}. */
    static TrafficFormat compile(LogFormat format, boolean http, Format.FetchCompiler fetches)
            throws InvalidArgumentException {
        return new TrafficFormat(Format.compile(format, http ? HTTP : OTHER, fetches));
    }

    @Override
    public boolean constant() {
        return format.constant();
    }

    /** Appends the format's text for {@code traffic} to {@code out}, using {@code sample} as the fetches' holder. */
    public void render(TrafficView traffic, Sample sample, StringBuilder out) {
        format.render(traffic, sample, out);
    }

    /** The rendered text as a new String. */
    @Override
    public String render(TrafficView traffic, Sample sample) {
        StringBuilder out = new StringBuilder(32);
        format.render(traffic, sample, out);
        return out.toString();
    }

    /** The live traffic of a rule: no merged spaces, no option forced. */
    private record TrafficDialect(boolean http) implements Dialect<TrafficView> {
        @Override
        public Part<TrafficView> variable(String name) throws InvalidArgumentException {
            return TrafficVariable.of(name);
        }

        @Override
        public TrafficView traffic(TrafficView message) {
            return message;
        }

        @Override
        public int initialFlags() {
            return 0;
        }

        @Override
        public boolean mergeSpaces() {
            return false;
        }
    }
}
