package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.AclConfig;
import dev.bascule.api.config.HttpReuse;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.loader.CText;

import java.util.ArrayList;

/**
 * The proxy keywords of no larger feature: {@code mode}, {@code retries}, {@code maxconn},
 * {@code http-reuse}, {@code monitor}, {@code monitor-uri}, the removed {@code monitor-net}, and
 * {@code acl}.
 */
final class MiscKeywords {
    private final AclParser aclParser;
    private final Conditions conditions;

    MiscKeywords(AclParser aclParser, Conditions conditions) {
        this.aclParser = aclParser;
        this.conditions = conditions;
    }

    void register(ProxyKeywordTable table) {
        table.register("mode", MiscKeywords::parseMode);
        table.register("retries", ProxyKeywordTable.SectionRule.BACKEND, MiscKeywords::parseRetries);
        table.register("maxconn", MiscKeywords::parseMaxconn);
        table.register("http-reuse", ProxyKeywordTable.SectionRule.BACKEND, MiscKeywords::parseHttpReuse);
        table.register("monitor", ProxyKeywordTable.SectionRule.FRONTEND_NOT_DEFAULTS, this::parseMonitor);
        table.register("monitor-uri", ProxyKeywordTable.SectionRule.FRONTEND, MiscKeywords::parseMonitorUri);
        table.register("monitor-net", MiscKeywords::parseMonitorNet);
        table.register("acl", this::parseAcl);
        table.register("bind-process", MiscKeywords::parseBindProcess);
    }

    /**
     * {@code bind-process all|odd|even|<n>[-<n>]...}: HAProxy 2.6 checks each word against its one
     * process ({@code parse_process_number()} with a maximum of 1), then warns that the keyword has
     * no effect; so does Bascule, a single process too.
     */
    private static void parseBindProcess(ProxyLine line) {
        if (!line.section.hasFrontend() && !line.section.hasBackend()) {
            return;
        }
        for (int index = 1; !line.word(index).isEmpty(); index++) {
            String word = line.word(index);
            if (word.equals("all")) {
                break;
            }
            String error = processNumberError(word);
            if (error != null) {
                line.alert("bind-process : " + error);
                return;
            }
        }
        line.warningWithoutLocation("parsing [" + line.location + "]: 'bind-process' has no effect, is deprecated,"
                + " and will be removed in version 2.7.");
    }

    /** HAProxy's {@code parse_process_number()} with one process: null when {@code word} is valid. */
    private static String processNumberError(String word) {
        if (word.equals("odd") || word.equals("even")) {
            return null;
        }
        if (!word.chars().allMatch(c -> c >= '0' && c <= '9' || c == '-')
                || word.indexOf('-') != word.lastIndexOf('-')) {
            return "'" + word + "' is not a valid number/range.";
        }
        // str2uic(): the leading digits; after a dash, nothing means the largest process
        int dash = word.indexOf('-');
        long low = leadingNumber(word);
        long high = dash < 0 ? low : dash + 1 == word.length() ? 1 : leadingNumber(word.substring(dash + 1));
        if (high < low) {
            long swap = high;
            high = low;
            low = swap;
        }
        if (low < 1 || low > 1 || high > 1) {
            return "'" + word + "' is not a valid number/range. It supports numbers from 1 to 1.\n";
        }
        return null;
    }

    /** The value of the leading digits of {@code text}, 0 for none, capped far above any process number. */
    private static long leadingNumber(String text) {
        long value = 0;
        for (int i = 0; i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9'; i++) {
            value = Math.min(Integer.MAX_VALUE, value * 10 + (text.charAt(i) - '0'));
        }
        return value;
    }

    /** {@code monitor-uri URI}: the path the frontend answers itself, for monitoring. */
    private static void parseMonitorUri(ProxyLine line) {
        if (line.word(1).isEmpty()) {
            line.alert("'monitor-uri' expects an URI.");
        } else {
            line.section.monitorUri = line.word(1);
        }
    }

    /** {@code monitor-net}, removed from HAProxy. */
    private static void parseMonitorNet(ProxyLine line) {
        line.alert("'monitor-net' doesn't exist anymore. Please use 'http-request return"
                + " status 200 if { src " + line.word(1) + " }' instead.");
    }

