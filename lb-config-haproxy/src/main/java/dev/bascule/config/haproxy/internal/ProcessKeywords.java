package dev.bascule.config.haproxy.internal;

import dev.bascule.api.loader.CText;

import java.util.OptionalInt;

/**
 * The process keywords of the {@code global} section: {@code daemon}, {@code nbthread},
 * {@code pidfile}, {@code maxconn}, {@code quiet}, {@code description}, {@code node},
 * {@code spread-checks}, {@code hard-stop-after}, and the ones Bascule refuses with the reason
 * ({@code nbproc}, {@code master-worker}).
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
        table.register("quiet", ProcessKeywords::parseQuiet);
        table.register("description", ProcessKeywords::parseDescription);
        table.register("node", ProcessKeywords::parseNode);
        table.register("spread-checks", ProcessKeywords::parseSpreadChecks);
        table.register("hard-stop-after", ProcessKeywords::parseHardStopAfter);
        table.register("nbproc", line -> line.alert("nbproc is not supported any more since HAProxy 2.5. Threads will"
                + " automatically be used on multi-processor machines if available."));
        table.register("master-worker", ProcessKeywords::parseMasterWorker);
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

    private static void parseQuiet(GlobalLine line) {
        if (!line.tooManyArgs(0)) {
            line.global.quiet = true;
        }
    }

    /** {@code description <text>...}: the words joined by one space; a later line replaces it. */
    private static void parseDescription(GlobalLine line) {
        if (line.word(1).isEmpty()) {
            line.alert("'description' expects a string argument.");
            return;
        }
        StringBuilder text = new StringBuilder(line.word(1));
        for (int i = 2; !line.word(i).isEmpty(); i++) {
            text.append(' ').append(line.word(i));
        }
        line.global.description = text.toString();
    }

    private static void parseNode(GlobalLine line) {
        if (line.tooManyArgs(1)) {
            return;
        }
        String name = line.word(1);
        boolean valid = !name.isEmpty();
        for (int i = 0; i < name.length() && valid; i++) {
            char c = name.charAt(i);
            valid = c < 128 && (CText.isAlnum(c) || c == '_' || c == '-' || c == '.');
        }
        if (!valid) {
            line.alert("'node' requires valid node name - non-empty string with digits(0-9), letters(A-Z, a-z),"
                    + " dot(.), hyphen(-) or underscode(_).");
            return;
        }
        line.global.node = name;
    }

    private static void parseSpreadChecks(GlobalLine line) {
        if (line.tooManyArgs(1)) {
            return;
        }
        if (line.global.spreadChecks != 0) {
            line.alert("spread-checks already specified. Continuing.");
            return;
        }
        if (line.word(1).isEmpty()) {
            line.alert("'spread-checks' expects an integer argument (0..50).");
            return;
        }
        // as HAProxy: kept before the range check, so that a later line finds it already specified
        line.global.spreadChecks = (int) CText.atol(line.word(1));
        if (line.global.spreadChecks < 0 || line.global.spreadChecks > 50) {
            line.alert("'spread-checks' needs a positive value in range 0..50.");
        }
    }

    /** {@code hard-stop-after <time>}: a registered keyword, whose errors end with HAProxy's empty line. */
    private static void parseHardStopAfter(GlobalLine line) {
        String value = line.word(1);
        if (value.isEmpty()) {
            line.alert("'hard-stop-after' expects <time> as argument.\n");
            return;
        }
        TimeValue parsed = TimeValue.parseMillis(value);
        if (parsed instanceof TimeValue.Overflow) {
            line.alert(TimeValue.overflowAlert(value, "hard-stop-after"));
            return;
        }
        if (parsed instanceof TimeValue.Underflow) {
            line.alert(TimeValue.underflowAlert(value, "hard-stop-after"));
            return;
        }
        if (parsed instanceof TimeValue.UnexpectedCharacter unexpected) {
            line.alert("unexpected character '" + unexpected.character() + "' in argument to <hard-stop-after>.\n");
            return;
        }
        TimeValue.Valid valid = (TimeValue.Valid) parsed;
        valid.trailingCharacter().ifPresent(character -> line.diagnostics.warning(
                TimeValue.trailingCharacterWarning(character, value)));
        line.global.hardStopAfterMillis = valid.millis();
    }

    /**
     * {@code master-worker [no-exit-on-failure]}: checked as HAProxy does, then refused: Bascule
     * runs as one process and has no master to re-execute workers.
     */
    private static void parseMasterWorker(GlobalLine line) {
        if (line.tooManyArgs(1)) {
            return;
        }
        if (!line.word(1).isEmpty() && !line.word(1).equals("no-exit-on-failure")) {
            line.alert("'master-worker' only supports 'no-exit-on-failure' option.");
            return;
        }
        line.alert("'master-worker' is not implemented yet by Bascule: it runs as a single process without a"
                + " master (start it with 'daemon' or -D, or under a service manager)");
    }
}
