package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.AclMatcher;
import dev.bascule.api.sample.AclMatcherFactory;
import dev.bascule.api.sample.MatchOptions;
import dev.bascule.api.sample.SampleType;

import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** One match method of HAProxy's {@code pat_match_names}: name, accepted sample types and a pattern compiler. */
final class BuiltinMatcherFactory implements AclMatcherFactory {
    /** Compiles the patterns of one ACL. */
    @FunctionalInterface
    interface Compiler {
        AclMatcher compile(List<String> patterns, MatchOptions options) throws InvalidArgumentException;
    }

    /** Never matches: an ACL without patterns, as HAProxy warns. */
    static final AclMatcher NEVER = sample -> false;

    private final String name;
    private final Set<SampleType> accepts;
    private final Compiler compiler;

    BuiltinMatcherFactory(String name, Set<SampleType> accepts, Compiler compiler) {
        this.name = requireNonNull(name, "name");
        this.accepts = Set.copyOf(accepts);
        this.compiler = requireNonNull(compiler, "compiler");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<SampleType> accepts() {
        return accepts;
    }

    @Override
    public AclMatcher compile(List<String> patterns, MatchOptions options) throws InvalidArgumentException {
        requireNonNull(options, "options");
        return compiler.compile(List.copyOf(patterns), options);
    }

    @Override
    public String toString() {
        return name;
    }
}
