package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.HeaderCapture;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.config.LogSettings;
import dev.bascule.api.config.LogTarget;
import dev.bascule.api.sample.Phase;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Logs and captures: {@code log}, {@code log-format}, {@code unique-id-format},
 * {@code unique-id-header}, {@code capture} and {@code declare}.
 */
final class LogKeywords {
    private final Map<String, String> environment;
    /** The global section's {@code log} lines so far, which {@code log global} copies. */
    private final List<LogTarget> globalLogTargets;
    private final LogFormatParser logFormats;

    LogKeywords(Map<String, String> environment, List<LogTarget> globalLogTargets, LogFormatParser logFormats) {
        this.environment = environment;
        this.globalLogTargets = globalLogTargets;
        this.logFormats = logFormats;
    }

    void register(ProxyKeywordTable table) {
        table.register("log", this::parseLog);
        table.register("log-format", this::parseLogFormat);
        table.register("unique-id-format", this::parseUniqueIdFormat);
        table.register("unique-id-header", LogKeywords::parseUniqueIdHeader);
        table.register("capture", LogKeywords::parseCapture);
        table.register("declare", LogKeywords::parseDeclare);
    }

    /** {@code no log} (no arguments: the section logs nowhere) and {@code default log}. */
    void parseModified(ProxyLine line, String modifier) {
        if (!modifier.equals("no")) {
            parseLog(line);
        } else if (!line.word(1).isEmpty()) {
            line.alert("log : 'no log' does not expect arguments");
        } else {
            line.section.logTargets.clear();
        }
    }

    /** {@code unique-id-header NAME}: the header the request's ID is sent in. */
    private static void parseUniqueIdHeader(ProxyLine line) {
        if (line.word(1).isEmpty()) {
            line.alert("'unique-id-header' expects an argument.");
        } else {
            line.section.uniqueIdHeader = line.word(1);
        }
    }

    private void parseLog(ProxyLine line) {
        List<LogTarget> targets = line.section.logTargets;
        if (line.word(1).equals("global") && line.word(2).isEmpty()) {
            for (LogTarget target : globalLogTargets) {
                if (!targets.contains(target)) {
                    targets.add(target);
                }
            }
            return;
        }
        LogParser.Result result = LogParser.parse(line.args, false, environment, line.location);
        if (result instanceof LogParser.Failed failed) {
            line.alert(failed.message());
            return;
        }
        targets.add(((LogParser.Parsed) result).target());
    }

    /** {@code capture request|response header NAME len N}; {@code capture cookie} is not implemented. */
    private static void parseCapture(ProxyLine line) {
        if (!line.section.hasFrontend()) {
            line.warning("'capture' ignored because " + line.section.describe()
                    + " has no frontend capability.");
            return;
        }
        if (line.section.kind == ProxySection.Kind.DEFAULTS) {
            line.alert("'capture' not allowed in 'defaults' section.");
            return;
        }
        String what = line.word(1);
        if (what.equals("cookie")) {
            line.notImplemented("capture cookie");
            return;
        }
        boolean request = what.equals("request");
        if (!request && !what.equals("response") || !line.word(2).equals("header")) {
            line.alert("'capture' expects 'cookie', 'request header' or 'response header'.");
            return;
        }
        if (line.word(3).isEmpty() || !line.word(4).equals("len") || line.word(5).isEmpty()) {
            line.alert("'capture " + what + " header' expects <header> 'len' <len>.");
            return;
        }
        int length;
        try {
            length = Integer.parseInt(line.word(5));
        } catch (NumberFormatException e) {
            length = 0;
        }
        if (length <= 0) {
            line.alert("'capture " + what + " header' expects a positive length.");
            return;
        }
        (request ? line.section.requestCaptures : line.section.responseCaptures)
                .add(new HeaderCapture(line.word(3), length));
    }

