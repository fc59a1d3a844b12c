package dev.bascule.config.haproxy.internal;

import dev.bascule.api.action.RuleSet;
import dev.bascule.api.config.ActionCall;
import dev.bascule.api.config.HttpRequestAction;
import dev.bascule.api.config.HttpRequestRule;
import dev.bascule.api.config.HttpResponseAction;
import dev.bascule.api.config.HttpResponseRule;
import dev.bascule.api.sample.Phase;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The HTTP rules: {@code http-request}, {@code http-response}, {@code http-after-response},
 * {@code redirect}, and the removed {@code reqadd} and {@code rspadd}.
 */
final class HttpRuleKeywords {
    private final Conditions conditions;
    private final RuleActions actions;

    HttpRuleKeywords(Conditions conditions, RuleActions actions) {
        this.conditions = conditions;
        this.actions = actions;
    }

    void register(ProxyKeywordTable table) {
        table.register("http-request", this::parseHttpRequest);
        table.register("http-response", this::parseHttpResponse);
        table.register("http-after-response", this::parseHttpResponse);
        table.register("redirect", this::parseRedirect);
        table.register("reqadd", line -> parseLegacyAdd(line, true));
        table.register("rspadd", line -> parseLegacyAdd(line, false));
    }

    /** HAProxy's {@code warnif_misplaced_http_req()}: an http-request rule after a redirect or use_backend rule. */
    private void warnIfMisplacedHttpRequest(ProxyLine line) {
        if (!line.section.redirectRules.isEmpty()) {
            line.warning("a '" + line.keyword() + "' rule placed after a 'redirect' rule will"
                    + " still be processed before.");
        } else {
            warnIfMisplacedRedirect(line);
        }
    }

    /** HAProxy's {@code warnif_misplaced_redirect()}. */
    private void warnIfMisplacedRedirect(ProxyLine line) {
        if (!line.section.useBackendRules.isEmpty()) {
            line.warning("a '" + line.keyword() + "' rule placed after a 'use_backend' rule will"
                    + " still be processed before.");
        }
    }

    private void parseHttpRequest(ProxyLine line) {
        ProxySection section = line.section;
        if (!rulesAllowedIn(line)) {
            return;
        }
        List<HttpRequestRule> rules = section.httpRequestRules;
        if (!rules.isEmpty()) {
            HttpRequestRule last = rules.get(rules.size() - 1);
            warnIfAfterFinal(line, last.condition().isEmpty() && isFinal(last.action()));
        }
        String action = line.word(1);
        String rule = "http-request " + action;
        String owner = "error detected in " + section.describe() + " while parsing '" + rule + "' rule : ";
        Optional<PluginActions.Parsed> plugin = actions.served().parse(line, 1,
                RuleSet.HTTP_REQUEST, Phase.HTTP_REQUEST, owner,
                word -> unexpected(rule, word));
        if (plugin == null) {
            return;
        }
        if (plugin.isEmpty()) {
            unknownHttpRequestAction(line, action);
            return;
        }
        HttpRequestAction parsed = plugin.get().call();
        int next = plugin.get().next();
        ConditionResult condition = conditions.trailingCondition(line, next, rule);
        if (!condition.ok()) {
            return;
        }
        warnIfMisplacedHttpRequest(line);
        rules.add(new HttpRequestRule(parsed, condition.condition(), line.location));
    }

    /** HTTP rules are not taken in defaults sections: HAProxy's alert in an anonymous one. */
    private boolean rulesAllowedIn(ProxyLine line) {
        ProxySection section = line.section;
        if (section.kind != ProxySection.Kind.DEFAULTS) {
            return true;
        }
        if (section.name.isEmpty()) {
            line.alert("'" + line.keyword() + "' not allowed in anonymous 'defaults' section.");
            return false;
        }
        if (line.keyword().equals("http-request") || line.keyword().equals("http-response")
                || line.keyword().equals("http-after-response")) {
            section.carriesRules = true;
            return true;
        }
        line.alert("'" + line.keyword() + "' rules in 'defaults' sections are not implemented yet by Bascule");
        return false;
    }

