package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.Condition;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.config.UseBackendRule;
import dev.bascule.api.sample.Phase;

import java.util.Optional;

/** {@code default_backend} and {@code use_backend}: the backend a frontend hands a stream to. */
final class SwitchingKeywords {
    private final LogFormatParser logFormats;
    private final Conditions conditions;

    SwitchingKeywords(LogFormatParser logFormats, Conditions conditions) {
        this.logFormats = logFormats;
        this.conditions = conditions;
    }

    void register(ProxyKeywordTable table) {
        table.register("default_backend", ProxyKeywordTable.SectionRule.FRONTEND,
                SwitchingKeywords::parseDefaultBackend);
        table.register("use_backend", ProxyKeywordTable.SectionRule.FRONTEND_NOT_DEFAULTS, this::parseUseBackend);
    }

    private static void parseDefaultBackend(ProxyLine line) {
        if (line.word(1).isEmpty()) {
            line.alert("'default_backend' expects a backend name.");
            return;
        }
        if (line.tooManyArgs(1)) {
            return;
        }
        line.section.defaultBackend = line.word(1);
        line.section.defaultBackendLocation = line.location;
    }

    private void parseUseBackend(ProxyLine line) {
        String backend = line.word(1);
        if (backend.isEmpty()) {
            line.alert("'use_backend' expects a backend name.");
            return;
        }
        String next = line.word(2);
        Optional<Condition> condition = Optional.empty();
        if (next.equals("if") || next.equals("unless")) {
            ConditionResult parsed = conditions.condition(line, 2, "error detected while parsing switching rule : ");
            if (!parsed.ok()) {
                return;
            }
            condition = parsed.condition();
        } else if (!next.isEmpty()) {
            line.alert("unexpected keyword '" + next + "' after switching rule, only 'if' and 'unless' are allowed.");
            return;
        }
        Optional<LogFormat> dynamic = Optional.empty();
        if (backend.indexOf('%') >= 0) {
            try {
                LogFormat format = logFormats.parse(backend, LogFormatParser.HEADER_VARIABLES, "'use_backend' names",
                        Phase.HTTP_REQUEST);
                if (!format.isLiteral()) {
                    dynamic = Optional.of(format);
                }
            } catch (AclParser.AclException e) {
                line.alert("error detected while parsing switching rule : " + e.getMessage());
                return;
            }
        }
        line.section.useBackendRules.add(new UseBackendRule(backend, condition, line.location, dynamic));
    }
}
