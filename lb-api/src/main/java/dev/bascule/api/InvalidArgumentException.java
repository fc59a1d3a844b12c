package dev.bascule.api;

/**
 * Thrown by a plugin factory when the arguments a user wrote are not acceptable, for example
 * {@code new InvalidArgumentException("weight: 300 (expected: 0-256)")}. The config loader turns
 * it into a diagnostic carrying the {@code file:line} of the offending keyword, so plugin code
 * never needs to know where its arguments came from.
 */
public class InvalidArgumentException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what was expected, without any source position */
    public InvalidArgumentException(String message) {
        super(message);
    }
}
