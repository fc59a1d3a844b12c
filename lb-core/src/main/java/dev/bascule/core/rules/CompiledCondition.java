package dev.bascule.core.rules;

import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.TrafficView;

/**
 * An {@code if}/{@code unless} condition: an OR of ANDs of (possibly negated) named ACLs, each
 * an OR of its lines. Arrays all the way down, so that evaluation allocates nothing.
 */
public final class CompiledCondition {
    /** HAProxy's {@code ACL_TEST_FAIL}: the condition does not hold. */
    public static final int FAIL = 0;
    /** HAProxy's {@code ACL_TEST_MISS}: not known yet, more data may decide. */
    public static final int MISS = 1;
    /** HAProxy's {@code ACL_TEST_PASS}: the condition holds. */
    public static final int PASS = 3;

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

        /** OR of the lines, then HAProxy's {@code acl_neg()}: a MISS stays a MISS. */
        int evaluate(TrafficView traffic, Sample sample) {
            int result = FAIL;
            for (CompiledAcl acl : acls) {
                result |= acl.evaluate(traffic, sample);
                if (result == PASS) {
                    break;
                }
            }
            return negated ? 3 >> result : result;
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

    /**
     * The three-valued result of HAProxy's {@code acl_exec_cond()}, {@code if}/{@code unless}
     * not applied: {@link #PASS}, {@link #FAIL}, or {@link #MISS} while {@link Sample#partial()}
     * and a fetch lacks data. Terms are ANDed (a FAIL or a MISS ends the suite), suites ORed.
     */
    public int evaluate(TrafficView traffic, Sample sample) {
        int result = FAIL;
        for (Term[] terms : alternatives) {
            int suite = PASS;
            for (Term term : terms) {
                suite &= term.evaluate(traffic, sample);
                if (suite != PASS) {
                    break;
                }
            }
            result |= suite;
            if (result == PASS) {
                break;
            }
        }
        return result;
    }

    /** Whether the condition is an {@code unless}. */
    public boolean unless() {
        return unless;
    }

    /** True for a missing condition (a rule without one always applies). */
    public static boolean holds(CompiledCondition condition, TrafficView traffic, Sample sample) {
        return condition == null || condition.test(traffic, sample);
    }
}
