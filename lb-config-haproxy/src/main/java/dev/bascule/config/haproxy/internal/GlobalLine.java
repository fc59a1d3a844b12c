package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.SourceLocation;

import java.util.List;

/**
 * One line of the {@code global} section as a keyword parser sees it, with the checks HAProxy's
 * {@code cfg_parse_global()} shares between keywords.
 */
final class GlobalLine {
    final List<String> args;
    final SourceLocation location;
    final GlobalSection global;
    private final Diagnostics diagnostics;

    GlobalLine(List<String> args, SourceLocation location, GlobalSection global, Diagnostics diagnostics) {
        this.args = args;
        this.location = location;
        this.global = global;
        this.diagnostics = diagnostics;
    }

    String word(int index) {
        return index < args.size() ? args.get(index) : "";
    }

    String keyword() {
        return args.get(0);
    }

    void alert(String message) {
        diagnostics.alert(location, message);
    }

    /** HAProxy's {@code alertif_too_many_args()}: true, after an alert, when args[maxArgs + 1] is set. */
    boolean tooManyArgs(int maxArgs) {
        String extra = word(maxArgs + 1);
        if (extra.isEmpty()) {
            return false;
        }
        alert("'" + keyword() + "' cannot handle unexpected argument '" + extra + "'.");
        return true;
    }
}
