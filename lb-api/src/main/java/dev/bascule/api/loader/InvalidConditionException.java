package dev.bascule.api.loader;

/**
 * A configuration condition ({@code .if}, {@code .elif}, {@code -cc}) that does not parse:
 * HAProxy's message, and where in the expression parsing stopped.
 */
public final class InvalidConditionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int position;

    /**
     * @param message  what is wrong, in HAProxy's words
     * @param position the 0-based index in the expression of the first character that did not parse
     */
    public InvalidConditionException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** The 0-based index in the expression of the first character that did not parse. */
    public int position() {
        return position;
    }
}
