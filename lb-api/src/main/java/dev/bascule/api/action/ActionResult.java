package dev.bascule.api.action;

/** What the rule set does after an action, as HAProxy's {@code ACT_RET_*}. */
public enum ActionResult {
    /** {@code ACT_RET_CONT}: the next rule runs. */
    CONTINUE,
    /**
     * {@code ACT_RET_STOP}: the remaining rules of this set are skipped and the traffic goes on
     * ({@code allow}, {@code tcp-request ... accept}).
     */
    STOP,
    /**
     * {@code ACT_RET_DONE}: the action answered the client ({@link ActionContext#reply}); the
     * remaining rules are skipped and nothing goes to a server.
     */
    DONE,
    /**
     * {@code ACT_RET_DENY}: the traffic is refused, the host answers with the status given to
     * {@link ActionContext#deny} (for TCP rule sets: the connection is closed).
     */
    DENY,
    /**
     * {@code ACT_RET_YIELD}: the rule set pauses until what the action asked the host to wait for
     * is there ({@link ActionContext#waitForBody}), or its time is over; then it goes on with the
     * next rule (HAProxy calls the action again, which then lets the rules go on: Bascule's wait
     * ends exactly when that call would continue). Only after {@link ActionContext#waitForBody}.
     *
     * @since 1.1
     */
    YIELD
}
