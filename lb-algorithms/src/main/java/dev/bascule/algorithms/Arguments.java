package dev.bascule.algorithms;

import dev.bascule.api.InvalidArgumentException;

import java.util.List;

/** Argument checks shared by the algorithm factories. */
final class Arguments {
    private Arguments() {
    }

    /** Refuses any word after {@code balance <algorithm>}. */
    static void none(String algorithm, List<String> arguments) throws InvalidArgumentException {
        if (!arguments.isEmpty()) {
            throw new InvalidArgumentException("'balance " + algorithm + "' takes no argument, got '"
                    + String.join(" ", arguments) + "'");
        }
    }
}
