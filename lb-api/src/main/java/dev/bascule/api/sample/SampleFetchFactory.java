package dev.bascule.api.sample;

import dev.bascule.api.InvalidArgumentException;

import java.util.List;
import java.util.Set;

/** Serves one fetch keyword. Control plane only. */
public interface SampleFetchFactory {
    /** The keyword, for example {@code src}, {@code path}, {@code req.hdr}. */
    String keyword();

    /** The type of the samples it produces. */
    SampleType outputType();

    /** The phases in which it can run. */
    Set<Phase> availableIn();

    /**
     * Validates the arguments written in parentheses and returns the fetch, outside any
     * configuration ({@link FetchContext#NONE}).
     *
     * @throws InvalidArgumentException when the arguments are not acceptable
     */
    SampleFetch create(List<String> arguments) throws InvalidArgumentException;

    /**
     * As {@link #create(List)}, with what the host offers: where the fetch is written and the
     * configuration's variables. The host calls this one; fetches that need no context keep the
     * default, which calls {@link #create(List)}.
     *
     * @throws InvalidArgumentException when the arguments are not acceptable
     */
    default SampleFetch create(List<String> arguments, FetchContext context) throws InvalidArgumentException {
        return create(arguments);
    }

    /**
     * The position of the argument that names a stick table (HAProxy's {@code ARGT_TAB}), or -1
     * when it takes none. The loader checks the name.
     */
    default int tableArgument() {
        return -1;
    }

    /**
     * Whether an absent table argument means the table of the proxy the expression is used in
     * ({@code src_conn_rate}): the host then passes that proxy's name. When false, the fetch gets
     * no table name ({@code sc_conn_rate(0)} reads the tracked entry's own table).
     */
    default boolean tableDefaultsToProxy() {
        return true;
    }
}
