package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.HttpResponseAction;
import dev.bascule.api.config.HttpResponseRule;
import dev.bascule.api.config.HttpRequestAction;
import dev.bascule.api.config.HttpRequestRule;
import dev.bascule.api.config.WaitForBody;
import dev.bascule.api.sample.Phase;

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
        HttpRequestAction parsed;
        int next;
        switch (action) {
            case "wait-for-body" -> {
                WaitForBodyResult wait = parseWaitForBody(line, owner);
                if (wait == null) {
                    return;
                }
                parsed = wait.action();
                next = wait.next();
            }
            default -> {
                if (action.startsWith("track-sc")) {
                    RuleActions.TrackResult track = actions.parseTrack(line, 2, action, Phase.HTTP_REQUEST, owner,
                            ".");
                    if (track == null) {
                        return;
                    }
                    parsed = track.track();
                    next = track.next();
                    break;
                }
                Optional<PluginActions.Parsed> plugin = actions.served().parse(line, 1,
                        dev.bascule.api.action.RuleSet.HTTP_REQUEST, Phase.HTTP_REQUEST, owner,
                        word -> unexpected(rule, word));
                if (plugin == null) {
                    return;
                }
                if (plugin.isEmpty()) {
                    unknownHttpRequestAction(line, action);
                    return;
                }
                parsed = plugin.get().call();
                next = plugin.get().next();
            }
        }
        ConditionResult condition = conditions.trailingCondition(line, next, rule);
        if (!condition.ok()) {
            return;
        }
        warnIfMisplacedHttpRequest(line);
        rules.add(new HttpRequestRule(parsed, condition.condition(), line.location));
    }

    /** A {@code wait-for-body} action and the index of the word after its last argument. */
    private record WaitForBodyResult(WaitForBody action, int next) {
    }

    /** {@code wait-for-body time T [at-least N]} (HAProxy's {@code parse_http_wait_for_body()}). */
    private WaitForBodyResult parseWaitForBody(ProxyLine line, String owner) {
        int at = 2;
        if (line.word(at).isEmpty()) {
            line.alert(owner + "expects time <time> [ at-least <bytes> ].");
            return null;
        }
        long time = -1;
        long bytes = 0;
        while (!line.word(at).isEmpty()) {
            String word = line.word(at);
            if (!word.equals("time") && !word.equals("at-least")) {
                break;
            }
            String value = line.word(at + 1);
            if (value.isEmpty()) {
                line.alert(owner + "missing argument for '" + word + "'.");
                return null;
            }
            if (word.equals("time")) {
                TimeValue parsed = TimeValue.parseMillis(value);
                if (parsed instanceof TimeValue.Overflow) {
                    line.alert(owner + "time overflow (maximum value is 2147483647 ms or ~24.8 days).");
                    return null;
                }
                if (parsed instanceof TimeValue.Underflow) {
                    line.alert(owner + "time underflow (minimum non-null value is 1 ms).");
                    return null;
                }
                if (parsed instanceof TimeValue.UnexpectedCharacter unexpected) {
                    line.alert(owner + "unexpected character '" + unexpected.character() + "'.");
                    return null;
                }
                TimeValue.Valid valid = (TimeValue.Valid) parsed;
                if (valid.trailingCharacter().isPresent()) {
                    line.alert(owner + "unexpected character '" + valid.trailingCharacter().get() + "'.");
                    return null;
                }
                time = valid.millis();
            } else {
                bytes = sizeValue(value);
                if (bytes < 0) {
                    line.alert(owner + "unexpected character '" + value.charAt((int) -bytes - 1) + "'.");
                    return null;
                }
            }
            at += 2;
        }
        if (time < 0) {
            line.alert(owner + "expects time <time> [ at-least <bytes> ].");
            return null;
        }
        return new WaitForBodyResult(new WaitForBody(time, bytes), at);
    }

    /**
     * HAProxy's {@code parse_size_err()}: digits and an optional k, m or g (powers of 1024); the
     * size, or -(position + 1) of the first character it cannot take.
     */
    static long sizeValue(String text) {
        long value = 0;
        int i = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            value = value * 10 + (text.charAt(i) - '0');
            if (value > 0xFFFFFFFFL) {
                return -(i + 1);
            }
            i++;
        }
        if (i == text.length()) {
            return value;
        }
        long unit = switch (text.charAt(i)) {
            case 'k', 'K' -> 1024L;
            case 'm', 'M' -> 1024L * 1024;
            case 'g', 'G' -> 1024L * 1024 * 1024;
            default -> 0;
        };
        if (unit == 0 || i + 1 != text.length()) {
            return -((unit == 0 ? i : i + 1) + 1);
        }
        return value * unit;
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
        return action instanceof dev.bascule.api.config.ActionCall call && actions.served().isFinal(call.keyword());
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
                dev.bascule.api.action.RuleSet.HTTP_REQUEST, Phase.HTTP_REQUEST, owner,
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
        List<String> escaped = new java.util.ArrayList<>(words);
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
                ? dev.bascule.api.action.RuleSet.HTTP_AFTER_RESPONSE
                : dev.bascule.api.action.RuleSet.HTTP_RESPONSE, Phase.HTTP_RESPONSE, owner,
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
        dev.bascule.api.config.ActionCall add = new dev.bascule.api.config.ActionCall("add-header",
                List.of(name, value.replace("%", "%%")));
        if (request) {
            section.legacyRequestAdds.add(new HttpRequestRule(add, condition.condition(), line.location));
        } else {
            section.legacyResponseAdds.add(new HttpResponseRule(add, condition.condition(), line.location));
        }
    }
}
