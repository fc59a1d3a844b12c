package dev.bascule.config.haproxy.internal;

/**
 * {@code ignore-persist { if | unless } <condition>}: the requests for which a backend's
 * persistence (its {@code cookie}) is not followed, HAProxy's {@code persist_rules} of type
 * {@code PERSIST_TYPE_IGNORE}.
 */
final class PersistKeywords {
    private final Conditions conditions;

    PersistKeywords(Conditions conditions) {
        this.conditions = conditions;
    }

    void register(ProxyKeywordTable table) {
        table.register("ignore-persist", ProxyKeywordTable.SectionRule.BACKEND_NOT_DEFAULTS, this::parseIgnorePersist);
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
