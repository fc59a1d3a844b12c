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