    /** HAProxy's warning for a rule written after a final one without condition. */
    /** HAProxy's words for a word left over after an action's own (as {@link Conditions#trailingCondition} says them). */
    private static String unexpected(String rule, String word) {
        return "'" + rule + "' expects either 'if' or 'unless' followed by a condition but found '" + word + "'.";
    }

    private void warnIfAfterFinal(ProxyLine line, boolean previousIsFinal) {
        if (previousIsFinal) {
            line.warning("previous '" + line.keyword() + "' action is final and has no"
                    + " condition attached, further entries are NOOP.");
        }
    }

    private boolean isFinal(Object action) {
        return action instanceof ActionCall call && actions.served().isFinal(call.keyword());
    }

    private void unknownHttpRequestAction(ProxyLine line, String action) {
        Optional<String> known = HaproxyKeywords.httpRequestAction(action);
        if (known.isPresent()) {
            line.notImplemented("http-request " + known.get());
            return;
        }
        Optional<String> best = DidYouMean.bestMatch(action, HaproxyKeywords.HTTP_REQUEST_ACTION_NAMES,
                name -> HaproxyKeywords.HTTP_REQUEST_ACTIONS.contains(name + "(*)"));
        String expected = HaproxyKeywords.HTTP_REQUEST_ACTIONS.stream().map(name -> "'" + name + "'")
                .collect(Collectors.joining(", "));
        line.alert("'http-request' expects " + expected + ", but got '" + action + "'"
                + (action.isEmpty() ? " (missing argument)" : "") + "."
                + best.map(match -> " Did you mean '" + match + "' maybe ?").orElse(""));
    }

    private void parseRedirect(ProxyLine line) {
        ProxySection section = line.section;
        if (section.kind == ProxySection.Kind.DEFAULTS) {
            line.alert("'redirect' not allowed in 'defaults' section.");
            return;
        }
        String owner = "error detected in " + section.kind.typeName() + " '" + section.name
                + "' while parsing redirect rule : ";
        // the redirect action, its target plain text as HAProxy reads a redirect line's
        Optional<PluginActions.Parsed> redirect = actions.served().parse(line, 0,
                RuleSet.HTTP_REQUEST, Phase.HTTP_REQUEST, owner,
                word -> owner + "unexpected '" + word + "'.", HttpRuleKeywords::plainTarget);
        if (redirect == null) {
            return;
        }
        if (redirect.isEmpty()) {
            line.notImplemented("redirect");
            return;
        }
        ConditionResult condition = ConditionResult.NONE;
        if (!line.word(redirect.get().next()).isEmpty()) {
            condition = conditions.condition(line, redirect.get().next(), owner + "error in condition: ");
            if (!condition.ok()) {
                return;
            }
        }
        section.redirectRules.add(new HttpRequestRule(redirect.get().call(), condition.condition(), line.location));
        warnIfMisplacedRedirect(line);
    }

    /**
     * A {@code redirect} line's words with the target ({@code location}, {@code prefix},
     * {@code scheme}) escaped: the action reads a target with a {@code %} as a log-format string,
     * HAProxy reads a redirect line's as it is.
     */
    private static List<String> plainTarget(List<String> words) {
        List<String> escaped = new ArrayList<>(words);
        int i = 0;
        while (i < escaped.size()) {
            switch (escaped.get(i)) {
                case "location", "prefix", "scheme" -> {
                    if (i + 1 < escaped.size()) {
                        escaped.set(i + 1, escaped.get(i + 1).replace("%", "%%"));
                    }
                    i += 2;
                }
                case "set-cookie", "clear-cookie", "code" -> i += 2;
                default -> i++;
            }
        }
        return escaped;
    }

