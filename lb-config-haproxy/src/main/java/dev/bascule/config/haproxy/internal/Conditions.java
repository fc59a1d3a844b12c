package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.AclConfig;
import dev.bascule.api.config.AclTerm;
import dev.bascule.api.config.Condition;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.sample.Phase;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The {@code if}/{@code unless} conditions of the proxy sections' rules, and HAProxy's checks of them. */
final class Conditions {
    private final AclParser aclParser;
    private final KeywordRegistry registry;

    Conditions(AclParser aclParser, KeywordRegistry registry) {
        this.aclParser = aclParser;
        this.registry = registry;
    }

    /** The condition starting at word {@code index} ({@code if} or {@code unless}). */
    ConditionResult condition(ProxyLine line, int index, String errorPrefix) {
        return condition(line, index, errorPrefix, ".");
    }

    /**
     * As {@link #condition(ProxyLine, int, String)}, the error ending with {@code end}: HAProxy's
     * tcp rules print theirs without the full stop the other keywords add ({@code tcp_rules.c}).
     */
    ConditionResult condition(ProxyLine line, int index, String errorPrefix, String end) {
        try {
            Condition condition = aclParser.parseCondition(line.args.subList(index, line.args.size()),
                    line.section.acls, line.location);
            return new ConditionResult(true, Optional.of(condition));
        } catch (AclParser.AclException e) {
            line.alert(errorPrefix + e.getMessage() + end);
            return ConditionResult.FAILED;
        }
    }

    /** What follows an action: nothing, or a condition. */
    ConditionResult trailingCondition(ProxyLine line, int index, String rule) {
        String next = line.word(index);
        if (next.equals("if") || next.equals("unless")) {
            return condition(line, index, "error detected while parsing an '" + rule + "' condition : ");
        }
        if (!next.isEmpty()) {
            line.alert("'" + rule + "' expects either 'if' or 'unless' followed by a condition but found '" + next
                    + "'.");
            return ConditionResult.FAILED;
        }
        return ConditionResult.NONE;
    }

    /** Fetches HAProxy also serves on a mode tcp stream's payload, which Bascule only serves on HTTP streams. */
    private static final Set<String> TCP_PAYLOAD_FETCHES = Set.of("req.len", "req_len");

    /**
     * HAProxy's {@code warnif_cond_conflicts()}: an ACL whose fetches are all unavailable where the
     * rule runs never matches. Named ACLs are judged on the lines known so far, as HAProxy does.
     */
    void warnIfNeverMatches(ProxyLine line, Condition condition, Phase phase, String where) {
        for (List<AclTerm> terms : condition.alternatives()) {
            for (AclTerm term : terms) {
                List<AclConfig> acls = term.acls().isEmpty() ? line.section.acls.getOrDefault(term.name(), List.of())
                        : term.acls();
                boolean anonymous = term.name().startsWith("{");
                AclConfig incompatible = null;
                boolean anyCompatible = false;
                for (AclConfig acl : acls) {
                    boolean available = registry.sampleFetch(acl.fetch())
                            .map(fetch -> fetch.availableIn().contains(phase)).orElse(true);
                    if (available) {
                        anyCompatible = true;
                    } else if (incompatible == null) {
                        incompatible = acl;
                    }
                }
                if (incompatible == null || anyCompatible) {
                    continue;
                }
                if (phase == Phase.TCP_CONTENT && TCP_PAYLOAD_FETCHES.contains(incompatible.fetch())) {
                    // HAProxy reads it there; Bascule's rule would silently never match
                    line.alert("fetch '" + incompatible.fetch() + "' in '" + where + "' of a mode tcp proxy is not"
                            + " implemented yet by Bascule (it inspects no payload)");
                    return;
                }
                if (anonymous) {
                    String keyword = term.name().substring(1).strip().split("[\\s(]", 2)[0];
                    line.warning("anonymous acl will never match because it uses keyword '"
                            + keyword + "' which is incompatible with '" + where + "'");
                } else {
                    line.warning("acl '" + term.name() + "' will never match because it only"
                            + " involves keywords that are incompatible with '" + where + "'");
                }
                return;
            }
        }
    }
}
