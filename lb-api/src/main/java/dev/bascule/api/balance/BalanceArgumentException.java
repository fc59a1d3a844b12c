package dev.bascule.api.balance;

import dev.bascule.api.InvalidArgumentException;

/**
 * An {@link InvalidArgumentException} whose message is worded as HAProxy's
 * {@code backend_parse_balance()} words it, starting with the algorithm's name
 * ({@code "uri only accepts parameters ..."}): a loader shows it after {@code balance }, as
 * HAProxy does, rather than after its own prefix.
 */
public class BalanceArgumentException extends InvalidArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message the message, starting with the algorithm's name as written */
    public BalanceArgumentException(String message) {
        super(message);
    }
}
