package dev.bascule.core.rules;

import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.TrafficView;

/**
 * An {@code if}/{@code unless} condition: an OR of ANDs of (possibly negated) named ACLs, each
 * an OR of its lines. Arrays all the way down, so that evaluation allocates nothing.
 */
public final class CompiledCondition {
    /** One operand: the ACL lines of one name. */
    static final class Term {
        final boolean negated;
        final CompiledAcl[] acls;

        Term(boolean negated, CompiledAcl[] acls) {
            this.negated = negated;
            this.acls = acls;
        }

        boolean test(TrafficView traffic, Sample sample) {
            boolean matched = false;
            for (CompiledAcl acl : acls) {
                if (acl.matches(traffic, sample)) {
                    matched = true;
                    break;
                }
            }
            return matched != negated;
        }
    }

    private final boolean unless;
    private final Term[][] alternatives;

    CompiledCondition(boolean unless, Term[][] alternatives) {
        this.unless = unless;
        this.alternatives = alternatives;
    }

    /** Whether the rule carrying this condition applies to the traffic. */
    public boolean test(TrafficView traffic, Sample sample) {
        boolean result = false;
        for (Term[] terms : alternatives) {
            boolean all = true;
            for (Term term : terms) {
                if (!term.test(traffic, sample)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                result = true;
                break;
            }
        }
        return result != unless;
    }

    /** True for a missing condition (a rule without one always applies). */
    public static boolean holds(CompiledCondition condition, TrafficView traffic, Sample sample) {
        return condition == null || condition.test(traffic, sample);
    }
}
