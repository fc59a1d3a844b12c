package dev.bascule.api.config;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * An {@code if} or {@code unless} condition: alternatives separated by {@code ||} (or
 * {@code or}), each a conjunction of terms written one after the other.
 *
 * @param unless       {@code unless}: the rule applies when the expression is false
 * @param alternatives the OR of ANDs
 */
public record Condition(boolean unless, List<List<AclTerm>> alternatives) {
    public Condition {
        alternatives = alternatives.stream().map(List::copyOf).toList();
    }
}
