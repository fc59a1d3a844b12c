package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.Condition;

import java.util.Optional;

/** A parsed condition, or the failure already reported. */
record ConditionResult(boolean ok, Optional<Condition> condition) {
    static final ConditionResult FAILED = new ConditionResult(false, Optional.empty());
    static final ConditionResult NONE = new ConditionResult(true, Optional.empty());
}
