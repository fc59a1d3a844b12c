package dev.bascule.core.rules;

/** What a compiled HTTP rule does; the transport switches on it. */
public enum RuleKind {
    /** Set a variable ({@code set-var}, {@code set-var-fmt}). */
    SET_VAR,
    /**
     * An action served by a plugin's {@link dev.bascule.api.action.ActionFactory}: the transport
     * runs {@link HttpRule#action()} and branches on its {@link dev.bascule.api.action.ActionResult}.
     */
    ACTION
}
