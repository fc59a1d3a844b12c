package dev.bascule.config.haproxy.internal;

/**
 * {@code ignore-persist { if | unless } <condition>}: the requests for which a backend's
 * persistence (its {@code cookie}) is not followed, HAProxy's {@code persist_rules} of type
 * {@code PERSIST_TYPE_IGNORE}; and {@code persist rdp-cookie[(<name>)]} (HAProxy's
 * {@code cfg_parse_listen()}): a backend's RDP connection requests whose cookie ({@code msts} by
 * default) names one of its servers by address and port go to that server, before any
 * balancing. {@code persist} is accepted in any section as HAProxy does; it applies where a
 * backend is.
 */
final class PersistKeywords {
    /** The cookie Microsoft's session brokers set, HAProxy's default. */
    static final String DEFAULT_COOKIE = "msts";

    private final Conditions conditions;

    PersistKeywords(Conditions conditions) {
        this.conditions = conditions;
    }

    void register(ProxyKeywordTable table) {
        table.register("ignore-persist", ProxyKeywordTable.SectionRule.BACKEND_NOT_DEFAULTS, this::parseIgnorePersist);
        table.register("persist", ProxyKeywordTable.SectionRule.ANY, PersistKeywords::parsePersist);
    }

    private static void parsePersist(ProxyLine line) {
        String method = line.word(1);
        if (method.isEmpty()) {
            line.alert("missing persist method.");
            return;
        }
        if (!method.startsWith("rdp-cookie")) {
            line.alert("unknown persist method.");
            return;
        }
        String rest = method.substring("rdp-cookie".length());
        if (rest.isEmpty()) {
            line.section.rdpCookiePersist = DEFAULT_COOKIE;
            return;
        }
        if (!rest.startsWith("(")) {
            line.alert("persist rdp-cookie(name)' requires an rdp cookie name.");
            return;
        }
        if (line.tooManyArgs(1)) {
            return;
        }
        int end = rest.indexOf(')');
        if (end <= 1) {
            line.alert("persist rdp-cookie(name)' requires an rdp cookie name.");
            return;
        }
        line.section.rdpCookiePersist = rest.substring(1, end);
    }

    private void parseIgnorePersist(ProxyLine line) {
        if (!line.word(1).equals("if") && !line.word(1).equals("unless")) {
            line.alert("'ignore-persist' requires either 'if' or 'unless' followed by a condition.");
            return;
        }
        ConditionResult result = conditions.condition(line, 1,
                "error detected while parsing a 'ignore-persist' rule : ");
        result.condition().ifPresent(line.section.ignorePersist::add);
    }
}
