package dev.bascule.builtin.action;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.action.Action;
import dev.bascule.api.action.ActionContext;
import dev.bascule.api.action.ActionResult;
import dev.bascule.api.action.ActionSetup;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.action.UnexpectedWordException;

import java.util.List;
import java.util.Set;

/**
 * {@code http-request use-service <name>} (HAProxy's {@code stream_parse_use_service()}): the
 * request goes to one of the host's services ({@link ActionSetup#services()}, such as
 * {@code prometheus-exporter}), which answers it. Not final: HAProxy does not warn about rules
 * written after an unconditional one.
 */
final class UseServiceAction extends BuiltinAction {
    UseServiceAction() {
        super("use-service", false, false, Set.of(RuleSet.HTTP_REQUEST));
    }

    @Override
    public Action create(String written, List<String> arguments, ActionSetup setup)
            throws InvalidArgumentException {
        if (arguments.isEmpty()) {
            // HAProxy's message ends with its own dot, then the one the parser adds
            throw new InvalidArgumentException("'use-service' expects a service name..");
        }
        String service = arguments.get(0);
        if (!setup.services().contains(service)) {
            throw new InvalidArgumentException("'" + service + "' unknown service name..");
        }
        UnexpectedWordException.checkUsed(arguments, 1);
        return new Serve(service);
    }

    /** Hands each request to the service. */
    private record Serve(String service) implements Action {
        @Override
        public ActionResult apply(ActionContext context) {
            context.useService(service);
            return ActionResult.DONE;
        }
    }
}
