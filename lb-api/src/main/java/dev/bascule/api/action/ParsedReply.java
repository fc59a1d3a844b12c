package dev.bascule.api.action;

import static java.util.Objects.requireNonNull;

/**
 * What {@link ActionSetup#httpReply} read: the compiled reply, and the index of the first argument
 * after the reply's own, where the action's words (or the end of the line) go on.
 *
 * @param reply the reply
 * @param next  the index, in the arguments given, of the first word the reply did not take
 * @since 1.1
 */
public record ParsedReply(ReplyTemplate reply, int next) {
    public ParsedReply {
        requireNonNull(reply, "reply");
        if (next < 0) {
            throw new IllegalArgumentException("next: " + next + " (expected: >= 0)");
        }
    }
}
