package dev.bascule.core.format;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleType;
import dev.bascule.api.sample.TrafficView;

import java.util.ArrayList;
import java.util.List;

/**
 * A log-format string compiled once: its parts in order, each with its options, written per
 * message as HAProxy's {@code build_logline()} writes them. Immutable and shared by every event
 * loop; rendering allocates nothing beyond what a variable's own text costs.
 *
 * @param <M> what it is rendered from (see {@link Dialect})
 */
public final class Format<M> {
    /** Compiles a {@code %[...]} part's expression into one fetch (with its converters). */
    @FunctionalInterface
    public interface FetchCompiler {
        SampleFetch compile(LogFormat.Expression expression) throws InvalidArgumentException;
    }

    private final Part<M>[] parts;
    private final int[] flags;
    private final boolean literal;
    private final boolean samples;

    private Format(Part<M>[] parts, int[] flags, boolean literal, boolean samples) {
        this.parts = parts;
        this.flags = flags;
        this.literal = literal;
        this.samples = samples;
    }

    /**
     * Compiles {@code format} for {@code dialect}, its {@code %[...]} parts through {@code fetches}.
     * The loader has validated it, so a failure is a bug or a registry mismatch.
     */
    public static <M> Format<M> compile(LogFormat format, Dialect<M> dialect, FetchCompiler fetches)
            throws InvalidArgumentException {
        List<Part<M>> parts = new ArrayList<>();
        List<Integer> flags = new ArrayList<>();
        boolean samples = false;
        for (LogFormat.Node node : format.nodes()) {
            if (node instanceof LogFormat.Literal text) {
                literal(text.text(), dialect.mergeSpaces(), parts, flags);
            } else if (node instanceof LogFormat.Expression expression) {
                parts.add(new Expression<>(fetches.compile(expression), dialect));
                flags.add(LogFormat.flags(expression.options(), dialect.initialFlags()));
                samples = true;
            } else {
                LogFormat.Variable variable = (LogFormat.Variable) node;
                parts.add(dialect.variable(variable.name()));
                flags.add(LogFormat.flags(variable.options(), dialect.initialFlags()));
            }
        }
        @SuppressWarnings("unchecked")
        Part<M>[] array = parts.toArray(new Part[0]);
        return new Format<>(array, flags.stream().mapToInt(Integer::intValue).toArray(), format.isLiteral(), samples);
    }

    /** Literal text; with merged spaces, each space is a separator of its own (HAProxy's {@code LOG_OPT_MERGE_SPACES}). */
    private static <M> void literal(String text, boolean mergeSpaces, List<Part<M>> parts, List<Integer> flags) {
        if (!mergeSpaces) {
            parts.add(new Literal<>(text));
            flags.add(0);
            return;
        }
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == ' ') {
                if (i > start) {
                    parts.add(new Literal<>(text.substring(start, i)));
                    flags.add(0);
                }
                if (i < text.length()) {
                    parts.add(separator());
                    flags.add(0);
                }
                start = i + 1;
            }
        }
    }

    /** Whether every part is text: the format renders the same for every message. */
    public boolean constant() {
        return literal;
    }

    /** Whether the format has {@code %[...]} parts (a log line's then need the stream's traffic). */
    public boolean hasSamples() {
        return samples;
    }

    /** Appends the format's text for {@code message} to {@code out}, {@code sample} the fetches' holder. */
    public void render(M message, Sample sample, StringBuilder out) {
        boolean afterSpace = true;
        for (int i = 0; i < parts.length; i++) {
            Part<M> part = parts[i];
            if (part == SEPARATOR) {
                if (!afterSpace) {
                    out.append(' ');
                    afterSpace = true;
                }
            } else if (part.write(message, flags[i], sample, out)) {
                afterSpace = false;
            }
        }
    }

    /** A space of a log line's format: HAProxy's {@code LOG_FMT_SEPARATOR} (written by {@link #render}). */
    @SuppressWarnings("rawtypes")
    private static final Part SEPARATOR = (message, flags, sample, out) -> false;

    @SuppressWarnings("unchecked")
    private static <M> Part<M> separator() {
        return SEPARATOR;
    }

    /** Text copied as it is. */
    private record Literal<M>(String text) implements Part<M> {
        @Override
        public boolean write(M message, int flags, Sample sample, StringBuilder out) {
            out.append(text);
            return true;
        }
    }

    /** {@code %[fetch,converters]}: the sample as text, as HAProxy's {@code lf_text_len()} or {@code lf_encode_chunk()}. */
    private record Expression<M>(SampleFetch fetch, Dialect<M> dialect) implements Part<M> {
        @Override
        public boolean write(M message, int flags, Sample sample, StringBuilder out) {
            TrafficView traffic = dialect.traffic(message);
            sample.reset(false);
            boolean found = traffic != null && fetch.fetch(traffic, sample) && sample.castTo(SampleType.STRING);
            if (dialect.http()) {
                if (found) {
                    FormatText.httpText(sample.text(), sample.start(), sample.end(), flags, out);
                }
            } else if (found) {
                FormatText.text(sample.text(), sample.start(), sample.end(), flags, out);
            } else {
                FormatText.text(null, flags, out);
            }
            return true;
        }
    }
}
