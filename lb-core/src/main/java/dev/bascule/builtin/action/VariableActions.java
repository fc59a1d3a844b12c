package dev.bascule.builtin.action;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.action.Action;
import dev.bascule.api.action.ActionResult;
import dev.bascule.api.action.ActionSetup;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.action.UnexpectedWordException;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFormat;
import dev.bascule.api.sample.Variables;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code set-var(<name>[,<cond>...]) <expr>}, {@code set-var-fmt(<name>[,<cond>...]) <fmt>} and
 * {@code unset-var(<name>)}, prefix keywords of every rule set (HAProxy's {@code parse_store()}).
 * A sample that cannot be fetched leaves the variable as it was; {@code set-var-fmt}'s format is
 * parsed as HAProxy parses it, without {@code LOG_OPT_HTTP}.
 */
final class VariableActions extends BuiltinAction {
    private static final Set<RuleSet> EVERYWHERE = EnumSet.allOf(RuleSet.class);

    /** {@code set-var}, {@code set-var-fmt} or {@code unset-var}. */
    private final String verb;

    VariableActions(String verb) {
        super(verb, true, false, EVERYWHERE);
        this.verb = verb;
    }

    @Override
    public Action create(String written, List<String> arguments, ActionSetup setup)
            throws InvalidArgumentException {
        if (!written.startsWith(verb + "(")) {
            throw new InvalidArgumentException("invalid variable '" + written + "'. Expects '" + verb
                    + "(<var-name>)'.");
        }
        if (!written.endsWith(")")) {
            throw new InvalidArgumentException("missing closing ')' after '" + verb + "' variable name.");
        }
        String[] parts = written.substring(verb.length() + 1, written.length() - 1).split(",", -1);
        String name = parts[0];
        if (!Variables.validName(name)) {
            throw new InvalidArgumentException("invalid variable '" + name + "'. Expects 'proc', 'sess', 'txn',"
                    + " 'req' or 'res' as a scope, then a dot and a name.");
        }
        boolean unset = verb.equals("unset-var");
        if (parts.length > 1 && unset) {
            throw new InvalidArgumentException("unset-var does not expect parameters after the variable name. Only"
                    + " \"set-var\" and \"set-var-fmt\" manage conditions.");
        }
        int conditions = 0;
        for (int i = 1; i < parts.length; i++) {
            int condition = Variables.condition(parts[i]);
            if (condition == 0 || i > 4) {
                throw new InvalidArgumentException(condition == 0 ? "unknown condition \"" + parts[i] + "\"."
                        : "too many conditions (at most 4).");
            }
            conditions |= condition;
        }
        setup.declareVariable(name);
        if (unset) {
            UnexpectedWordException.checkUsed(arguments, 0);
            return context -> {
                Variables variables = context.traffic().variables();
                if (variables != null) {
                    variables.unset(name);
                }
                return ActionResult.CONTINUE;
            };
        }
        if (arguments.isEmpty()) {
            throw new InvalidArgumentException("expects an expression.");
        }
        UnexpectedWordException.checkUsed(arguments, 1);
        int when = conditions;
        if (verb.equals("set-var-fmt")) {
            SampleFormat format = setup.format(arguments.get(0), false);
            return context -> {
                Variables variables = context.traffic().variables();
                if (variables != null) {
                    Sample sample = context.sample().reset(false);
                    sample.setString(format.render(context.traffic(), sample));
                    variables.set(name, sample, when);
                }
                return ActionResult.CONTINUE;
            };
        }
        SampleFetch fetch = setup.expression(arguments.get(0));
        return context -> {
            Variables variables = context.traffic().variables();
            if (variables != null) {
                Sample sample = context.sample().reset(false);
                if (fetch.fetch(context.traffic(), sample)) {
                    variables.set(name, sample, when);
                }
            }
            return ActionResult.CONTINUE;
        };
    }
}
