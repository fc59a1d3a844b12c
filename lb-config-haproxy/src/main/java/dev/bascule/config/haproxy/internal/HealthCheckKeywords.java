package dev.bascule.config.haproxy.internal;

import java.util.List;

/** Health checks: {@code option httpchk}, {@code option log-health-checks} and {@code http-check}. */
final class HealthCheckKeywords {
    private HealthCheckKeywords() {
    }

    static void register(ProxyKeywordTable table) {
        table.register("http-check", ProxyKeywordTable.SectionRule.BACKEND, HealthCheckKeywords::parseHttpCheck);
    }

    /** {@code option httpchk [<method>] [<uri>] [<version>]} (or {@code [<uri>]} alone). */
    static void parseHttpchk(ProxyLine line, String modifier) {
        if (!line.requireBackendOption()) {
            return;
        }
        ProxySection section = line.section;
        if (modifier.equals("no ")) {
            section.httpCheckRequest = null;
            return;
        }
        if (modifier.equals("default ")) {
            line.alert("'default option httpchk' is not implemented yet by Bascule");
            return;
        }
        if (!line.word(5).isEmpty()) {
            line.alert("'option httpchk' cannot handle unexpected argument '" + line.word(5) + "'.");
            return;
        }
        HttpCheckRuleset.Rule request = HttpCheckRules.optionRequest(line);
        if (request == null) {
            dropRuleset(section);
            return;
        }
        if (!section.httpCheckRulesOwn) {
            section.httpCheckRules = new HttpCheckRuleset();
            section.httpCheckRulesOwn = true;
        }
        section.httpCheckRules.add(request);
        // rules->flags &= ~TCPCHK_RULES_UNUSED_RS: the section's rules are used now
        section.httpCheckRulesWarning = false;
        section.httpCheckRequest = List.of();
        section.httpCheckLocation = line.location;
        section.tcpCheck = false;
        section.protocolCheck = null;
    }

    /** {@code [no] option log-health-checks}: each change of a check's result is logged (HAProxy's PR_O2_LOGHCHKS). */
    static void parseLogHealthChecks(ProxyLine line, String modifier) {
        if (!line.section.hasBackend()) {
            // HAProxy's warnifnotcap(): a warning, the line ignored
            line.warning("'log-health-checks' ignored because " + line.section.describe()
                    + " has no backend capability.");
            return;
        }
        if (!line.word(2).isEmpty()) {
            line.alert("'option log-health-checks' cannot handle unexpected argument '" + line.word(2) + "'.");
            return;
        }
        line.section.logHealthChecks = switch (modifier) {
            case "no " -> false;
            case "default " -> line.section.parent != null && line.section.parent.logHealthChecks;
            default -> true;
        };
    }

    /**
     * {@code http-check <action>} ({@code proxy_parse_httpcheck()}): {@code disable-on-404} and
     * {@code send-state} are proxy options; {@code connect}, {@code send}, {@code expect} and
     * {@code comment} are rules of the section's HTTP ruleset ({@link HttpCheckRuleset}).
     */
    private static void parseHttpCheck(ProxyLine line) {
        String action = line.word(1);
        HttpCheckRuleset.Rule rule;
        switch (action) {
            case "disable-on-404" -> {
                parseDisableOn404(line);
                return;
            }
            case "send-state" -> {
                if (!line.word(2).isEmpty()) {
                    line.alert("'http-check' cannot handle unexpected argument '" + line.word(2) + "'.");
                    return;
                }
                // PR_O2_CHK_SNDST: a proxy option, inherited from defaults
                line.section.httpCheckSendState = true;
                return;
            }
            case "connect" -> {
                List<String> connect = TcpCheckKeywords.connect(line);
                if (connect == null) {
                    return;
                }
                rule = new HttpCheckRuleset.Rule("connect");
                rule.options.addAll(connect.subList(2, connect.size()));
            }
            case "send" -> rule = HttpCheckRules.send(line);
            case "expect" -> rule = HttpCheckRules.expect(line);
            case "comment" -> rule = HttpCheckRules.comment(line);
            default -> {
                if (action.startsWith("set-var-fmt(") || action.startsWith("set-var(")
                        || action.startsWith("unset-var(")) {
                    rule = HttpCheckRules.variable(line);
                    if (rule == null) {
                        dropRuleset(line.section);
                        return;
                    }
                    break;
                }
                line.alert("'http-check' only supports 'disable-on-404', 'send-state', 'comment', 'connect',"
                        + " 'send', 'expect', 'set-var-fmt(*)', 'set-var(*)', 'unset-var(*)'. but got '" + action + "'");
                return;
            }
        }
        String kind = rule == null ? action : rule.action;
        if (rule != null && (kind.startsWith("set-var") || rule.options.contains("status-code")
                || String.join(" ", line.args).indexOf('%') >= 0)) {
            // the host compiles the rule's expressions and formats: their errors are reported at this line
            rule.options.addAll(List.of("at", line.location.toString()));
        }
        ProxySection section = line.section;
        if (rule == null) {
            dropRuleset(section);
            return;
        }
        if (!section.httpCheckRulesOwn) {
            // the section's own ruleset ("*http-check-<proxy>_<file>-<line>") replaces the inherited one
            section.httpCheckRules = new HttpCheckRuleset();
            markOwnRule(section);
        }
        HttpCheckRuleset rules = section.httpCheckRules;
        rule.index = rules.nextIndex();
        if (kind.equals("connect") && !rules.connectMayFollow()) {
            line.alert("'http-check connect' : first step MUST also be a 'connect', optionally preceded by a"
                    + " 'set-var', an 'unset-var' or a 'comment', when there is a 'connect' step in the"
                    + " tcp-check ruleset.");
            dropRuleset(section);
            return;
        }
        if (section.httpCheckRequest == null) {
            // HAProxy's TCPCHK_RULES_UNUSED_HTTP_RS: the assembler warns that the rules are ignored
            rules.append(rule);
            section.httpCheckRulesWarning = true;
            return;
        }
        String error = rules.add(rule);
        if (error != null) {
            line.alert("'http-check " + action + "' : " + error + ".");
            dropRuleset(section);
        }
    }

    /**
     * After a rule it refuses, HAProxy frees the section's ruleset ({@code free_tcpcheck_ruleset()}): the
     * section's next rules start a new, empty one.
     */
    private static void dropRuleset(ProxySection section) {
        section.httpCheckRules = new HttpCheckRuleset();
        markOwnRule(section);
    }

    /**
     * {@code http-check disable-on-404}: a proxy option (inherited from defaults, never unset), which
     * the assembler hands to the HTTP check and drops with HAProxy's warning under {@code option tcp-check}.
     */
    private static void parseDisableOn404(ProxyLine line) {
        if (!line.word(2).isEmpty()) {
            line.alert("'http-check' cannot handle unexpected argument '" + line.word(2) + "'.");
            return;
        }
        line.section.httpCheckDisableOn404 = true;
    }

    private static void markOwnRule(ProxySection section) {
        section.httpCheckRulesOwn = true;
    }
}
