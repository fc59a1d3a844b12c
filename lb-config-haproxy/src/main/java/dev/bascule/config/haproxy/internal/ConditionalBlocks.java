package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.loader.InvalidConditionException;
import dev.bascule.api.loader.LoaderContext;

import java.util.List;

/**
 * The conditional blocks of a configuration file, {@code .if}, {@code .elif}, {@code .else} and
 * {@code .endif}, and the {@code .alert}, {@code .warning}, {@code .notice} and {@code .diag}
 * directives, as HAProxy's {@code readcfgfile()} reads them. The conditions themselves are
 * evaluated by the host ({@link LoaderContext#condition}). One instance per source, reset between them.
 */
final class ConditionalBlocks {
    /** HAProxy's {@code MAXNESTEDCONDS}. */
    private static final int MAX_NESTED_CONDITIONS = 100;

    /** The state of each open {@code .if} block (HAProxy's {@code nested_conds}), index 1 the outermost. */
    private enum Cond { IF_TAKE, IF_DROP, IF_SKIP, ELIF_TAKE, ELIF_DROP, ELIF_SKIP, ELSE_TAKE, ELSE_DROP }

    private final Cond[] conditions = new Cond[MAX_NESTED_CONDITIONS];
    private int conditionLevel;
    /** A condition error stopped the file: no "non-terminated" report then. */
    private boolean conditionAborted;
    private final LoaderContext context;
    private final Diagnostics diagnostics;

    ConditionalBlocks(LoaderContext context, Diagnostics diagnostics) {
        this.context = context;
        this.diagnostics = diagnostics;
    }

    /** A new source starts with no block open. */
    void reset() {
        conditionLevel = 0;
        conditionAborted = false;
    }

    static boolean isBlockKeyword(String keyword) {
        return keyword.equals(".if") || keyword.equals(".elif") || keyword.equals(".else") || keyword.equals(".endif");
    }

    /** True when the line is in a block its conditions leave out. */
    boolean masked() {
        return conditionLevel > 0 && masked(conditions[conditionLevel]);
    }

    /** At the end of a source: reports a block left open, unless an error already stopped the file. */
    void checkTerminated(SourceLocation location) {
        if (conditionLevel > 0 && !conditionAborted) {
            diagnostics.alert(location, "non-terminated '.if' block.");
        }
    }

    private static boolean masked(Cond state) {
        return state == Cond.IF_DROP || state == Cond.IF_SKIP || state == Cond.ELIF_DROP || state == Cond.ELIF_SKIP
                || state == Cond.ELSE_DROP;
    }