    private void parseHttpResponse(ProxyLine line) {
        ProxySection section = line.section;
        if (!rulesAllowedIn(line)) {
            return;
        }
        boolean after = line.keyword().equals("http-after-response");
        List<HttpResponseRule> rules = after ? section.afterResponseRules : section.httpResponseRules;
        if (!rules.isEmpty()) {
            HttpResponseRule last = rules.get(rules.size() - 1);
            warnIfAfterFinal(line, last.condition().isEmpty() && isFinal(last.action()));
        }
        String action = line.word(1);
        if (after && (action.equals("deny") || action.equals("redirect") || action.equals("set-log-level"))) {
            line.alert("'http-after-response' expects 'add-header', 'allow', 'capture', 'del-header',"
                    + " 'replace-header', 'replace-value', 'set-header', 'set-status', 'strict-mode', 'set-var-fmt(*)',"
                    + " 'set-var(*)', 'unset-var(*)', but got '" + action + "'.");
            return;
        }
        String rule = line.keyword() + " " + action;
        String owner = "error detected in " + section.describe() + " while parsing '" + rule + "' rule : ";
        Optional<PluginActions.Parsed> plugin = actions.served().parse(line, 1, after
                ? RuleSet.HTTP_AFTER_RESPONSE
                : RuleSet.HTTP_RESPONSE, Phase.HTTP_RESPONSE, owner,
                word -> unexpected(rule, word));
        if (plugin == null) {
            return;
        }
        if (plugin.isEmpty()) {
            if (action.isEmpty()) {
                line.alert("'http-response' expects an action (missing argument).");
            } else {
                line.alert("'" + line.keyword() + " " + action + "' is not implemented yet by Bascule");
            }
            return;
        }
        HttpResponseAction parsed = plugin.get().call();
        int next = plugin.get().next();
        ConditionResult condition = conditions.trailingCondition(line, next, rule);
        if (!condition.ok()) {
            return;
        }
        condition.condition().ifPresent(written -> conditions.warnIfNeverMatches(line, written, Phase.HTTP_RESPONSE,
                section.kind.typeName() + (after ? " http-after-response" : " http-response header") + " rule"));
        rules.add(new HttpResponseRule(parsed, condition.condition(), line.location));
    }

    /**
     * {@code reqadd} and {@code rspadd}, which HAProxy 2.1 removed: accepted with a warning naming
     * their modern form, and run as it would, after the other rules of their direction.
     */
    private void parseLegacyAdd(ProxyLine line, boolean request) {
        ProxySection section = line.section;
        String keyword = line.keyword();
        String modern = request ? "http-request add-header" : "http-response add-header";
        if (section.kind == ProxySection.Kind.DEFAULTS) {
            line.alert("'" + keyword + "' not allowed in 'defaults' section.");
            return;
        }
        String text = line.word(1);
        if (text.isEmpty()) {
            line.alert("'" + keyword + "' expects <header> as an argument.");
            return;
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            line.alert("'" + keyword + " " + text + "' : a header line 'Name: value' is expected.");
            return;
        }
        String name = text.substring(0, colon).strip();
        String value = text.substring(colon + 1).strip();
        ConditionResult condition = ConditionResult.NONE;
        String next = line.word(2);
        if (next.equals("if") || next.equals("unless")) {
            condition = conditions.condition(line, 2, "error detected while parsing a '" + keyword + "' condition : ");
            if (!condition.ok()) {
                return;
            }
        } else if (!next.isEmpty()) {
            line.alert("'" + keyword + "' : expects 'if' or 'unless' after the header, found '" + next + "'.");
            return;
        }
        line.warning("The '" + keyword + "' directive is not supported anymore since HAProxy 2.1;"
                + " Bascule runs it as '" + modern + " " + name + " " + value + "'. Use '" + modern
                + "' instead.");
        // the legacy value is plain text: its '%' are not log-format
        ActionCall add = new ActionCall("add-header",
                List.of(name, value.replace("%", "%%")));
        if (request) {
            section.legacyRequestAdds.add(new HttpRequestRule(add, condition.condition(), line.location));
        } else {
            section.legacyResponseAdds.add(new HttpResponseRule(add, condition.condition(), line.location));
        }
    }
}
