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

    private final Map<String, KeywordParser> parsers = new HashMap<>();

    /** Registers a keyword; a keyword registered twice is a programmer error. */
    ProxyKeywordTable register(String keyword, KeywordParser parser) {
        requireNonNull(keyword, "keyword");
        requireNonNull(parser, "parser");
        if (parsers.putIfAbsent(keyword, parser) != null) {
            throw new IllegalStateException("proxy keyword registered twice: " + keyword);
        }
        return this;
    }

    Optional<KeywordParser> find(String keyword) {
        return Optional.ofNullable(parsers.get(keyword));
    }
}
