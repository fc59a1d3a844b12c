package dev.bascule.config.haproxy.internal;

import dev.bascule.api.loader.CText;

/**
 * The buffer and connection tuning of the {@code global} section: {@code tune.bufsize},
 * {@code tune.maxrewrite}, {@code tune.http.maxhdr} and {@code tune.idle-pool.shared}.
 */
final class TuneKeywords {
    private TuneKeywords() {
    }

    static void register(GlobalKeywordTable table) {
        table.register("tune.bufsize", TuneKeywords::parseBufsize);
        table.register("tune.maxrewrite", TuneKeywords::parseMaxrewrite);
        table.register("tune.http.maxhdr", TuneKeywords::parseMaxhdr);
        table.register("tune.idle-pool.shared", TuneKeywords::parseIdlePoolShared);
    }

    private static void parseBufsize(GlobalLine line) {
        if (line.word(1).isEmpty()) {
            line.alert("'tune.bufsize' expects an integer argument.");
        } else if (!line.tooManyArgs(1)) {
            // atol(), rounded up to a two-pointer alignment (16), as HAProxy 2.6
            long value = (CText.atol(line.word(1)) + 15) & -16L;
            if (value <= 0 || value > Integer.MAX_VALUE) {
                line.alert("'tune.bufsize' expects a positive integer argument.");
            } else {
                line.global.bufsize = (int) value;
            }
        }
    }

    private static void parseMaxrewrite(GlobalLine line) {
        if (line.word(1).isEmpty()) {
            line.alert("'tune.maxrewrite' expects an integer argument.");
        } else if (!line.tooManyArgs(1)) {
            long value = CText.atol(line.word(1));
            if (value < 0 || value > Integer.MAX_VALUE) {
                line.alert("'tune.maxrewrite' expects a positive integer argument.");
            } else {
                line.global.maxrewrite = (int) value;
            }
        }
    }

    private static void parseMaxhdr(GlobalLine line) {
        if (line.word(1).isEmpty()) {
            line.alert("'tune.http.maxhdr' expects an integer argument.");
        } else if (!line.tooManyArgs(1)) {
            int value = CText.atoi(line.word(1));
            if (value < 1 || value > 32_767) {
                line.alert("'tune.http.maxhdr' expects a numeric value between 1 and 32767");
            } else {
                line.global.maxhdr = value;
            }
        }
    }

    private static void parseIdlePoolShared(GlobalLine line) {
        // idle server connections are kept per event loop and never taken by another:
        // HAProxy's "off"; its default "on" (sharing between threads) is not implemented
        String value = line.word(1);
        if (!value.equals("on") && !value.equals("off")) {
            line.alert("'" + line.keyword() + "' expects either 'on' or 'off' but got '" + value + "'.");
        } else if (value.equals("on")) {
            line.alert("'tune.idle-pool.shared on' (idle server connections shared between"
                    + " threads) is not implemented yet by Bascule");
        } else {
            line.tooManyArgs(1);
        }
    }
}