    /**
     * {@code .if}, {@code .elif}, {@code .else}, {@code .endif}, as HAProxy's {@code readcfgfile()}:
     * a block is taken when its condition holds and no enclosing block is left out; a block after a
     * taken one is skipped without evaluating its condition. True when an error stops the file.
     */
    boolean parseCondition(List<String> args, SourceLocation location) {
        String keyword = args.get(0);
        String argument = args.size() > 1 ? args.get(1) : "";
        switch (keyword) {
            case ".if" -> {
                conditionLevel++;
                if (conditionLevel >= MAX_NESTED_CONDITIONS) {
                    diagnostics.alert(location, "too many nested '.if', max is " + MAX_NESTED_CONDITIONS + ".");
                    return abortConditions();
                }
                if (conditionLevel > 1 && masked(conditions[conditionLevel - 1])) {
                    conditions[conditionLevel] = Cond.IF_SKIP;
                    return false;
                }
                Boolean taken = evaluate(args, location);
                if (taken == null) {
                    return abortConditions();
                }
                conditions[conditionLevel] = taken ? Cond.IF_TAKE : Cond.IF_DROP;
                return false;
            }
            case ".elif" -> {
                if (conditionLevel == 0) {
                    diagnostics.alert(location, "lone '.elif' with no matching '.if'.");
                    return abortConditions();
                }
                Cond state = conditions[conditionLevel];
                if (state == Cond.ELSE_TAKE || state == Cond.ELSE_DROP) {
                    diagnostics.alert(location, "'.elif' after '.else' is not permitted.");
                    return abortConditions();
                }
                if (state == Cond.IF_TAKE || state == Cond.IF_SKIP || state == Cond.ELIF_TAKE
                        || state == Cond.ELIF_SKIP) {
                    conditions[conditionLevel] = Cond.ELIF_SKIP;
                    return false;
                }
                Boolean taken = evaluate(args, location);
                if (taken == null) {
                    return abortConditions();
                }
                conditions[conditionLevel] = taken ? Cond.ELIF_TAKE : Cond.ELIF_DROP;
                return false;
            }
            case ".else" -> {
                if (!argument.isEmpty()) {
                    diagnostics.alert(location, "Unexpected argument '" + argument + "' for '.else'.");
                    return true;
                }
                if (conditionLevel == 0) {
                    diagnostics.alert(location, "lone '.else' with no matching '.if'.");
                    return abortConditions();
                }
                Cond state = conditions[conditionLevel];
                if (state == Cond.ELSE_TAKE || state == Cond.ELSE_DROP) {
                    diagnostics.alert(location, "'.else' after '.else' is not permitted.");
                    return abortConditions();
                }
                conditions[conditionLevel] = state == Cond.IF_TAKE || state == Cond.IF_SKIP || state == Cond.ELIF_TAKE
                        || state == Cond.ELIF_SKIP ? Cond.ELSE_DROP : Cond.ELSE_TAKE;
                return false;
            }
            default -> {
                if (!argument.isEmpty()) {
                    diagnostics.alert(location, "Unexpected argument '" + argument + "' for '.endif'.");
                    return true;
                }
                if (conditionLevel == 0) {
                    diagnostics.alert(location, "lone '.endif' with no matching '.if'.");
                    return true;
                }
                conditionLevel--;
                return false;
            }
        }
    }

    /** An error that ends the file without the "non-terminated" report (HAProxy's {@code goto err}). */
    private boolean abortConditions() {
        conditionAborted = true;
        return true;
    }

    /**
     * The condition of a {@code .if} / {@code .elif} line: its words joined by spaces, as HAProxy
     * joins them; null after reporting one that does not parse, with HAProxy's caret under the spot.
     */
    private Boolean evaluate(List<String> args, SourceLocation location) {
        String keyword = args.get(0);
        String expression = String.join(" ", args.subList(1, args.size()));
        try {
            return context.condition(expression);
        } catch (InvalidConditionException e) {
            int position = Math.min(e.position(), expression.length());
            diagnostics.alert(location, e.getMessage() + " in '" + keyword + "' at position " + (position + 1) + ":\n  "
                    + keyword + " " + expression + "\n  " + " ".repeat(position + keyword.length() + 1) + "^");
            return null;
        }
    }

    /** {@code .alert}, {@code .warning}, {@code .notice}, {@code .diag}; true after {@code .alert}. */
    boolean parseDirective(List<String> args, SourceLocation location) {
        String keyword = args.get(0);
        boolean known = keyword.equals(".alert") || keyword.equals(".warning") || keyword.equals(".notice")
                || keyword.equals(".diag");
        if (!known) {
            diagnostics.alert(location, "unknown directive '" + keyword + "'.");
            return false;
        }
        if (args.size() > 2 && !args.get(2).isEmpty()) {
            diagnostics.alert(location, "Unexpected argument '" + args.get(2) + "' for '" + keyword
                    + "'. Use quotes if the message should contain spaces.");
            return false;
        }
        String message = "'" + (args.size() > 1 ? args.get(1) : "") + "'.";
        switch (keyword) {
            case ".alert" -> {
                diagnostics.alert(location, message);
                conditionAborted = true;
                return true;
            }
            case ".warning" -> diagnostics.warning(location, message);
            case ".notice" -> diagnostics.notice(location, message);
            default -> {
                // .diag only prints in HAProxy's diagnostic mode (-dD)
            }
        }
        return false;
    }
}
