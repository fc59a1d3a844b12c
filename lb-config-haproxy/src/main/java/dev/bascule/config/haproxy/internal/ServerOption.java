package dev.bascule.config.haproxy.internal;

/**
 * One option of a {@code server} or {@code default-server} line as its parser sees it: the
 * option's word, its argument, the settings it fills, and HAProxy's message context
 * ({@code 'server b/s1' : }, empty for {@code default-server}).
 */
final class ServerOption {
    final ProxyLine line;
    final ServerSettings settings;
    /** HAProxy's message context, {@code 'server b/s1' : } or empty. */
    final String prefix;
    /** The server's name, or {@code default-server}. */
    final String serverName;
    /** Where the option is on the line. */
    final int index;

    ServerOption(ProxyLine line, ServerSettings settings, String prefix, String serverName, int index) {
        this.line = line;
        this.settings = settings;
        this.prefix = prefix;
        this.serverName = serverName;
        this.index = index;
    }

    /** The option's keyword. */
    String keyword() {
        return line.word(index);
    }

    /** The word after the keyword, empty past the end of the line. */
    String value() {
        return line.word(index + 1);
    }

    /** Whether the option is on a {@code default-server} line. */
    boolean onDefaultServer() {
        return line.keyword().equals("default-server");
    }

    /**
     * An alert with the option's message context, after {@code [file:line] : } as HAProxy's server
     * keyword parsers print it; returns 0, what a parser returns after an alert.
     */
    int alert(String message) {
        line.bareAlert(prefix + message);
        return 0;
    }

    /** A warning as HAProxy prints it from a server keyword's parser (see {@link ProxyLine#contextWarning}). */
    void warning(String message) {
        line.contextWarning(prefix, message);
    }
}
