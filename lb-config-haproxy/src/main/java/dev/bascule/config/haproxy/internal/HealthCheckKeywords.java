package dev.bascule.config.haproxy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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
        List<String> request = new ArrayList<>();
        if (!line.word(2).isEmpty() && line.word(3).isEmpty()) {
            // a single argument is the URI
            request.addAll(List.of("uri", line.word(2)));
        } else if (!line.word(2).isEmpty()) {
            request.addAll(List.of("meth", line.word(2), "uri", line.word(3)));
            if (!line.word(4).isEmpty()) {
                request.addAll(List.of("ver", line.word(4)));
            }
        }
        section.httpCheckRequest = request;
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

    /** {@code http-check send|expect}; the other actions are not implemented. */
    private static void parseHttpCheck(ProxyLine line) {
        String action = line.word(1);
        switch (action) {
            case "expect" -> parseHttpCheckExpect(line);
            case "send" -> parseHttpCheckSend(line);
            case "disable-on-404" -> parseDisableOn404(line);
            case "send-state", "comment", "connect" -> line.notImplemented("http-check " + action);
            default -> {
                if (action.startsWith("set-var-fmt(") || action.startsWith("set-var(")
                        || action.startsWith("unset-var(")) {
                    line.notImplemented("http-check " + action.substring(0, action.indexOf('(')));
                    return;
                }
                line.alert("'http-check' only supports 'disable-on-404', 'send-state', 'comment', 'connect',"
                        + " 'send', 'expect', 'set-var-fmt(*)', 'set-var(*)', 'unset-var(*)'. but got '" + action + "'");
            }
        }
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

    private static void parseHttpCheckExpect(ProxyLine line) {
        ProxySection section = line.section;
        int index = 2;
        boolean inverse = line.word(index).equals("!");
        if (inverse) {
            index++;
        }
        String kind = line.word(index);
        if (kind.isEmpty()) {
            line.alert("'http-check expect' : expects at least a matching pattern as arguments.");
            return;
        }
        switch (kind) {
            case "status", "rstatus", "string", "rstring" -> {
                String pattern = line.word(index + 1);
                if (pattern.isEmpty()) {
                    line.alert("'http-check expect' : '" + kind + "' expects a <pattern> as argument.");
                    return;
                }
                if (!line.word(index + 2).isEmpty()) {
                    line.notImplemented("http-check expect " + kind + " ... " + line.word(index + 2));
                    return;
                }
                if (section.httpCheckExpect && isOwnRule(section)) {
                    line.alert("more than one 'http-check expect' rule is not implemented yet by Bascule");
                    return;
                }
                List<String> rule = new ArrayList<>(List.of("expect"));
                if (inverse) {
                    rule.add("!");
                }
                rule.add(kind);
                rule.add(pattern);
                if (kind.startsWith("r")) {
                    try {
                        Pattern.compile(pattern);
                    } catch (PatternSyntaxException e) {
                        line.alert("'http-check expect' : regex '" + pattern + "' is invalid (error="
                                + e.getDescription() + ", erroffset=" + e.getIndex() + ").");
                        return;
                    }
                }
                if (!isOwnRule(section)) {
                    // rules of a section replace the rules it inherited
                    section.httpCheckRules.clear();
                    section.httpCheckExpect = false;
                }
                section.httpCheckRules.addAll(rule);
                section.httpCheckExpect = true;
                markOwnRule(section);
            }
            case "min-recv", "string-lf", "hdr", "fhdr", "comment", "status-code", "on-success", "on-error",
                 "ok-status", "error-status", "tout-status" -> line.notImplemented("http-check expect " + kind);
            default -> line.alert("'http-check expect' : 'only supports min-recv, [!]string', '[!]rstring',"
                    + " '[!]string-lf', '[!]status', '[!]rstatus', [!]hdr, [!]fhdr or comment but got '" + kind
                    + "' as argument..");
        }
    }

    private static void parseHttpCheckSend(ProxyLine line) {
        ProxySection section = line.section;
        List<String> rule = new ArrayList<>();
        int index = 2;
        while (!line.word(index).isEmpty()) {
            String word = line.word(index);
            switch (word) {
                case "meth", "uri", "ver" -> {
                    if (line.word(index + 1).isEmpty()) {
                        line.alert("'http-check send' : '" + word + "' expects a " + switch (word) {
                            case "meth" -> "method";
                            case "uri" -> "URI";
                            default -> "version";
                        } + " as argument.");
                        return;
                    }
                    rule.add(word);
                    rule.add(line.word(index + 1));
                    index += 2;
                }
                case "hdr" -> {
                    if (line.word(index + 1).isEmpty() || line.word(index + 2).isEmpty()) {
                        line.alert("'http-check send' : 'hdr' expects <name> and <value> as arguments.");
                        return;
                    }
                    rule.addAll(List.of("hdr", line.word(index + 1), line.word(index + 2)));
                    index += 3;
                }
                case "uri-lf", "body", "body-lf", "comment" -> {
                    line.notImplemented("http-check send " + word);
                    return;
                }
                default -> {
                    line.alert("'http-check send' : expects 'comment', 'meth', 'uri', 'uri-lf', 'ver', 'hdr', 'body'"
                            + " or 'body-lf' but got '" + word + "' as argument.");
                    return;
                }
            }
        }
        if (!isOwnRule(section)) {
            section.httpCheckRules.clear();
            section.httpCheckExpect = false;
        }
        section.httpCheckRules.addAll(rule);
        markOwnRule(section);
    }

    /** Whether the section's http-check rules were written in it (else they are the defaults'). */
    private static boolean isOwnRule(ProxySection section) {
        return section.httpCheckRulesOwn;
    }

    private static void markOwnRule(ProxySection section) {
        section.httpCheckRulesOwn = true;
        section.httpCheckRulesWarning = true;
    }
}