    /**
     * {@code declare capture request|response len N} (HAProxy's {@code proxy_parse_declare()}): a
     * capture slot no header fills, for {@code http-request|http-response capture ... id N}.
     */
    private static void parseDeclare(ProxyLine line) {
        if (line.section.kind == ProxySection.Kind.DEFAULTS) {
            line.alert("'declare' not available in default section");
            return;
        }
        if (!line.section.kind.frontend) {
            line.alert("'declare' only available in frontend or listen section");
            return;
        }
        if (line.word(1).isEmpty()) {
            line.alert("'declare' needs a second keyword that specify the type of declaration ('capture')");
            return;
        }
        if (!line.word(1).equals("capture")) {
            line.alert("unknown declaration type '" + line.word(1) + "' (supports 'capture')");
            return;
        }
        String direction = line.word(2);
        if (!direction.equals("request") && !direction.equals("response")) {
            line.alert("'declare capture' requires a direction ('request' or 'response')");
            return;
        }
        if (!line.word(3).equals("len")) {
            line.alert("'declare capture' requires a capture length ('len')");
            return;
        }
        String value = line.word(4);
        if (value.isEmpty()) {
            line.alert("'declare capture': 'len' requires a numeric value that represents the capture length");
            return;
        }
        long length;
        try {
            length = Long.parseLong(value);
        } catch (NumberFormatException e) {
            // HAProxy 2.6 quotes the word before the value
            line.alert("'declare capture': cannot parse the length '" + line.word(3) + "'.");
            return;
        }
        if (length <= 0 || length > Integer.MAX_VALUE) {
            line.alert("length must be > 0");
            return;
        }
        (direction.equals("request") ? line.section.requestCaptures : line.section.responseCaptures)
                .add(new HeaderCapture("", (int) length));
    }

    /** The log-format variables Bascule's log lines can write. */
    static final Set<String> LOG_VARIABLES = Set.of("ci", "cp", "fi", "fp", "f", "ft", "b", "s",
            "B", "ST", "TR", "Tw", "Tc", "Tr", "Ta", "Tt", "Tq", "Th", "Ti", "Td", "t", "tr", "trg", "trl", "ts", "tsc",
            "ac", "fc", "bc", "sc", "rc", "r", "HM", "HU", "HP", "HPO", "HQ", "HV", "H", "pid", "ID", "ms", "hr", "hs",
            "CC", "CS", "T", "Tl", "Ts", "Tu", "U", "bi", "bp", "si", "sp", "bq", "sq", "rt", "lc", "hrl", "hsl",
            "sslc", "sslv");

    /** {@code log-format FMT}: the line each stream logs. */
    private void parseLogFormat(ProxyLine line) {
        if (line.word(1).isEmpty()) {
            line.alert("'log-format' expects a format string as argument.");
            return;
        }
        if (!line.word(2).isEmpty()) {
            line.alert("'log-format' expects only one argument, please use quotes.");
            return;
        }
        if (!line.section.hasFrontend()) {
            line.warning("'log-format' ignored because " + line.section.describe()
                    + " has no frontend capability.");
            return;
        }
        try {
            LogFormat format = logFormats.parse(line.word(1), LOG_VARIABLES, "log-format strings",
                    Phase.LOG);
            line.section.logFormat = LogSettings.LineFormat.CUSTOM;
            line.section.customLogFormat = format;
            line.section.logFormatLocation = line.location;
        } catch (AclParser.AclException e) {
            line.alert("failed to parse log-format : " + e.getMessage());
        }
    }

    /** {@code unique-id-format FMT}: the request's ID, made once per request. */
    private void parseUniqueIdFormat(ProxyLine line) {
        if (line.word(1).isEmpty()) {
            line.alert("'unique-id-format' expects an argument.");
            return;
        }
        if (!line.word(2).isEmpty()) {
            line.alert("'unique-id-format' expects only one argument, please use quotes.");
            return;
        }
        try {
            line.section.uniqueIdFormat = logFormats.parse(line.word(1), LogFormatParser.HEADER_VARIABLES, "'unique-id-format'",
                    Phase.HTTP_REQUEST);
        } catch (AclParser.AclException e) {
            line.alert("failed to parse unique-id : " + e.getMessage());
        }
    }
}
