package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.FetchContext;
import dev.bascule.api.sample.Phase;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFetchFactory;
import dev.bascule.api.sample.SampleType;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** One row of the fetch keyword table: keyword, output type, phases and an argument-checking creator. */
final class BuiltinFetchFactory implements SampleFetchFactory {
    /** Validates the arguments of {@code keyword} and builds the fetch. */
    @FunctionalInterface
    interface Creator {
        SampleFetch create(String keyword, List<String> arguments) throws InvalidArgumentException;
    }

    /** As {@link Creator}, for a fetch that uses what the host offers (variables). */
    @FunctionalInterface
    interface ContextualCreator {
        SampleFetch create(String keyword, List<String> arguments, FetchContext context)
                throws InvalidArgumentException;
    }

    /** HAProxy's {@code SMP_USE_L4CLI}: the client connection's addresses, usable everywhere. */
    static final Set<Phase> CONNECTION = EnumSet.allOf(Phase.class);
    /** HAProxy's {@code SMP_USE_L5CLI}: the client-side session, not yet at {@code tcp-request connection}. */
    static final Set<Phase> SESSION = EnumSet.of(Phase.TCP_CONTENT, Phase.HTTP_REQUEST, Phase.HTTP_RESPONSE,
            Phase.LOG);
    /** HAProxy's {@code SMP_USE_HRQHV}: request headers, until the request is sent to a server. */
    static final Set<Phase> REQUEST_HEADERS = EnumSet.of(Phase.TCP_CONTENT, Phase.HTTP_REQUEST);
    /** HAProxy's {@code SMP_USE_HRQHP}: the request line, kept for the whole transaction. */
    static final Set<Phase> REQUEST = EnumSet.of(Phase.TCP_CONTENT, Phase.HTTP_REQUEST, Phase.HTTP_RESPONSE);
    /** What the transaction keeps until its log line: captures, the unique ID. */
    static final Set<Phase> TRANSACTION = EnumSet.of(Phase.TCP_CONTENT, Phase.HTTP_REQUEST, Phase.HTTP_RESPONSE,
            Phase.LOG);
    /** What the response keeps until the log line: its status. */
    static final Set<Phase> RESPONSE_LINE = EnumSet.of(Phase.HTTP_RESPONSE, Phase.LOG);
    /** HAProxy's {@code SMP_USE_CONST}. */
    static final Set<Phase> ANYWHERE = EnumSet.allOf(Phase.class);

    private final String keyword;
    private final SampleType outputType;
    private final Set<Phase> phases;
    private final ContextualCreator creator;

    BuiltinFetchFactory(String keyword, SampleType outputType, Set<Phase> phases, Creator creator) {
        this(keyword, outputType, phases, contextFree(requireNonNull(creator, "creator")));
    }

    private BuiltinFetchFactory(String keyword, SampleType outputType, Set<Phase> phases, ContextualCreator creator) {
        this.keyword = requireNonNull(keyword, "keyword");
        this.outputType = requireNonNull(outputType, "outputType");
        this.phases = Set.copyOf(phases);
        this.creator = requireNonNull(creator, "creator");
    }

    /** A fetch whose creator uses what the host offers. */
    static BuiltinFetchFactory contextual(String keyword, SampleType outputType, Set<Phase> phases,
                                          ContextualCreator creator) {
        return new BuiltinFetchFactory(keyword, outputType, phases, creator);
    }

    private static ContextualCreator contextFree(Creator creator) {
        return (keyword, arguments, context) -> creator.create(keyword, arguments);
    }

    /** A fetch that takes no argument. */
    static BuiltinFetchFactory noArgument(String keyword, SampleType outputType, Set<Phase> phases, SampleFetch fetch) {
        requireNonNull(fetch, "fetch");
        return new BuiltinFetchFactory(keyword, outputType, phases, (name, arguments) -> {
            FetchArguments.none(name, arguments);
            return fetch;
        });
    }

    @Override
    public String keyword() {
        return keyword;
    }

    @Override
    public SampleType outputType() {
        return outputType;
    }

    @Override
    public Set<Phase> availableIn() {
        return phases;
    }

    @Override
    public SampleFetch create(List<String> arguments) throws InvalidArgumentException {
        return create(arguments, FetchContext.NONE);
    }

    @Override
    public SampleFetch create(List<String> arguments, FetchContext context) throws InvalidArgumentException {
        return creator.create(keyword, List.copyOf(arguments), requireNonNull(context, "context"));
    }

    @Override
    public String toString() {
        return keyword;
    }
}
