package dev.bascule.api.action;

import dev.bascule.api.InvalidArgumentException;

import java.util.List;

/**
 * A word left over after an action's own arguments, where the rule's condition ({@code if} /
 * {@code unless}) or the end of the line was expected. The configuration language words the
 * refusal as it does for its own actions.
 */
public final class UnexpectedWordException extends InvalidArgumentException {
    private static final long serialVersionUID = 1L;

    private final String word;

    public UnexpectedWordException(String word) {
        super("unexpected '" + word + "'");
        this.word = word;
    }

    /** The word left over. */
    public String word() {
        return word;
    }

    /** Throws for the first of {@code arguments} after the {@code used} ones, if any. */
    public static void checkUsed(List<String> arguments, int used) throws UnexpectedWordException {
        if (arguments.size() > used) {
            throw new UnexpectedWordException(arguments.get(used));
        }
    }
}
