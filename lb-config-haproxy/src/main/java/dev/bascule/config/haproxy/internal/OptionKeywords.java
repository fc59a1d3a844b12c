package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.ForwardFor;
import dev.bascule.api.config.HttpConnectionMode;
import dev.bascule.api.config.IpNetwork;
import dev.bascule.api.config.LogSettings;
import dev.bascule.api.loader.CText;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code option NAME} with its {@code no} and {@code default} forms (HAProxy's {@code cfg_opts}
 * and the options {@code cfg_parse_listen()} reads itself); the health check options are
 * {@link HealthCheckKeywords}'.
 */
final class OptionKeywords {
    private OptionKeywords() {
    }

    static void register(ProxyKeywordTable table) {
        table.register("option", line -> parseOption(line, ""));
    }

    /**
     * {@code option httplog [clf]}, {@code option tcplog}, {@code option dontlognull}, {@code dontlog-normal},
     * {@code log-separate-errors}, {@code logasap}; false for other options.
     */
    private static boolean parseLogOption(ProxyLine line, String modifier) {
        String option = line.word(1);
        ProxySection section = line.section;
        switch (option) {
            case "httplog", "tcplog" -> {
                if (!modifier.isEmpty()) {
                    line.alert("negation/default is not supported for option '" + option + "'.");
                    return true;
                }
                String argument = line.word(2);
                boolean clf = false;
                if (option.equals("httplog") && !argument.isEmpty()) {
                    if (!argument.equals("clf")) {
                        line.alert("keyword 'httplog' only supports option 'clf'.");
                        return true;
                    }
                    clf = true;
                }
                int maxArgs = clf ? 2 : 1;
                if (!line.word(maxArgs + 1).isEmpty()) {
                    line.alert("'option " + option + "' cannot handle unexpected argument '" + line.word(maxArgs + 1)
                            + "'.");
                    return true;
                }
                if (!section.hasFrontend()) {
                    // HAProxy 2.6 warns and goes on: a backend has no log line of its own
                    line.warning(section.describe() + " : 'option " + option + "' directive is ignored in backends.");
                    return true;
                }
                section.logFormat = option.equals("tcplog") ? LogSettings.LineFormat.TCP
                        : clf ? LogSettings.LineFormat.HTTP_CLF : LogSettings.LineFormat.HTTP;
                section.logFormatLocation = line.location;
                return true;
            }
            case "dontlognull", "dontlog-normal", "log-separate-errors", "logasap" -> {
                if (!line.word(2).isEmpty()) {
                    line.alert("'" + modifier + "option " + option + "' cannot handle unexpected argument '"
                            + line.word(2) + "'.");
                    return true;
                }
                if (!section.hasFrontend()) {
                    // warnifnotcap(): a warning, and the option is ignored
                    line.warning("'" + option + "' ignored because " + section.describe() + " has no frontend"
                            + " capability.");
                    return true;
                }
                if (option.equals("dontlognull")) {
                    section.dontLogNull = !modifier.equals("no ");
                } else if (option.equals("dontlog-normal")) {
                    section.dontLogNormal = !modifier.equals("no ");
                } else if (option.equals("logasap")) {
                    section.logAsap = !modifier.equals("no ");
                } else {
                    section.logSeparateErrors = !modifier.equals("no ");
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** An {@code option} line; {@code modifier} is {@code "no "}, {@code "default "} or empty. */
    static void parseOption(ProxyLine line, String modifier) {
        String option = line.word(1);
        if (option.isEmpty()) {
            line.alert("'option' expects an option name.");
            return;
        }
        if (option.equals("forwardfor") && modifier.isEmpty()) {
            parseForwardFor(line);
            return;
        }
        if (option.equals("originalto") && modifier.isEmpty()) {
            parseOriginalTo(line);
            return;
        }
        if (parseConnectionMode(line, modifier)) {
            return;
        }
        if (option.equals("http-buffer-request")) {
            if (!line.word(2).isEmpty()) {
                line.alert("'" + modifier + "option http-buffer-request' cannot handle unexpected argument '"
                        + line.word(2) + "'.");
                return;
            }
            line.section.bufferRequest = modifier.equals("default ")
                    ? line.section.parent != null && line.section.parent.bufferRequest : !modifier.equals("no ");
            return;
        }
        if (parseLogOption(line, modifier)) {
            return;
        }
        if (TcpKeepAliveKeywords.parseOption(line, modifier)) {
            return;
        }
        if (ProxyFlagOptions.parse(line, modifier)) {
            return;
        }
        if (option.equals("httpchk")) {
            HealthCheckKeywords.parseHttpchk(line, modifier);
            return;
        }
        if (option.equals("tcp-check")) {
            TcpCheckKeywords.parseOption(line, modifier);
            return;
        }
        if (ProtocolCheckKeywords.OPTIONS.contains(option)) {
            ProtocolCheckKeywords.parseOption(line, modifier);
            return;
        }
        if (option.equals("redispatch")) {
            parseRedispatch(line, modifier);
            return;
        }
        if (option.equals("abortonclose")) {
            parseAbortOnClose(line, modifier);
            return;
        }
        if (option.equals("log-health-checks")) {
            HealthCheckKeywords.parseLogHealthChecks(line, modifier);
            return;
        }
        if (HaproxyKeywords.OPTIONS_KNOWN.contains(option)) {
            line.notImplemented(modifier + "option " + option);
            return;
        }
        List<String> candidates = Stream.concat(HaproxyKeywords.OPTIONS_TABLES.stream(),
                HaproxyKeywords.OPTIONS_COMMON.stream()).collect(Collectors.toList());
        Optional<String> best = DidYouMean.bestMatch(option, candidates);
        line.alert("unknown option '" + option + "'"
                + best.map(match -> "; did you mean '" + match + "' maybe ?").orElse("."));
    }

    /**
     * {@code option http-keep-alive}, {@code http-server-close}, {@code httpclose} (they replace each
     * other; {@code no} goes back to keep-alive only from that very mode, as cfg_parse_listen()
     * does, and {@code default} is refused by its argument check) and {@code option
     * http-pretend-keepalive} (a {@code cfg_opts2} option of backends); false for other options.
     */
    private static boolean parseConnectionMode(ProxyLine line, String modifier) {
        String option = line.word(1);
        HttpConnectionMode mode;
        switch (option) {
            case "http-keep-alive" -> mode = HttpConnectionMode.KEEP_ALIVE;
            case "http-server-close" -> mode = HttpConnectionMode.SERVER_CLOSE;
            case "httpclose" -> mode = HttpConnectionMode.CLOSE;
            case "http-pretend-keepalive" -> mode = null;
            case "forceclose" -> {
                line.alert("option 'forceclose' is not supported any more since HAProxy 2.0, please just remove it,"
                        + " or use 'option httpclose' if absolutely needed.");
                return true;
            }
            case "http-tunnel" -> {
                line.alert("option 'http-tunnel' is not supported any more since HAProxy 2.1, please just remove it,"
                        + " it shouldn't be needed.");
                return true;
            }
            default -> {
                return false;
            }
        }
        if (!line.word(2).isEmpty()) {
            line.alert("'option " + option + "' cannot handle unexpected argument '" + line.word(2) + "'.");
            return true;
        }
        ProxySection section = line.section;
        if (mode == null) {
            if (!section.hasBackend()) {
                // warnifnotcap(): the option is ignored, as the documentation says of frontends
                line.warning("'" + option + "' ignored because " + section.describe() + " has no backend capability.");
                return true;
            }
            section.pretendKeepAlive = modifier.isEmpty();
        } else if (modifier.isEmpty()) {
            section.httpMode = mode;
        } else if (section.httpMode == mode) {
            section.httpMode = HttpConnectionMode.KEEP_ALIVE;
        }
        return true;
    }

    /** {@code option originalto [except NET] [header NAME]}: the address the client connected to, for the server. */
    private static void parseOriginalTo(ProxyLine line) {
        String header = "X-Original-To";
        Optional<IpNetwork> except = Optional.empty();
        int index = 2;
        while (!line.word(index).isEmpty()) {
            String argument = line.word(index);
            switch (argument) {
                case "except" -> {
                    except = IpNetworks.parse(line.word(index + 1));
                    if (except.isEmpty()) {
                        line.alert("'option originalto except' expects <address>[/mask] as argument.");
                        return;
                    }
                    index += 2;
                }
                case "header" -> {
                    if (line.word(index + 1).isEmpty()) {
                        line.alert("'option originalto header' expects <header_name> as argument.");
                        return;
                    }
                    header = line.word(index + 1);
                    index += 2;
                }
                default -> {
                    line.alert("'option originalto' only supports optional values: 'except' and 'header'.");
                    return;
                }
            }
        }
        line.section.originalTo = new ForwardFor(header, except, false);
    }

    /** {@code option forwardfor [except NET] [header NAME] [if-none]}, as cfgparse-listen.c reads it. */
    private static void parseForwardFor(ProxyLine line) {
        String header = ForwardFor.DEFAULT_HEADER;
        Optional<IpNetwork> except = Optional.empty();
        boolean ifNone = false;
        int index = 2;
        while (!line.word(index).isEmpty()) {
            String argument = line.word(index);
            switch (argument) {
                case "except" -> {
                    except = IpNetworks.parse(line.word(index + 1));
                    if (except.isEmpty()) {
                        line.alert("'option forwardfor except' expects <address>[/mask] as argument.");
                        return;
                    }
                    index += 2;
                }
                case "header" -> {
                    if (line.word(index + 1).isEmpty()) {
                        line.alert("'option forwardfor header' expects <header_name> as argument.");
                        return;
                    }
                    header = line.word(index + 1);
                    index += 2;
                }
                case "if-none" -> {
                    ifNone = true;
                    index++;
                }
                default -> {
                    line.alert("'option forwardfor' only supports optional values: 'except', 'header' and 'if-none'.");
                    return;
                }
            }
        }
        line.section.forwardFor = new ForwardFor(header, except, ifNone);
    }

    /** {@code option abortonclose}, a {@code cfg_opts} option of backends (a frontend's is ignored with a warning). */
    private static void parseAbortOnClose(ProxyLine line, String modifier) {
        if (!line.word(2).isEmpty()) {
            line.alert("'option abortonclose' cannot handle unexpected argument '" + line.word(2) + "'.");
            return;
        }
        ProxySection section = line.section;
        if (!section.hasBackend()) {
            line.warning("'abortonclose' ignored because " + section.describe() + " has no backend capability.");
            return;
        }
        section.abortOnClose = modifier.equals("default ")
                ? section.parent != null && section.parent.abortOnClose : !modifier.equals("no ");
    }

    /** {@code option redispatch [<interval>]}. */
    private static void parseRedispatch(ProxyLine line, String modifier) {
        if (!line.requireBackendOption()) {
            return;
        }
        switch (modifier) {
            case "no " -> line.section.redispatch = null;
            case "default " -> line.section.redispatch = null;
            default -> line.section.redispatch = line.word(2).isEmpty() ? -1 : (int) CText.atol(line.word(2));
        }
    }
}
