package dev.bascule.config.haproxy.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A section's HTTP check ruleset, built as HAProxy 2.6 builds it ({@code tcpcheck_add_http_rule()},
 * {@code tcpcheck_overwrite_send_http_rule()}, {@code check_proxy_tcpcheck()}): the implicit send of
 * {@code option httpchk} merged with the first {@code http-check send}, the order of connect, send and
 * expect rules enforced, the implicit {@code expect status 200-399} after a last send. A section inherits
 * its defaults' ruleset until it writes an http-check rule or an {@code option httpchk} of its own, which
 * start its own.
 */
final class HttpCheckRuleset {
    /** One rule: its action, its step index, and its options in the {@code httpchk} plugin's words. */
    static final class Rule {
        final String action;
        int index;
        /** An implicit send from {@code option httpchk} ({@code TCPCHK_SND_HTTP_FROM_OPT}). */
        boolean fromOption;
        String method;
        String uri;
        /** Whether {@link #uri} is a log-format string ({@code uri-lf}). */
        boolean uriFormat;
        String version;
        String body;
        /** Whether {@link #body} is a log-format string ({@code body-lf}). */
        boolean bodyFormat;
        List<String[]> headers = new ArrayList<>();
        /** The options of a connect, expect or comment rule, and a send's comment. */
        final List<String> options = new ArrayList<>();

        Rule(String action) {
            this.action = action;
        }

        /** The rule as the plugin takes it: action, option count, then each option's name and value. */
        List<String> arguments() {
            List<String> all = new ArrayList<>();
            if (action.equals("send")) {
                add(all, "meth", method);
                add(all, uriFormat ? "uri-lf" : "uri", uri);
                add(all, "ver", version);
                for (String[] header : headers) {
                    all.addAll(List.of("hdr", header[0], "hdr-value", header[1]));
                }
                add(all, bodyFormat ? "body-lf" : "body", body);
            }
            all.addAll(options);
            List<String> rule = new ArrayList<>();
            rule.add(action);
            rule.add(Integer.toString(all.size() / 2));
            rule.addAll(all);
            return rule;
        }

        private static void add(List<String> all, String name, String value) {
            if (value != null) {
                all.add(name);
                all.add(value);
            }
        }
    }

    final List<Rule> rules = new ArrayList<>();

    /** The index a new rule takes: after the last one, unless that is the option's implicit send. */
    int nextIndex() {
        if (rules.isEmpty()) {
            return 0;
        }
        Rule last = rules.get(rules.size() - 1);
        return last.action.equals("send") && last.fromOption ? 0 : last.index + 1;
    }

    /**
     * {@code tcpcheck_add_http_rule()}: adds a rule to the ruleset of a section whose HTTP check is on;
     * returns HAProxy's complaint when the rule cannot follow the ones before it, else null.
     */
    String add(Rule rule) {
        if (rule.action.equals("send") && rule.fromOption) {
            Rule first = first();
            if (first != null && first.action.equals("connect")) {
                first = next(first);
            }
            if (first == null || !first.action.equals("send")) {
                rules.add(0, rule);
            } else if (first.fromOption) {
                rules.remove(first);
                rules.add(0, rule);
            } else {
                overwrite(first, rule);
            }
            return null;
        }
        Rule last = last();
        if (last == null || last.action.equals("send") && last.fromOption) {
            // no error
        } else if (!last.action.equals("connect") && rule.action.equals("send")) {
            return "unable to add http-check send rule at step " + (rule.index + 1) + " (missing connect rule).";
        } else if (!last.action.equals("send") && !last.action.equals("expect") && rule.action.equals("expect")) {
            return "unable to add http-check expect rule at step " + (rule.index + 1) + " (missing send rule).";
        } else if (!last.action.equals("expect") && rule.action.equals("connect")) {
            return "unable to add http-check connect rule at step " + (rule.index + 1) + " (missing expect rule).";
        }
        Rule added = rule;
        if (rule.action.equals("send")) {
            Rule first = first();
            if (first != null && first.action.equals("send") && first.fromOption) {
                overwrite(first, rule);
                rules.remove(first);
                first.fromOption = false;
                added = first;
            }
        }
        rules.add(added);
        return null;
    }

