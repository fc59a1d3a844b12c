package dev.bascule.builtin.action;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.action.Action;
import dev.bascule.api.action.ActionResult;
import dev.bascule.api.action.ActionSetup;
import dev.bascule.api.action.ParsedReply;
import dev.bascule.api.action.ReplyTemplate;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.action.UnexpectedWordException;
import dev.bascule.api.loader.CText;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code deny}, {@code tarpit}, {@code return} and {@code auth}: the actions that answer the client themselves
 * (HAProxy's {@code http_act.c}). Each owns its keyword's words; the reply arguments they share
 * ({@code status}, {@code content-type}, {@code string}, {@code errorfile}, {@code hdr}...) are the
 * host's grammar ({@link ActionSetup#httpReply}), as HAProxy's actions call
 * {@code http_parse_http_reply()}.
 */
final class ReplyActions {
    /** The statuses HAProxy has a built-in page for ({@code http_err_codes}): a legacy {@code deny_status}'s. */
    private static final Set<Integer> HTTP_ERROR_CODES = Set.of(200, 400, 401, 403, 404, 405, 407, 408, 410, 413,
            421, 422, 425, 429, 500, 501, 502, 503, 504);

    private ReplyActions() {
    }

    /**
     * {@code deny [deny_status N] [reply arguments]} in {@code http-request} (403 by default) and
     * {@code http-response} (502), HAProxy's {@code parse_http_deny()}: without reply arguments the
     * proxy's error reply for the status (the legacy form), else the reply they describe, with
     * {@code deny_status} read as {@code status}.
     */
    static final class Deny extends BuiltinAction {
        Deny() {
            super("deny", false, true, EnumSet.of(RuleSet.HTTP_REQUEST, RuleSet.HTTP_RESPONSE));
        }

        @Override
        public Action create(String written, List<String> arguments, ActionSetup setup)
                throws InvalidArgumentException {
            DenyReply parsed = DenyReply.parse(arguments, setup, setup.ruleSet() == RuleSet.HTTP_REQUEST ? 403 : 502);
            if (parsed.reply() == null) {
                int status = parsed.legacyStatus();
                return context -> {
                    context.deny(status);
                    return ActionResult.DENY;
                };
            }
            ReplyTemplate reply = parsed.reply();
            return context -> {
                context.deny(reply);
                return ActionResult.DENY;
            };
        }
    }

    /**
     * {@code http-request tarpit [deny_status N] [reply arguments]} (HAProxy's
     * {@code parse_http_deny()} with {@code ACT_HTTP_REQ_TARPIT}), 500 by default: a deny whose
     * reply waits for {@code timeout tarpit}.
     */
    static final class Tarpit extends BuiltinAction {
        Tarpit() {
            super("tarpit", false, true, EnumSet.of(RuleSet.HTTP_REQUEST));
        }

        @Override
        public Action create(String written, List<String> arguments, ActionSetup setup)
                throws InvalidArgumentException {
            DenyReply parsed = DenyReply.parse(arguments, setup, 500);
            ReplyTemplate reply = parsed.reply() != null ? parsed.reply()
                    : setup.httpReply(List.of("default-errorfiles"), 0, parsed.legacyStatus()).reply();
            return context -> {
                context.tarpit(reply);
                return ActionResult.DENY;
            };
        }
    }

    /**
     * What {@code deny} and {@code tarpit} answer: the proxy's reply for {@code legacyStatus} when
     * {@code reply} is null (no reply arguments), else {@code reply}.
     */
    private record DenyReply(int legacyStatus, @Nullable ReplyTemplate reply) {
        static DenyReply parse(List<String> arguments, ActionSetup setup, int defaultStatus)
                throws InvalidArgumentException {
            if (arguments.isEmpty()) {
                return new DenyReply(defaultStatus, null);
            }
            List<String> words = arguments;
            if (arguments.get(0).equals("deny_status")) {
                if (arguments.size() < 2) {
                    throw new InvalidArgumentException("'deny_status' expects a status code.");
                }
                long status = CText.atol(arguments.get(1));
                if (status < 200 || status > 599) {
                    throw new InvalidArgumentException("'status' expects a status code between 200 and 599.");
                }
                if (!HTTP_ERROR_CODES.contains((int) status)) {
                    throw new InvalidArgumentException("status code '" + status + "' not handled by default with"
                            + " 'default-errorfiles' argument.");
                }
                if (arguments.size() == 2) {
                    return new DenyReply((int) status, null);
                }
                // HAProxy skips "deny_" and reads the rest as an http reply
                words = new ArrayList<>(arguments);
                words.set(0, "status");
            }
            ParsedReply parsed = setup.httpReply(words, 0, defaultStatus);
            UnexpectedWordException.checkUsed(arguments, parsed.next());
            return new DenyReply(defaultStatus, parsed.reply());
        }
    }

    /**
     * {@code http-request return} and {@code http-response return} {@code [reply arguments]}
     * (HAProxy's {@code parse_http_return()}), 200 by default: the reply replaces the server's
     * response in the response rules.
     */
    static final class Return extends BuiltinAction {
        Return() {
            super("return", false, true, EnumSet.of(RuleSet.HTTP_REQUEST, RuleSet.HTTP_RESPONSE));
        }

        @Override
        public Action create(String written, List<String> arguments, ActionSetup setup)
                throws InvalidArgumentException {
            ParsedReply parsed = setup.httpReply(arguments, 0, 200);
            UnexpectedWordException.checkUsed(arguments, parsed.next());
            ReplyTemplate reply = parsed.reply();
            return context -> {
                context.reply(reply);
                return ActionResult.DONE;
            };
        }
    }

    /**
     * {@code http-request auth [realm <realm>]} (HAProxy's {@code parse_http_auth()}): the proxy's
     * reply for 401 with a {@code WWW-Authenticate: Basic} challenge for the realm, the name of the
     * proxy whose rules run when the line names none.
     */
    static final class Auth extends BuiltinAction {
        Auth() {
            super("auth", false, true, EnumSet.of(RuleSet.HTTP_REQUEST));
        }

        @Override
        public Action create(String written, List<String> arguments, ActionSetup setup)
                throws InvalidArgumentException {
            String realm = setup.proxy();
            int used = 0;
            if (!arguments.isEmpty() && arguments.get(0).equals("realm")) {
                if (arguments.size() < 2) {
                    throw new InvalidArgumentException("missing realm value.");
                }
                realm = arguments.get(1);
                used = 2;
            }
            UnexpectedWordException.checkUsed(arguments, used);
            ReplyTemplate reply = setup.httpReply(List.of("default-errorfiles"), 0, 401).reply()
                    .withHeader("www-authenticate", "Basic realm=\"" + realm + "\"");
            return context -> {
                context.reply(reply);
                return ActionResult.DONE;
            };
        }
    }
}
