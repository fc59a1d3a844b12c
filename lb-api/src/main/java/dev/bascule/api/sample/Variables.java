package dev.bascule.api.sample;

/**
 * HAProxy's variables ({@code set-var(txn.name)}, {@code var(txn.name)}) as a stream sees them:
 * {@code proc.} names are the process's, {@code sess.} the client connection's, {@code txn.},
 * {@code req.} and {@code res.} the current transaction's. Names are written with their scope
 * ({@code txn.user}). Event loop, except {@code proc.} which every loop shares.
 */
public interface Variables {
    /**
     * Copies the variable's value into {@code out}.
     *
     * @return false when the variable is not set
     */
    boolean get(String name, Sample out);

    /** Sets the variable to a copy of {@code value} (its current value, whatever its type). */
    void set(String name, Sample value);

    /** Unsets the variable. */
    void unset(String name);

    /** {@code set-var(name,ifexists)}: only a variable that exists already (a {@code proc.} one always does). */
    int IF_EXISTS = 1;
    /** {@code ifnotexists}: only a variable that does not exist yet. */
    int IF_NOT_EXISTS = 1 << 1;
    /** {@code ifempty}: only an empty text or binary value (a scalar never is). */
    int IF_EMPTY = 1 << 2;
    /** {@code ifnotempty}: only a non-empty text or binary value. */
    int IF_NOT_EMPTY = 1 << 3;
    /** {@code ifset}: only a variable holding a value. */
    int IF_SET = 1 << 4;
    /** {@code ifnotset}: only a variable holding none (never set, or unset). */
    int IF_NOT_SET = 1 << 5;
    /** {@code ifgt}: only when the variable's integer is greater than the new one (not for other types). */
    int IF_GT = 1 << 6;
    /** {@code iflt}: only when the variable's integer is less than the new one. */
    int IF_LT = 1 << 7;

    /** The flag of a {@code set-var} condition ({@code ifexists}...), 0 for a word that is none. */
    static int condition(String word) {
        return switch (word) {
            case "ifexists" -> IF_EXISTS;
            case "ifnotexists" -> IF_NOT_EXISTS;
            case "ifempty" -> IF_EMPTY;
            case "ifnotempty" -> IF_NOT_EMPTY;
            case "ifset" -> IF_SET;
            case "ifnotset" -> IF_NOT_SET;
            case "ifgt" -> IF_GT;
            case "iflt" -> IF_LT;
            default -> 0;
        };
    }

    /**
     * {@code set-var(name,cond...)}: sets the variable when {@code conditions} (the IF_ flags) hold,
     * as HAProxy's {@code var_set()}; stores without that support ignore no condition they are
     * given: they refuse to set.
     *
     * @return true when the variable was set
     */
    default boolean set(String name, Sample value, int conditions) {
        if (conditions != 0) {
            return false;
        }
        set(name, value);
        return true;
    }

    /** The scopes HAProxy knows, as name prefixes. */
    static boolean validName(String name) {
        int dot = name.indexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return false;
        }
        switch (name.substring(0, dot)) {
            case "proc":
            case "sess":
            case "txn":
            case "req":
            case "res":
            case "check":
                break;
            default:
                return false;
        }
        for (int i = dot + 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
