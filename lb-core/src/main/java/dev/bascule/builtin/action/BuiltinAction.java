package dev.bascule.builtin.action;

import dev.bascule.api.action.ActionFactory;
import dev.bascule.api.action.RuleSet;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A built-in action's entry in the keyword table, as HAProxy's {@code action_kw} rows are: its
 * keyword, whether it is a prefix ({@code set-var(...)}, {@code track-sc0}), whether it ends the
 * rule set and the rule sets it is allowed in. Each factory then holds only its grammar
 * ({@link #create}) and its run-time behaviour.
 */
abstract class BuiltinAction implements ActionFactory {
    private final String keyword;
    private final boolean prefix;
    private final boolean isFinal;
    private final Set<RuleSet> ruleSets;

    BuiltinAction(String keyword, boolean prefix, boolean isFinal, Set<RuleSet> ruleSets) {
        this.keyword = keyword;
        this.prefix = prefix;
        this.isFinal = isFinal;
        this.ruleSets = Collections.unmodifiableSet(EnumSet.copyOf(ruleSets));
    }

    @Override
    public final String keyword() {
        return keyword;
    }

    @Override
    public final boolean prefix() {
        return prefix;
    }

    @Override
    public final boolean isFinal() {
        return isFinal;
    }

    @Override
    public final Set<RuleSet> ruleSets() {
        return ruleSets;
    }
}
