package dev.bascule.config.haproxy.internal;

import dev.bascule.api.loader.CText;

import java.util.OptionalInt;

/**
 * The process keywords of the {@code global} section: {@code daemon}, {@code nbthread},
 * {@code pidfile} and {@code maxconn}.
 */
final class ProcessKeywords {
    /** HAProxy's {@code MAX_THREADS} in the reference build. */
    static final int MAX_THREADS = 64;

    private ProcessKeywords() {
    }

    static void register(GlobalKeywordTable table) {
        table.register("daemon", ProcessKeywords::parseDaemon);
        table.register("nbthread", ProcessKeywords::parseThreads);
        table.register("pidfile", ProcessKeywords::parsePidFile);
        table.register("maxconn", ProcessKeywords::parseMaxconn);
    }

    private static void parseDaemon(GlobalLine line) {
        if (!line.tooManyArgs(0)) {
            line.global.daemon = true;
        }
    }

    private static void parseThreads(GlobalLine line) {
        if (!line.word(2).isEmpty()) {
            line.alert("'nbthread' cannot handle unexpected argument '" + line.args.get(2) + "'.");
            return;
        }
        Long value = CText.strtolStrict(line.word(1), 10);
        if (value == null) {
            line.alert("'nbthread' passed a missing or unparsable integer value in '" + line.word(1) + "'");
            return;
        }
        if (value < 1 || value > MAX_THREADS) {
            line.alert("'nbthread' value must be between 1 and " + MAX_THREADS + " (was " + value + ")");
            return;
        }
        line.global.threads = OptionalInt.of(value.intValue());
    }

    private static void parsePidFile(GlobalLine line) {
        if (line.tooManyArgs(1)) {
            return;
        }
        if (line.global.pidFile != null) {
            line.alert("'pidfile' already specified. Continuing.");
        } else if (line.word(1).isEmpty()) {
            line.alert("'pidfile' expects a file name as an argument.");
        } else {
            line.global.pidFile = line.args.get(1);
        }
    }

    private static void parseMaxconn(GlobalLine line) {
        if (line.global.maxConnections.isPresent()) {
            line.alert("'maxconn' already specified. Continuing.");
        } else if (line.word(1).isEmpty()) {
            line.alert("'maxconn' expects an integer argument.");
        } else if (!line.tooManyArgs(1)) {
            // as HAProxy: atol(), and 0 (what a non-number reads as) means no explicit limit
            long value = CText.atol(line.word(1));
            if (value > 0) {
                line.global.maxConnections = OptionalInt.of((int) Math.min(Integer.MAX_VALUE, value));
            }
        }
    }
}
