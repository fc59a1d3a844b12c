package dev.bascule.builtin.action;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.action.Action;
import dev.bascule.api.action.ActionResult;
import dev.bascule.api.action.ActionSetup;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.action.UnexpectedWordException;

import java.util.EnumSet;
import java.util.List;

/** {@code allow} and {@code set-log-level}: what a rule does to the rule set and the stream's log. */
final class FlowActions {
    /** HAProxy's log level names, {@code emerg} (0) to {@code debug} (7). */
    private static final List<String> LEVELS = List.of("emerg", "alert", "crit", "err", "warning", "notice", "info",
            "debug");

    private FlowActions() {
    }

    /** {@code allow}: the remaining rules of the set are skipped (HAProxy's {@code ACT_ACTION_ALLOW}). */
    static final class Allow extends BuiltinAction {
        Allow() {
            super("allow", false, true, HeaderActions.HTTP);
        }
        private static final Action STOP = context -> ActionResult.STOP;

        @Override
        public Action create(String written, List<String> arguments, ActionSetup setup)
                throws InvalidArgumentException {
            UnexpectedWordException.checkUsed(arguments, 0);
            return STOP;
        }
    }

    /** {@code set-log-level <level>|silent} (HAProxy's {@code parse_http_set_log_level()}). */
    static final class SetLogLevel extends BuiltinAction {
        SetLogLevel() {
            super("set-log-level", false, false,
                    EnumSet.of(RuleSet.HTTP_REQUEST, RuleSet.HTTP_RESPONSE,
                            RuleSet.TCP_REQUEST_CONTENT, RuleSet.TCP_RESPONSE_CONTENT));
        }

        @Override
        public Action create(String written, List<String> arguments, ActionSetup setup)
                throws InvalidArgumentException {
            String name = arguments.isEmpty() ? "" : arguments.get(0);
            int level = name.equals("silent") ? -1 : LEVELS.indexOf(name);
            if (level == -1 && !name.equals("silent")) {
                throw new InvalidArgumentException("expects exactly 1 argument (log level name or 'silent').");
            }
            UnexpectedWordException.checkUsed(arguments, 1);
            return context -> {
                context.setLogLevel(level);
                return ActionResult.CONTINUE;
            };
        }
    }
}
