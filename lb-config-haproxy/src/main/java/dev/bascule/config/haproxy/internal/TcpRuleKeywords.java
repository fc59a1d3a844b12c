package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.Condition;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.config.TcpAction;
import dev.bascule.api.config.TcpRule;
import dev.bascule.api.sample.Phase;

import java.util.List;
import java.util.Optional;

/** {@code tcp-request} and {@code tcp-response}: the rules of a stream before (or without) HTTP. */
final class TcpRuleKeywords {
    private final Conditions conditions;
    private final RuleActions actions;

    TcpRuleKeywords(Conditions conditions, RuleActions actions) {
        this.conditions = conditions;
        this.actions = actions;
    }

    void register(ProxyKeywordTable table) {
        table.register("tcp-request", this::parseTcpRequest);
        table.register("tcp-response", this::parseTcpResponse);
    }

    /**
     * {@code tcp-request inspect-delay|connection|session|content} (HAProxy's
     * {@code tcp_parse_tcp_req()}).
     */
    private void parseTcpRequest(ProxyLine line) {
        ProxySection section = line.section;
        String stage = line.word(1);
        boolean defaults = section.kind == ProxySection.Kind.DEFAULTS;
        if (stage.isEmpty()) {
            line.alert(defaults ? "missing argument for 'tcp-request' in defaults section"
                    : "missing argument for 'tcp-request' in " + section.describe());
            return;
        }
        if (stage.equals("inspect-delay")) {
            if (defaults && section.name.isEmpty()) {
                line.alert("tcp-request inspect-delay is not allowed in anonymous 'defaults' sections");
                return;
            }
            long delay = inspectDelay(line, "tcp-request");
            if (delay < 0) {
                return;
            }
            if (section.tcpInspectDelay != 0) {
                line.warning("ignoring tcp-request inspect-delay (was already defined) in "
                        + section.describe());
                return;
            }
            section.tcpInspectDelay = delay;
            return;
        }
        List<TcpRule> rules;
        Phase phase;
        switch (stage) {
            case "content" -> {
                rules = section.tcpContentRules;
                // in HTTP mode the request is parsed when the content rules run
                phase = section.mode == ProxyMode.HTTP ? Phase.HTTP_REQUEST : Phase.TCP_CONTENT;
            }
            case "connection", "session" -> {
                if (!section.kind.frontend) {
                    line.alert("tcp-request " + stage + " is not allowed because " + section.kind.typeName() + " "
                            + section.name + " is not a frontend");
                    return;
                }
                rules = stage.equals("connection") ? section.tcpConnectionRules : section.tcpSessionRules;
                phase = Phase.TCP_CONNECTION;
            }
            default -> {
                line.alert("'tcp-request' expects 'inspect-delay', 'connection', or 'content' in "
                        + (defaults ? "defaults section" : section.describe()) + " (got '" + stage + "')");
                return;
            }
        }
        parseTcpRule(line, rules, phase, "'accept', 'reject', 'capture', 'expect-proxy',"
                + " 'expect-netscaler-cip', 'track-sc0' ... 'track-sc2', 'set-log-level', 'set-nice', 'switch-mode',"
                + " 'use-service', 'sc-inc-gpc(*)', 'sc-inc-gpc0(*)', 'sc-inc-gpc1(*)', 'sc-set-gpt(*)', 'sc-set-gpt0(*)',"
                + " 'send-spoe-group', 'do-resolve(*)', 'set-var-fmt(*)', 'set-var(*)', 'unset-var(*)', 'set-src',"
                + " 'set-src-port', 'set-dst', 'set-dst-port', 'set-mark', 'set-tos', 'silent-drop',"
                + " 'set-priority-class', 'set-priority-offset'");
    }

    /** {@code tcp-response inspect-delay|content} (HAProxy's {@code tcp_parse_tcp_rep()}). */
    private void parseTcpResponse(ProxyLine line) {
        ProxySection section = line.section;
        String stage = line.word(1);
        if (stage.isEmpty()) {
            line.alert("missing argument for 'tcp-response' in " + section.describe());
            return;
        }
        boolean anonymous = section.kind == ProxySection.Kind.DEFAULTS && section.name.isEmpty();
        if (stage.equals("inspect-delay") || stage.equals("content")) {
            if (anonymous || !section.kind.backend) {
                line.alert("tcp-response " + stage + " is only allowed in 'backend' sections or 'defaults' section"
                        + " with a name");
                return;
            }
        }
        if (stage.equals("inspect-delay")) {
            long delay = inspectDelay(line, "tcp-response");
            if (delay < 0) {
                return;
            }
            if (section.tcpResponseInspectDelay != 0) {
                line.warning("ignoring tcp-response inspect-delay (was already defined) in "
                        + section.describe());
                return;
            }
            section.tcpResponseInspectDelay = delay;
            return;
        }
        if (!stage.equals("content")) {
            line.alert("'tcp-response' expects 'inspect-delay' or 'content' in " + section.describe() + " (got '"
                    + stage + "')");
            return;
        }
        parseTcpRule(line, section.tcpResponseRules, Phase.TCP_CONTENT,
                "'accept', 'close', 'reject', 'set-log-level', 'set-nice', 'sc-inc-gpc(*)', 'sc-inc-gpc0(*)',"
                + " 'sc-inc-gpc1(*)', 'sc-set-gpt(*)', 'sc-set-gpt0(*)', 'send-spoe-group', 'set-var-fmt(*)',"
                + " 'set-var(*)', 'unset-var(*)', 'set-mark', 'set-tos', 'silent-drop'");
    }

