package dev.bascule.core.rules;

import dev.bascule.api.sample.AclMatcher;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.TrafficView;

import static java.util.Objects.requireNonNull;

/**
 * One {@code acl} line: a fetch and a compiled matcher. True when any value the fetch returns
 * matches. Compiled once per line; the rule compiler shares it between the conditions using it.
 */
public final class CompiledAcl {
    private final String name;
    private final SampleFetch fetch;
    private final AclMatcher matcher;

    CompiledAcl(String name, SampleFetch fetch, AclMatcher matcher) {
        this.name = requireNonNull(name, "name");
        this.fetch = requireNonNull(fetch, "fetch");
        this.matcher = requireNonNull(matcher, "matcher");
    }

    /** The same ACL where its fetch has no sample (a request fetch in a response rule). */
    CompiledAcl withoutSample() {
        return new CompiledAcl(name, (traffic, out) -> false, matcher);
    }

    boolean matches(TrafficView traffic, Sample sample) {
        sample.reset(true);
        while (fetch.fetch(traffic, sample)) {
            if (matcher.matches(sample)) {
                return true;
            }
            if (!sample.more()) {
                return false;
            }
        }
        return false;
    }

    /**
     * This line's part of HAProxy's {@code acl_exec_cond()}: {@link CompiledCondition#PASS} when
     * a value matches, {@link CompiledCondition#MISS} when none does yet and the fetch says more
     * data may change that while the caller can still wait ({@link Sample#partial()}), else
     * {@link CompiledCondition#FAIL}.
     */
    int evaluate(TrafficView traffic, Sample sample) {
        sample.reset(true);
        while (fetch.fetch(traffic, sample)) {
            if (matcher.matches(sample)) {
                return CompiledCondition.PASS;
            }
            if (!sample.more()) {
                break;
            }
        }
        return sample.mayChange() && sample.partial() ? CompiledCondition.MISS : CompiledCondition.FAIL;
    }

    @Override
    public String toString() {
        return "acl " + name;
    }
}
