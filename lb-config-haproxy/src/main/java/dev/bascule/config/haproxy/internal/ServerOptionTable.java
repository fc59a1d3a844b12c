package dev.bascule.config.haproxy.internal;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The options that follow a {@code server} line's address (and a {@code default-server}'s
 * keyword) and the parser of each, HAProxy's {@code srv_kws}: filled by one class per feature,
 * read by {@link ServerKeywords}.
 */
final class ServerOptionTable {
    /** Parses the option at {@link ServerOption#index}. */
    @FunctionalInterface
    interface OptionParser {
        /** @return how many words the option took (at least 1), or 0 after an alert */
        int parse(ServerOption option);
    }

    private final Map<String, OptionParser> entries = new HashMap<>();

    /** Registers an option; an option registered twice is a programmer error. */
    ServerOptionTable register(String keyword, OptionParser parser) {
        requireNonNull(keyword, "keyword");
        requireNonNull(parser, "parser");
        if (entries.putIfAbsent(keyword, parser) != null) {
            throw new IllegalStateException("server option registered twice: " + keyword);
        }
        return this;
    }

    Optional<OptionParser> find(String keyword) {
        return Optional.ofNullable(entries.get(keyword));
    }
}
