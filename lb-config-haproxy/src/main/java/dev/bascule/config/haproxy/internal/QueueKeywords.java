package dev.bascule.config.haproxy.internal;

import dev.bascule.api.loader.CText;

/**
 * The proxy keywords of connection queues: {@code fullconn} (the server options are
 * {@link ServerQueueOptions}, {@code timeout queue} is one of the {@link TimeoutKeywords}).
 */
final class QueueKeywords {
    private QueueKeywords() {
    }

    static void register(ProxyKeywordTable table) {
        table.register("fullconn", QueueKeywords::parseFullconn);
    }

    /** {@code fullconn N}: the backend load at which servers reach their {@code maxconn} (atol, as HAProxy). */
    private static void parseFullconn(ProxyLine line) {
        if (!line.section.hasBackend()) {
            line.alert("'fullconn' ignored because " + line.section.describe() + " has no backend capability."
                    + " Maybe you want 'maxconn' instead ?");
            return;
        }
        if (line.word(1).isEmpty()) {
            line.alert("'fullconn' expects an integer argument.");
            return;
        }
        if (line.tooManyArgs(1)) {
            return;
        }
        long value = CText.atol(line.word(1));
        // HAProxy's unsigned int: a negative value is beyond any real load
        line.section.fullConn = value < 0 || value > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) value;
    }
}
