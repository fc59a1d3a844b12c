package dev.bascule.config.haproxy.internal;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The options that follow a {@code bind} line's addresses and the parser of each, HAProxy's
 * {@code bind_kws}: filled by one class per feature, read by {@link BindKeywords}.
 */
final class BindOptionTable {
    /** Parses the option at {@link BindOption#index}. */
    @FunctionalInterface
    interface OptionParser {
        /** @return how many words the option took (at least 1), or 0 after an alert */
        int parse(BindOption option);
    }

    private final Map<String, OptionParser> entries = new HashMap<>();

    /** Registers an option; an option registered twice is a programmer error. */
    BindOptionTable register(String keyword, OptionParser parser) {
        requireNonNull(keyword, "keyword");
        requireNonNull(parser, "parser");
        if (entries.putIfAbsent(keyword, parser) != null) {
            throw new IllegalStateException("bind option registered twice: " + keyword);
        }
        return this;
    }

    Optional<OptionParser> find(String keyword) {
        return Optional.ofNullable(entries.get(keyword));
    }
}
