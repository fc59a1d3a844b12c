package dev.bascule.config.haproxy.internal;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The keywords of the {@code global} section and the parser of each, filled by one class per
 * feature (HAProxy's {@code cfg_register_keywords()}): {@link ConfigParser} dispatches through it.
 */
final class GlobalKeywordTable {
    /** Parses one line whose first word is the keyword it was registered for. */
    @FunctionalInterface
    interface KeywordParser {
        void parse(GlobalLine line);
    }

    private final Map<String, KeywordParser> entries = new HashMap<>();

    /** Registers a keyword; a keyword registered twice is a programmer error. */
    GlobalKeywordTable register(String keyword, KeywordParser parser) {
        requireNonNull(keyword, "keyword");
        requireNonNull(parser, "parser");
        if (entries.putIfAbsent(keyword, parser) != null) {
            throw new IllegalStateException("global keyword registered twice: " + keyword);
        }
        return this;
    }

    Optional<KeywordParser> find(String keyword) {
        return Optional.ofNullable(entries.get(keyword));
    }
}
