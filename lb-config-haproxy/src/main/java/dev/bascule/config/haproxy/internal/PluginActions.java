package dev.bascule.config.haproxy.internal;

import dev.bascule.api.action.ActionFactory;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.config.ActionCall;
import dev.bascule.api.loader.KeywordRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Actions served by plugins ({@link ActionFactory}): the loader knows their rule sets, not their
 * grammar, and keeps their words as written up to the line's condition. The host parses them with
 * the factory when it compiles the configuration, and reports a refusal at the line.
 */
final class PluginActions {
    private PluginActions() {
    }

    /** An action kept as written, and the index of the line's word after it (its condition). */
    record Parsed(ActionCall call, int next) {
    }

    /**
     * The action written at word {@code at} of {@code line} when a plugin serves it: empty when
     * none does, {@code null} after an alert (the keyword is not allowed in {@code set}).
     */
    static Optional<Parsed> parse(KeywordRegistry registry, ProxyLine line, int at, RuleSet set) {
        String written = line.word(at);
        if (written.isEmpty()) {
            return Optional.empty();
        }
        Optional<ActionFactory> factory = registry.action(written);
        if (factory.isEmpty()) {
            return Optional.empty();
        }
        if (!factory.get().ruleSets().contains(set)) {
            line.alert("'" + set.keyword() + " " + written + "' : action '" + factory.get().keyword()
                    + "' is only allowed in " + factory.get().ruleSets().stream()
                    .map(allowed -> "'" + allowed.keyword() + "'").sorted().collect(Collectors.joining(", "))
                    + " rules.");
            return null;
        }
        List<String> arguments = new ArrayList<>();
        int next = at + 1;
        while (!line.word(next).isEmpty() && !line.word(next).equals("if") && !line.word(next).equals("unless")) {
            arguments.add(line.word(next));
            next++;
        }
        return Optional.of(new Parsed(new ActionCall(written, arguments), next));
    }

    /** The rule set of a {@code tcp-request} / {@code tcp-response} line ({@code tcp-request content ...}). */
    static RuleSet tcpRuleSet(ProxyLine line) {
        return switch (line.keyword() + " " + line.word(1)) {
            case "tcp-request connection" -> RuleSet.TCP_REQUEST_CONNECTION;
            case "tcp-request session" -> RuleSet.TCP_REQUEST_SESSION;
            case "tcp-request content" -> RuleSet.TCP_REQUEST_CONTENT;
            default -> RuleSet.TCP_RESPONSE_CONTENT;
        };
    }
}