    /** The value of an {@code inspect-delay}, or -1 after an alert. */
    private long inspectDelay(ProxyLine line, String keyword) {
        String value = line.word(2);
        String error = "'" + keyword + " inspect-delay' expects a positive delay in milliseconds, in "
                + line.section.describe();
        if (value.isEmpty()) {
            line.alert(error);
            return -1;
        }
        TimeValue parsed = TimeValue.parseMillis(value);
        if (parsed instanceof TimeValue.Overflow) {
            line.alert(error + " (timer overflow in '" + value + "', maximum value is 2147483647 ms or ~24.8 days)");
            return -1;
        }
        if (parsed instanceof TimeValue.Underflow) {
            line.alert(error + " (timer underflow in '" + value + "', minimum non-null value is 1 ms)");
            return -1;
        }
        if (parsed instanceof TimeValue.UnexpectedCharacter unexpected) {
            line.alert(error + " (unexpected character '" + unexpected.character() + "')");
            return -1;
        }
        TimeValue.Valid valid = (TimeValue.Valid) parsed;
        // after a valid unit ('2s['), HAProxy 2.6 warns and keeps the value
        valid.trailingCharacter().ifPresent(character -> line.warningWithoutLocation(
                TimeValue.trailingCharacterWarning(character, value)));
        return valid.millis();
    }

    /**
     * The action and condition of a {@code tcp-request} or {@code tcp-response} rule (HAProxy's
     * {@code tcp_parse_request_rule()} / {@code tcp_parse_response_rule()}), from word 2.
     */
    private void parseTcpRule(ProxyLine line, List<TcpRule> rules, Phase phase, String expected) {
        ProxySection section = line.section;
        String rule = line.keyword() + " " + line.word(1);
        if (section.kind == ProxySection.Kind.DEFAULTS) {
            if (section.name.isEmpty()) {
                line.alert(rule + " is not allowed in anonymous 'defaults' sections");
                return;
            }
            section.carriesRules = true;
        }
        // HAProxy does not warn about tcp rules after a final one
        String action = line.word(2);
        TcpAction parsed;
        int next;
        Optional<PluginActions.Parsed> served;
        if ((served = actions.served().parse(line, 2, PluginActions.tcpRuleSet(line), phase,
                "'" + rule + " " + action + "' : ", word -> "'" + rule + " " + action
                        + "' only accepts 'if' or 'unless', in " + section.describe() + " (got '" + word + "')"))
                == null || served.isPresent()) {
            if (served == null) {
                return;
            }
            parsed = served.get().call();
            next = served.get().next();
        } else if (HaproxyKeywords.TCP_ACTIONS.contains(action.replaceFirst("\\(.*", "(*)"))) {
            line.alert("'" + rule + " " + action + "' is not implemented yet by Bascule");
            return;
        } else {
            line.alert("'" + rule + "' expects " + expected + " in " + section.describe() + " (got '" + action
                    + "').");
            return;
        }
        String after = line.word(next);
        Optional<Condition> condition = Optional.empty();
        if (after.equals("if") || after.equals("unless")) {
            ConditionResult result = conditions.condition(line, next, "'" + rule + " " + action
                    + "' : error detected in " + section.describe() + " while parsing '" + after + "' condition : ", "");
            if (!result.ok()) {
                return;
            }
            condition = result.condition();
            condition.ifPresent(written -> conditions.warnIfNeverMatches(line, written, phase,
                    section.kind.typeName() + " " + rule + " rule"));
        } else if (!after.isEmpty()) {
            line.alert("'" + rule + " " + action + "' only accepts 'if' or 'unless', in " + section.describe()
                    + " (got '" + after + "')");
            return;
        }
        rules.add(new TcpRule(parsed, condition, line.location));
    }
}
