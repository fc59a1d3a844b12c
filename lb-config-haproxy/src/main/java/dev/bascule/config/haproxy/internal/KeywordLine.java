package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.SourceLocation;

import java.util.List;

/**
 * One configuration line as a keyword parser sees it, and the checks every section's parser
 * shares ({@code alertif_too_many_args()}); {@link GlobalLine} and {@link ProxyLine} add their
 * section's.
 */
abstract class KeywordLine {
    final List<String> args;
    final SourceLocation location;
    final Diagnostics diagnostics;

    KeywordLine(List<String> args, SourceLocation location, Diagnostics diagnostics) {
        this.args = args;
        this.location = location;
        this.diagnostics = diagnostics;
    }

    /** Word {@code index} of {@code args}, empty past the end (HAProxy's empty {@code args[]}). */
    static String word(List<String> args, int index) {
        return index < args.size() ? args.get(index) : "";
    }

    /** HAProxy's {@code alertif_too_many_args()}: true, after an alert, when args[maxArgs + 1] is set. */
    static boolean tooManyArgs(List<String> args, int maxArgs, SourceLocation location, Diagnostics diagnostics) {
        String extra = word(args, maxArgs + 1);
        if (extra.isEmpty()) {
            return false;
        }
        diagnostics.alert(location, "'" + args.get(0) + "' cannot handle unexpected argument '" + extra + "'.");
        return true;
    }

    final String word(int index) {
        return word(args, index);
    }

    final String keyword() {
        return args.get(0);
    }

    final void alert(String message) {
        diagnostics.alert(location, message);
    }

    /** An alert printed after {@code [file:line] : } without HAProxy's "parsing" (a server line's options). */
    final void bareAlert(String message) {
        diagnostics.bareAlert(location, message);
    }

    final void warning(String message) {
        diagnostics.warning(location, message);
    }

    /** {@link #tooManyArgs(List, int, SourceLocation, Diagnostics)} for this line. */
    final boolean tooManyArgs(int maxArgs) {
        return tooManyArgs(args, maxArgs, location, diagnostics);
    }
}
