package dev.bascule.config.haproxy.internal;

/**
 * One option of a {@code bind} line as its parser sees it: the option's word, its argument, the
 * settings it fills, and HAProxy's message context ({@code 'bind :443' in section 'frontend'}).
 */
final class BindOption {
    final ProxyLine line;
    final BindSettings settings;
    /** HAProxy's message context, {@code 'bind <addresses>' in section '<keyword>'}. */
    final String context;
    /** Where the option is on the line. */
    final int index;

    BindOption(ProxyLine line, BindSettings settings, String context, int index) {
        this.line = line;
        this.settings = settings;
        this.context = context;
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

    /** {@code <context> : '<keyword>' : <message>}, HAProxy's form for an option's own errors; returns 0. */
    int alert(String message) {
        line.alert(context + " : '" + keyword() + "' : " + message);
        return 0;
    }

    /** {@code <context> : <message>}; returns 0, what a parser returns after an alert. */
    int alertInContext(String message) {
        line.alert(context + " : " + message);
        return 0;
    }
}