    /** {@code monitor fail if|unless COND} (frontends and listen sections). */
    private void parseMonitor(ProxyLine line) {
        if (!line.word(1).equals("fail")) {
            line.alert("'monitor' only supports 'fail'.");
            return;
        }
        if (!line.word(2).equals("if") && !line.word(2).equals("unless")) {
            line.alert("'monitor fail' requires either 'if' or 'unless' followed by a condition.");
            return;
        }
        ConditionResult result = conditions.condition(line, 2,
                "error detected while parsing a 'monitor fail' condition : ");
        result.condition().ifPresent(line.section.monitorFail::add);
    }

    private static void parseMode(ProxyLine line) {
        if (line.tooManyArgs(1)) {
            return;
        }
        switch (line.word(1)) {
            case "http" -> line.section.mode = ProxyMode.HTTP;
            case "tcp" -> line.section.mode = ProxyMode.TCP;
            case "health" -> line.alert("'mode health' doesn't exist anymore. Please use 'http-request return status"
                    + " 200' instead.");
            default -> line.alert("unknown proxy mode '" + line.word(1) + "'.");
        }
    }

    private static void parseRetries(ProxyLine line) {
        if (line.tooManyArgs(1)) {
            return;
        }
        if (line.word(1).isEmpty()) {
            line.alert("'retries' expects an integer argument (dispatch counts for one).");
            return;
        }
        long retries = CText.atol(line.word(1));
        if (retries < 0 || retries > Integer.MAX_VALUE) {
            line.alert("'retries' expects a positive integer argument (got '" + line.word(1) + "').");
            return;
        }
        line.section.retries = (int) retries;
    }

    /** {@code http-reuse never|safe|aggressive|always}. */
    private static void parseHttpReuse(ProxyLine line) {
        if (!line.word(2).isEmpty()) {
            line.alert("'http-reuse " + line.word(1) + "' cannot handle unexpected argument '" + line.word(2) + "'.");
            return;
        }
        switch (line.word(1)) {
            case "never" -> line.section.reuse = HttpReuse.NEVER;
            case "safe" -> line.section.reuse = HttpReuse.SAFE;
            case "aggressive" -> line.section.reuse = HttpReuse.AGGRESSIVE;
            case "always" -> line.section.reuse = HttpReuse.ALWAYS;
            default -> line.alert("'http-reuse' only supports 'never', 'safe', 'aggressive', 'always'.");
        }
    }

    /** A proxy's {@code maxconn}: the frontend's limit of concurrent connections (atol, 0 = the global one). */
    private static void parseMaxconn(ProxyLine line) {
        if (!line.section.hasFrontend()) {
            line.alert("'maxconn' ignored because " + line.section.describe() + " has no frontend capability."
                    + " Maybe you want 'fullconn' instead ?");
            return;
        }
        if (line.word(1).isEmpty()) {
            line.alert("'maxconn' expects an integer argument.");
            return;
        }
        if (line.tooManyArgs(1)) {
            return;
        }
        line.section.maxConnections = Math.max(0, CText.atol(line.word(1)));
    }

    private void parseAcl(ProxyLine line) {
        ProxySection section = line.section;
        if (section.kind == ProxySection.Kind.DEFAULTS) {
            if (section.name.isEmpty()) {
                line.alert("'acl' not allowed in anonymous 'defaults' section.");
            } else {
                line.alert("'acl' in 'defaults' sections is not implemented yet by Bascule");
            }
            return;
        }
        String name = line.word(1);
        int invalid = ConfigNames.invalidChar(name);
        if (invalid >= 0) {
            line.alert(ConfigNames.notPermitted(name, invalid, "acl name '" + name + "'."));
            return;
        }
        if (name.equalsIgnoreCase("or")) {
            line.alert("acl name '" + name + "' will never match. 'or' is used to express a logical disjunction"
                    + " within a condition.");
            return;
        }
        try {
            AclConfig acl = aclParser.parse(name, line.args.subList(Math.min(2, line.args.size()), line.args.size()),
                    line.location);
            section.acls.computeIfAbsent(name, key -> new ArrayList<>()).add(acl);
        } catch (AclParser.AclException e) {
            line.alert("error detected while parsing ACL '" + name + "' : " + e.getMessage() + ".");
        }
    }
}
