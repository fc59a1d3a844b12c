package dev.bascule.builtin.action;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.action.Action;
import dev.bascule.api.action.ActionResult;
import dev.bascule.api.action.ActionSetup;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.action.UnexpectedWordException;

import java.util.EnumSet;
import java.util.List;

/**
 * {@code http-request wait-for-body time <time> [at-least <bytes>]} (HAProxy's
 * {@code parse_http_wait_for_body()}): the rules after it wait until the whole body is there, or
 * {@code at-least} of it, or a buffer's worth; after {@code time} the client gets a 408
 * ({@link dev.bascule.api.action.ActionContext#waitForBody}, {@link ActionResult#YIELD}).
 */
final class WaitForBodyAction extends BuiltinAction {
    WaitForBodyAction() {
        super("wait-for-body", false, false, EnumSet.of(RuleSet.HTTP_REQUEST));
    }
    private static final String USAGE = "expects time <time> [ at-least <bytes> ].";

    @Override
    public Action create(String written, List<String> arguments, ActionSetup setup) throws InvalidArgumentException {
        if (arguments.isEmpty()) {
            throw new InvalidArgumentException(USAGE);
        }
        long time = -1;
        long bytes = 0;
        int at = 0;
        while (at < arguments.size()) {
            String word = arguments.get(at);
            if (!word.equals("time") && !word.equals("at-least")) {
                break;
            }
            if (at + 1 >= arguments.size() || arguments.get(at + 1).isEmpty()) {
                throw new InvalidArgumentException("missing argument for '" + word + "'.");
            }
            if (word.equals("time")) {
                time = setup.timeMillis(arguments.get(at + 1));
            } else {
                bytes = setup.size(arguments.get(at + 1));
            }
            at += 2;
        }
        if (time < 0) {
            throw new InvalidArgumentException(USAGE);
        }
        UnexpectedWordException.checkUsed(arguments, at);
        long timeout = time;
        long atLeast = bytes;
        return context -> {
            context.waitForBody(timeout, atLeast);
            return ActionResult.YIELD;
        };
    }
}
