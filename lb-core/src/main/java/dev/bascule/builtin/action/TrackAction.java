package dev.bascule.builtin.action;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.action.Action;
import dev.bascule.api.action.ActionResult;
import dev.bascule.api.action.ActionSetup;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.action.StickCounter;
import dev.bascule.api.action.UnexpectedWordException;
import dev.bascule.api.loader.CText;
import dev.bascule.api.sample.Phase;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code track-sc0|1|2 <key> [table <table>]} in {@code http-request} and the
 * {@code tcp-request} rule sets (HAProxy's {@code parse_http_track_sc()} /
 * {@code tcp_parse_track_sc()}): the stream (the session in {@code tcp-request connection} and
 * {@code session}) tracks the entry of the key in the table, the proxy's own unless named; the
 * first rule to track a slot wins. The host resolves the table ({@link ActionSetup#stickCounter})
 * and tracks ({@link dev.bascule.api.action.ActionContext#track}).
 */
final class TrackAction extends BuiltinAction {
    TrackAction() {
        super("track-sc", true, false,
                EnumSet.of(RuleSet.HTTP_REQUEST, RuleSet.TCP_REQUEST_CONNECTION,
                        RuleSet.TCP_REQUEST_SESSION, RuleSet.TCP_REQUEST_CONTENT));
    }

    @Override
    public Action create(String written, List<String> arguments, ActionSetup setup) throws InvalidArgumentException {
        // HAProxy's http-request messages end with a full stop, its tcp-request ones do not
        boolean http = setup.ruleSet().http();
        String end = http ? "." : "";
        String number = written.substring("track-sc".length());
        long slot = CText.atol(number);
        if (number.isEmpty() || !number.chars().allMatch(Character::isDigit)) {
            throw new InvalidArgumentException("Wrong track-sc number '" + number + "'" + end);
        }
        if (slot > 2) {
            // haproxy 2.6.12's words
            throw new InvalidArgumentException(slot + " track-sc number exceeding 2 (MAX_SESS_STKCTR-1) value" + end);
        }
        if (arguments.isEmpty() || arguments.get(0).isEmpty()) {
            throw new InvalidArgumentException("missing fetch method" + end);
        }
        String text = arguments.get(0);
        Set<Phase> available = setup.fetchAvailability(text.replaceFirst("[(,].*", ""));
        if (!available.isEmpty() && !available.contains(setup.phase())) {
            throw new InvalidArgumentException("fetch method '" + text + "' extracts information from '"
                    + (available.contains(Phase.HTTP_REQUEST) ? "HTTP request headers" : "HTTP response headers")
                    + "', none of which is available here" + end);
        }
        SampleFetch key;
        try {
            key = setup.expression(text);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException(e.getMessage() + end);
        }
        String table = null;
        int used = 1;
        if (arguments.size() > 1 && arguments.get(1).equals("table")) {
            String name = arguments.size() > 2 ? arguments.get(2) : "";
            if (name.isEmpty() && http) {
                throw new InvalidArgumentException("missing table name" + end);
            }
            // tcp-request takes a missing name as '', which no table has
            table = name;
            used += name.isEmpty() ? 1 : 2;
        }
        UnexpectedWordException.checkUsed(arguments, used);
        StickCounter counter = setup.stickCounter((int) slot, table);
        return context -> {
            if (!context.isTracking(counter)) {
                Sample sample = context.sample().reset(false);
                if (key.fetch(context.traffic(), sample)) {
                    context.track(counter, sample);
                }
            }
            return ActionResult.CONTINUE;
        };
    }
}