    /**
     * Whether a connect may be added: {@code parse_tcpcheck_connect()} wants every rule before it to be a
     * comment or the option's implicit send, up to a first connect.
     */
    boolean connectMayFollow() {
        for (Rule rule : rules) {
            if (rule.action.equals("connect")) {
                return true;
            }
            if (!passive(rule) && !(rule.action.equals("send") && rule.fromOption)) {
                return false;
            }
        }
        return true;
    }

    /** Appends a rule without checks: the section's HTTP check is not on (HAProxy's unused ruleset). */
    void append(Rule rule) {
        rules.add(rule);
    }

    /** {@code tcpcheck_overwrite_send_http_rule()}: what the new send sets replaces the old one's; headers always. */
    private static void overwrite(Rule old, Rule rule) {
        if (rule.method != null) {
            old.method = rule.method;
        }
        if (rule.uri != null) {
            old.uri = rule.uri;
            old.uriFormat = rule.uriFormat;
        }
        if (rule.version != null) {
            old.version = rule.version;
        }
        old.headers = new ArrayList<>(rule.headers);
        // where the formats come from, for their errors (HAProxy keeps no comment of the merged rule)
        int at = rule.options.indexOf("at");
        if (at >= 0 && at % 2 == 0) {
            int own = old.options.indexOf("at");
            if (own >= 0 && own % 2 == 0) {
                old.options.subList(own, own + 2).clear();
            }
            old.options.addAll(List.of("at", rule.options.get(at + 1)));
        }
        if (rule.body != null) {
            old.body = rule.body;
            old.bodyFormat = rule.bodyFormat;
        }
    }

    /** Whether the rule is a comment or an action keyword ({@code set-var}...), which the lookups skip. */
    static boolean passive(Rule rule) {
        return rule.action.equals("comment") || rule.action.endsWith("-var") || rule.action.equals("set-var-fmt");
    }

    /** The first rule other than a comment or an action ({@code get_first_tcpcheck_rule()}). */
    private Rule first() {
        for (Rule rule : rules) {
            if (!passive(rule)) {
                return rule;
            }
        }
        return null;
    }

    private Rule next(Rule start) {
        for (int i = rules.indexOf(start) + 1; i < rules.size(); i++) {
            if (!passive(rules.get(i))) {
                return rules.get(i);
            }
        }
        return null;
    }

    private Rule last() {
        for (int i = rules.size() - 1; i >= 0; i--) {
            if (!passive(rules.get(i))) {
                return rules.get(i);
            }
        }
        return null;
    }

    /**
     * {@code check_proxy_tcpcheck()} for an HTTP ruleset: the option's send moved after a first connect,
     * the implicit expect added after a last send; the rules in the plugin's words.
     */
    List<String> arguments() {
        List<Rule> finished = new ArrayList<>(rules);
        Rule first = null;
        for (Rule rule : finished) {
            if (!passive(rule)) {
                first = rule;
                break;
            }
        }
        if (first != null && first.action.equals("send") && first.fromOption) {
            int at = finished.indexOf(first);
            Rule next = null;
            for (int i = at + 1; i < finished.size(); i++) {
                if (!passive(finished.get(i))) {
                    next = finished.get(i);
                    break;
                }
            }
            if (next != null && next.action.equals("connect")) {
                finished.remove(first);
                finished.add(finished.indexOf(next) + 1, first);
            }
        }
        Rule last = null;
        for (int i = finished.size() - 1; i >= 0; i--) {
            if (!passive(finished.get(i))) {
                last = finished.get(i);
                break;
            }
        }
        List<String> arguments = new ArrayList<>();
        finished.forEach(rule -> arguments.addAll(rule.arguments()));
        if (last != null && last.action.equals("send")) {
            arguments.addAll(List.of("expect", "2", "match", "status", "pattern", "200-399"));
        }
        return arguments;
    }

    HttpCheckRuleset copy() {
        HttpCheckRuleset copy = new HttpCheckRuleset();
        copy.rules.addAll(rules);
        return copy;
    }
}
