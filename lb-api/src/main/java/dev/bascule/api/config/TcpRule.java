package dev.bascule.api.config;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One {@code tcp-request connection|session|content} or {@code tcp-response content} line.
 *
 * @param action    what it does
 * @param condition its {@code if} / {@code unless} condition; empty: always
 * @param location  where the line is
 */
public record TcpRule(TcpAction action, Optional<Condition> condition, SourceLocation location) {
    public TcpRule {
        requireNonNull(action, "action");
        requireNonNull(condition, "condition");
        requireNonNull(location, "location");
    }
}
