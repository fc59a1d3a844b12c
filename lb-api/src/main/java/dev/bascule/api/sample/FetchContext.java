package dev.bascule.api.sample;

import dev.bascule.api.config.SourceLocation;

import java.util.List;

/**
 * What the host offers a sample fetch being created ({@link SampleFetchFactory#create(List, FetchContext)}):
 * where it is written and the configuration it belongs to. One configuration's state reaches a
 * plugin only this way, never through statics, so that two configurations compiled in one
 * process (tests compile many) never share it. Grows through default methods.
 *
 * <p>Control plane: the host calls the factory with it while it compiles a configuration, on that
 * thread. Its methods may block on files and allocate, and are thread-safe; never call them on an
 * event loop: what a fetch needs there, it takes at creation.
 */
public interface FetchContext {
    /** A context outside any configuration: no location, variables declared nowhere. */
    FetchContext NONE = new FetchContext() {
    };

    /** Where the expression is written, for messages; line 0 when unknown. */
    default SourceLocation location() {
        return new SourceLocation("", 0);
    }

    /**
     * Declares a variable the configuration names ({@code var(proc.x)}, {@code set-var(proc.x)}):
     * HAProxy creates a {@code proc.} variable when it reads the configuration, so it exists,
     * without a value, before anything sets it ({@code set-var(proc.x,ifexists)} finds it, the
     * runtime API's {@code get var} knows it). The other scopes live with a stream: nothing to do
     * for them. {@code name} has its scope ({@link Variables#validName(String)}).
     */
    default void declareVariable(String name) {
    }
}
