package dev.bascule.config.haproxy.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The logging of the {@code global} section: {@code log} (and {@code no log}), {@code log-tag}
 * and {@code log-send-hostname}. The proxies' {@code log global} copies what this reads
 * ({@link LogKeywords}).
 */
final class GlobalLogKeywords {
    private final Map<String, String> environment;

    GlobalLogKeywords(Map<String, String> environment) {
        this.environment = environment;
    }

    void register(GlobalKeywordTable table) {
        table.register("log", this::parseLog);
        table.register("log-tag", GlobalLogKeywords::parseLogTag);
        table.register("log-send-hostname", GlobalLogKeywords::parseLogSendHostname);
    }

    /** {@code no log}: the global section logs nowhere. */
    static void parseNoLog(GlobalLine line) {
        if (!line.word(1).isEmpty()) {
            line.alert("log : 'no log' does not expect arguments");
        } else {
            line.global.logTargets.clear();
        }
    }

    private void parseLog(GlobalLine line) {
        if (line.word(1).equals("global") && line.word(2).isEmpty()) {
            line.alert("log : 'global' is not supported for a global syslog server");
            return;
        }
        LogParser.Result result = LogParser.parse(line.args, true, environment, line.location);
        if (result instanceof LogParser.Failed failed) {
            line.alert(failed.message());
        } else {
            line.global.logTargets.add(((LogParser.Parsed) result).target());
        }
    }

    private static void parseLogTag(GlobalLine line) {
        if (line.tooManyArgs(1)) {
            return;
        }
        if (line.word(1).isEmpty()) {
            line.alert("'log-tag' expects a tag for use in syslog.");
            return;
        }
        line.global.logTag = line.args.get(1);
    }

    private static void parseLogSendHostname(GlobalLine line) {
        if (line.global.logHostname != null) {
            line.alert("'log-send-hostname' already specified. Continuing.");
            return;
        }
        line.global.logHostname = line.word(1).isEmpty() ? systemHostname() : line.args.get(1);
    }

    /** HAProxy's {@code hostname}: the name of this machine, as {@code gethostname()} gives it. */
    private static String systemHostname() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: ask the JDK
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
