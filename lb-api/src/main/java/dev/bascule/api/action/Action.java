package dev.bascule.api.action;

/**
 * One action of one configuration line, created at load time by its {@link ActionFactory}
 * (HAProxy's {@code rule->action_ptr} with its {@code arg}). Immutable and shared by every
 * connection and event loop.
 *
 * <p>{@link #apply} runs on an event loop, once per message the rule's condition holds for: it
 * must not block, should not allocate where avoidable (the context offers a scratch
 * {@link dev.bascule.api.sample.Sample}), and must not keep the context beyond the call.
 */
@FunctionalInterface
public interface Action {
    /**
     * Does what the line says to the message in {@code context}.
     *
     * @return what the rule set does next; {@link ActionResult#DONE} only after
     *         {@link ActionContext#reply}, {@link ActionResult#DENY} only after
     *         {@link ActionContext#deny} in HTTP rule sets
     */
    ActionResult apply(ActionContext context);
}
