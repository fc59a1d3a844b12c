package dev.bascule.builtin.action;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.action.Action;
import dev.bascule.api.action.ActionResult;
import dev.bascule.api.action.ActionSetup;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.action.UnexpectedWordException;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The verdicts of the TCP rule sets (HAProxy's {@code tcp_rules.c}): {@code accept} ends the set
 * and lets the traffic go on, {@code reject} closes the connection (for {@code tcp-response
 * content}, the server's too), {@code tcp-response content close} closes the server connection,
 * what was relayed staying relayed.
 */
final class TcpActions extends BuiltinAction {
    private static final Set<RuleSet> TCP = EnumSet.of(RuleSet.TCP_REQUEST_CONNECTION, RuleSet.TCP_REQUEST_SESSION,
            RuleSet.TCP_REQUEST_CONTENT, RuleSet.TCP_RESPONSE_CONTENT);
    private static final Action ACCEPT = context -> ActionResult.STOP;
    private static final Action REJECT = context -> {
        // the status means nothing to a TCP rule set: the connection closes
        context.deny(403);
        return ActionResult.DENY;
    };
    private static final Action CLOSE = context -> {
        context.closeServer();
        return ActionResult.STOP;
    };

    /** {@code accept}, {@code reject} or {@code close}. */
    private final String verdict;

    TcpActions(String verdict) {
        super(verdict, false, true, verdict.equals("close") ? EnumSet.of(RuleSet.TCP_RESPONSE_CONTENT) : TCP);
        this.verdict = verdict;
    }

    @Override
    public Action create(String written, List<String> arguments, ActionSetup setup)
            throws InvalidArgumentException {
        UnexpectedWordException.checkUsed(arguments, 0);
        return switch (verdict) {
            case "accept" -> ACCEPT;
            case "reject" -> REJECT;
            default -> CLOSE;
        };
    }
}
