package dev.bascule.core.rules;

import dev.bascule.api.Nullable;
import dev.bascule.api.action.Action;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.api.sample.Variables;
import dev.bascule.core.format.TrafficFormat;

import static java.util.Objects.requireNonNull;

/**
 * One compiled {@code http-request}, {@code redirect} or {@code http-response} rule: its condition
 * and its action's operands, ready for the transport. Immutable.
 */
public final class HttpRule {
    private final RuleKind kind;
    private final @Nullable CompiledCondition condition;
    private final int status;
    private @Nullable TrafficFormat valueFormat;
    private @Nullable String variable;
    private @Nullable SampleFetch variableFetch;
    private dev.bascule.api.action.@Nullable Action action;
    private dev.bascule.api.action.@Nullable RuleSet ruleSet;
    private boolean finalAction;
    private final SourceLocation location;

    HttpRule(RuleKind kind, @Nullable CompiledCondition condition, int status, SourceLocation location) {
        this.kind = requireNonNull(kind, "kind");
        this.condition = condition;
        this.status = status;
        this.location = requireNonNull(location, "location");
    }

    public RuleKind kind() {
        return kind;
    }

    /** Whether the rule applies (its condition holds, or it has none). */
    public boolean applies(TrafficView traffic, Sample sample) {
        return CompiledCondition.holds(condition, traffic, sample);
    }

    /**
     * For rules that may wait for content (HAProxy's {@code tcp_inspect_request()}):
     * {@link CompiledCondition#PASS} when the rule applies, {@link CompiledCondition#FAIL} when it
     * does not, {@link CompiledCondition#MISS} when its condition cannot tell yet
     * ({@link Sample#partial()} and a fetch lacks data).
     */
    public int evaluate(TrafficView traffic, Sample sample) {
        if (condition == null) {
            return CompiledCondition.PASS;
        }
        int result = condition.evaluate(traffic, sample);
        if (result == CompiledCondition.MISS) {
            return result;
        }
        return (result == CompiledCondition.PASS) != condition.unless() ? CompiledCondition.PASS
                : CompiledCondition.FAIL;
    }

    /**
     * {@link RuleKind#SET_VAR}: its conditions.
     */
    public int status() {
        return status;
    }

    /** Sets the variable and its expression (at compile time, before the rule is shared). */
    HttpRule withVariable(@Nullable String name, @Nullable SampleFetch fetch,
                          @Nullable TrafficFormat format) {
        this.variable = name;
        this.variableFetch = fetch;
        this.valueFormat = format;
        return this;
    }

    /** {@link RuleKind#SET_VAR}, {@link RuleKind#UNSET_VAR}: the variable, with its scope. */
    public @Nullable String variable() {
        return variable;
    }

    /**
     * {@link RuleKind#SET_VAR} of {@code set-var}: the expression (else {@link #valueFormat()}).
     */
    public @Nullable SampleFetch variableFetch() {
        return variableFetch;
    }

    /** Sets the action of a {@link RuleKind#ACTION} rule and its rule set (at compile time). */
    HttpRule withAction(Action served, RuleSet set) {
        this.action = served;
        this.ruleSet = set;
        return this;
    }

    /** {@link RuleKind#ACTION}: the plugin's action. */
    public dev.bascule.api.action.@Nullable Action action() {
        return action;
    }

    /** Marks the action as one that always ends its rule set (its factory's {@code isFinal()}), at compile time. */
    HttpRule asFinal(boolean isFinal) {
        this.finalAction = isFinal;
        return this;
    }

    /** {@link RuleKind#ACTION}: whether the action always ends its rule set ({@code deny}, {@code return}...). */
    public boolean finalAction() {
        return finalAction;
    }

    /** {@link RuleKind#ACTION}: the rule set the rule belongs to. */
    public dev.bascule.api.action.@Nullable RuleSet ruleSet() {
        return ruleSet;
    }

    /** {@link RuleKind#SET_VAR} of {@code set-var-fmt}: the value's log-format. */
    public @Nullable TrafficFormat valueFormat() {
        return valueFormat;
    }

    public SourceLocation location() {
        return location;
    }

    /**
     * Applies this global {@code set-var} or {@code set-var-fmt} line to the traffic's variables
     * (nothing where the traffic has none). A sample that cannot be fetched leaves the variable as
     * it was, as in HAProxy.
     */
    public void applyVariable(TrafficView traffic, Sample sample) {
        Variables variables = traffic.variables();
        if (variables == null) {
            return;
        }
        if (variableFetch != null) {
            sample.reset(false);
            if (variableFetch.fetch(traffic, sample)) {
                variables.set(variable, sample, status);
            }
        } else {
            sample.reset(false).setString(valueFormat.render(traffic, sample));
            variables.set(variable, sample, status);
        }
    }

    @Override
    public String toString() {
        return kind + " at " + location;
    }
}
