package dev.bascule.config.haproxy.internal;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The keywords of the proxy sections and the parser of each, filled by one class per feature
 * (HAProxy's {@code cfg_register_keywords()}): {@link ProxyParser} keeps the section rules and
 * dispatches through it.
 */
final class ProxyKeywordTable {
    /** Parses one line whose first word is the keyword it was registered for. */
    @FunctionalInterface
    interface KeywordParser {
        void parse(ProxyLine line);
    }

    /**
     * The sections a keyword is allowed in, which {@link ProxyParser} checks before the keyword's
     * parser runs; {@link #ANY} leaves the checks, if any, to the parser.
     */
    enum SectionRule {
        ANY,
        /** A frontend or listen section, or defaults (HAProxy's {@code warnifnotcap(PR_CAP_FE)}). */
        FRONTEND,
        /** A backend or listen section, or defaults (HAProxy's {@code warnifnotcap(PR_CAP_BE)}). */
        BACKEND,
        /** A frontend or listen section, not defaults. */
        FRONTEND_NOT_DEFAULTS,
        /** A backend or listen section, not defaults. */
        BACKEND_NOT_DEFAULTS
    }

    /** A registered keyword: where it is allowed and its parser. */
    record Entry(SectionRule rule, KeywordParser parser) {
        Entry {
            requireNonNull(rule, "rule");
            requireNonNull(parser, "parser");
        }
    }

    private final Map<String, Entry> entries = new HashMap<>();

    /** Registers a keyword whose parser checks the section itself. */
    ProxyKeywordTable register(String keyword, KeywordParser parser) {
        return register(keyword, SectionRule.ANY, parser);
    }

    /** Registers a keyword; a keyword registered twice is a programmer error. */
    ProxyKeywordTable register(String keyword, SectionRule rule, KeywordParser parser) {
        requireNonNull(keyword, "keyword");
        if (entries.putIfAbsent(keyword, new Entry(rule, parser)) != null) {
            throw new IllegalStateException("proxy keyword registered twice: " + keyword);
        }
        return this;
    }

    Optional<Entry> find(String keyword) {
        return Optional.ofNullable(entries.get(keyword));
    }
}
