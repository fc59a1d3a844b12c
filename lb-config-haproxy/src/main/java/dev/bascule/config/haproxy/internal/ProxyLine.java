package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.SourceLocation;

import java.util.List;

/**
 * One line of a {@code defaults}, {@code frontend}, {@code backend} or {@code listen} section as a
 * keyword parser sees it, with the checks HAProxy's {@code cfg_parse_listen()} shares between
 * keywords ({@code alertif_too_many_args()}, {@code warnifnotcap()}...).
 */
final class ProxyLine extends KeywordLine {
    final TokenizedLine tokens;
    final ProxySection section;
    final String sectionKeyword;
    /** Whether a message of this line already carried HAProxy's message context ({@code [file:line] : }). */
    private boolean contextShown;

    ProxyLine(TokenizedLine tokens, List<String> args, SourceLocation location, ProxySection section,
              String sectionKeyword, Diagnostics diagnostics) {
        super(args, location, diagnostics);
        this.tokens = tokens;
        this.section = section;
        this.sectionKeyword = sectionKeyword;
    }

    /** The number of words of the line (HAProxy stops at the first empty one). */
    int wordCount() {
        int count = 0;
        while (count < args.size() && !args.get(count).isEmpty()) {
            count++;
        }
        return count;
    }

    /** A warning HAProxy prints without file:line ({@code parse_time_err()}'s, among others). */
    void warningWithoutLocation(String message) {
        diagnostics.warning(message);
    }

    /**
     * A warning as HAProxy 2.6's {@code ha_warning()} prints it from a server keyword's parser:
     * the first of the line starts with its message context, {@code [file:line] : } then
     * {@code context} ({@code 'server b/s1' : }, empty for {@code default-server}), and HAProxy
     * prints the later ones of the same line without it.
     */
    void contextWarning(String context, String message) {
        if (contextShown) {
            diagnostics.warning(message);
            return;
        }
        contextShown = true;
        diagnostics.warning("[" + location + "] : " + context + message);
    }

    void notImplemented(String what) {
        alert("'" + what + "' is not implemented yet by Bascule");
    }

    boolean notInDefaults() {
        if (section.kind == ProxySection.Kind.DEFAULTS) {
            alert("'" + keyword() + "' not allowed in 'defaults' section.");
            return false;
        }
        return true;
    }

    /** HAProxy's {@code warnifnotcap()} text, reported as an alert. */
    boolean requireFrontend() {
        if (!section.hasFrontend()) {
            alert("'" + keyword() + "' ignored because " + section.describe() + " has no frontend capability.");
            return false;
        }
        return true;
    }

    boolean requireBackend() {
        if (!section.hasBackend()) {
            alert("'" + keyword() + "' ignored because " + section.describe() + " has no backend capability.");
            return false;
        }
        return true;
    }

    /** HAProxy's {@code warnifnotcap()} for an option: the option's name, not the keyword. */
    boolean requireBackendOption() {
        if (!section.hasBackend()) {
            alert("'" + word(1) + "' ignored because " + section.describe() + " has no backend capability.");
            return false;
        }
        return true;
    }
}
