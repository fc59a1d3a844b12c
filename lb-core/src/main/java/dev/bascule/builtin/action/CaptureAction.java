package dev.bascule.builtin.action;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.action.Action;
import dev.bascule.api.action.ActionResult;
import dev.bascule.api.action.ActionSetup;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.action.UnexpectedWordException;
import dev.bascule.api.loader.CText;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;

import java.util.EnumSet;
import java.util.List;

/**
 * {@code http-request capture <expr> len <length> | id <idx>} and
 * {@code http-response|http-after-response capture <expr> id <idx>} (HAProxy's
 * {@code parse_http_req_capture()} / {@code parse_http_res_capture()}): the expression's sample,
 * as text cut to the slot's length, goes into a capture slot of the frontend. A {@code len}
 * declares a new request slot ({@link ActionSetup#declareCapture}); an {@code id} names one the
 * frontend declares, which the host checks once the proxy is read.
 */
final class CaptureAction extends BuiltinAction {
    CaptureAction() {
        super("capture", false, false,
                EnumSet.of(RuleSet.HTTP_REQUEST, RuleSet.HTTP_RESPONSE, RuleSet.HTTP_AFTER_RESPONSE));
    }

    @Override
    public Action create(String written, List<String> arguments, ActionSetup setup) throws InvalidArgumentException {
        boolean request = setup.ruleSet() == RuleSet.HTTP_REQUEST;
        if (arguments.size() < 3) {
            throw new InvalidArgumentException(request ? "expects <expression> [ 'len' <length> | id <idx> ]."
                    : "expects <expression> id <idx>.");
        }
        SampleFetch expression = setup.expression(arguments.get(0));
        String kind = arguments.get(1);
        String value = arguments.get(2);
        int slot;
        if (request && kind.equals("len")) {
            // the host checks the proxy's frontend capability, then the length, in HAProxy's order
            slot = setup.declareCapture(CText.atoi(value));
        } else if (kind.equals("id")) {
            int id;
            try {
                id = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                id = -1;
            }
            if (id < 0) {
                throw new InvalidArgumentException("cannot parse id '" + value + "'.");
            }
            slot = setup.captureSlot(id);
        } else {
            throw new InvalidArgumentException(request ? "expects 'len' or 'id', found '" + kind + "'."
                    : "expects 'id', found '" + kind + "'.");
        }
        UnexpectedWordException.checkUsed(arguments, 3);
        return context -> {
            Sample sample = context.sample().reset(false);
            if (expression.fetch(context.traffic(), sample)) {
                context.capture(slot, sample);
            }
            return ActionResult.CONTINUE;
        };
    }
}
