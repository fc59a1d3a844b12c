package dev.bascule.builtin.action;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.action.Action;
import dev.bascule.api.action.ActionResult;
import dev.bascule.api.action.ActionSetup;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.action.UnexpectedWordException;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleType;

import java.util.EnumSet;
import java.util.List;

/**
 * {@code http-request set-src <expr>} and {@code set-dst <expr>} (HAProxy's
 * {@code parse_set_src_dst()}): the address the connection is seen from or to becomes the
 * expression's, when it gives one.
 */
final class AddressActions extends BuiltinAction {
    private final boolean source;

    AddressActions(boolean source) {
        super(source ? "set-src" : "set-dst", false, false, EnumSet.of(RuleSet.HTTP_REQUEST));
        this.source = source;
    }

    @Override
    public Action create(String written, List<String> arguments, ActionSetup setup)
            throws InvalidArgumentException {
        if (arguments.isEmpty()) {
            throw new InvalidArgumentException("expects exactly 1 argument.");
        }
        SampleFetch fetch = setup.expression(arguments.get(0));
        UnexpectedWordException.checkUsed(arguments, 1);
        boolean sets = source;
        return context -> {
            Sample sample = context.sample().reset(false);
            if (fetch.fetch(context.traffic(), sample) && sample.castTo(SampleType.ADDRESS)) {
                if (sets) {
                    context.setSource(sample.address());
                } else {
                    context.setDestination(sample.address());
                }
            }
            return ActionResult.CONTINUE;
        };
    }
}
