package dev.bascule.config.haproxy.internal;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.config.BalanceConfig;
import dev.bascule.api.config.BindConfig;
import dev.bascule.api.config.HttpRequestAction;
import dev.bascule.api.config.HttpRequestRule;
import dev.bascule.api.config.ListenAddress;
import dev.bascule.api.config.LogSettings;
import dev.bascule.api.config.LogTarget;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.config.ServerAddress;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.UseBackendRule;
import dev.bascule.api.loader.KeywordRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The keywords of {@code defaults}, {@code frontend}, {@code backend} and {@code listen} sections
 * (HAProxy's {@code cfg_parse_listen()}). A keyword that HAProxy accepts in the section but that
 * makes no sense there (it warns {@code "'bind' ignored because backend 'b' has no frontend
 * capability."}) is an alert here, with HAProxy's words: Bascule refuses what it would ignore.
 */
final class ProxyParser {
    /** Directives removed from HAProxy, with the alert HAProxy 2.6 prints for each. */
    private static final Map<String, String> REMOVED = Map.ofEntries(
            Map.entry("block", "The 'block' directive is not supported anymore since HAProxy 2.1. Use 'http-request"
                    + " deny' which uses the exact same syntax."),
            Map.entry("redispatch", "keyword 'redispatch' directive is not supported anymore since HAProxy 2.1. Use"
                    + " 'option redispatch'."),
            Map.entry("redisp", "keyword 'redisp' directive is not supported anymore since HAProxy 2.1. Use 'option"
                    + " redispatch'."),
            Map.entry("grace", "the 'grace' keyword is not supported any more since HAProxy version 2.5."),
            Map.entry("appsession", "'appsession' is not supported anymore since HAProxy 1.6."),
            Map.entry("usesrc", "'usesrc' only allowed after a 'source' statement."),
            Map.entry("cliexp", removedSince("cliexp", "Use 'http-request replace-path', 'http-request replace-uri'"
                    + " or 'http-request replace-header' instead.")),
            Map.entry("reqrep", removedSince("reqrep", "Use 'http-request replace-path', 'http-request replace-uri'"
                    + " or 'http-request replace-header' instead.")),
            Map.entry("reqdel", removedSince("reqdel", "Use 'http-request del-header' instead.")),
            Map.entry("reqdeny", "The 'reqdeny' not supported anymore since HAProxy 2.1. Use 'http-request deny'"
                    + " instead."),
            Map.entry("reqpass", "The 'reqpass' not supported anymore since HAProxy 2.1."),
            Map.entry("reqallow", removedSince("reqallow", "Use 'http-request allow' instead.")),
            Map.entry("reqtarpit", removedSince("reqtarpit", "Use 'http-request tarpit' instead.")),
            Map.entry("reqirep", removedSince("reqirep", "Use 'http-request replace-header' instead.")),
            Map.entry("reqidel", removedSince("reqidel", "Use 'http-request del-header' instead.")),
            Map.entry("reqideny", removedSince("reqideny", "Use 'http-request deny' instead.")),
            Map.entry("reqipass", "The 'reqipass' directive is not supported anymore since HAProxy 2.1."),
            Map.entry("reqiallow", removedSince("reqiallow", "Use 'http-request allow' instead.")),
            Map.entry("reqitarpit", removedSince("reqitarpit", "Use 'http-request tarpit' instead.")),
            Map.entry("reqadd", removedSince("reqadd", "Use 'http-request add-header' instead.")),
            Map.entry("srvexp", removedSince("srvexp", "Use 'http-response replace-header' instead.")),
            Map.entry("rsprep", removedSince("rsprep", "Use 'http-response replace-header' instead.")),
            Map.entry("rspdel", removedSince("rspdel", "Use 'http-response del-header' .")),
            Map.entry("rspdeny", removedSince("rspdeny", "Use 'http-response deny' instead.")),
            Map.entry("rspirep", removedSince("rspirep", "Use 'http-response replace-header' instead.")),
            Map.entry("rspidel", removedSince("rspidel", "Use 'http-response del-header' instead.")),
            Map.entry("rspideny", removedSince("rspideny", "Use 'http-response deny' instead.")),
            Map.entry("rspadd", removedSince("rspadd", "Use 'http-response add-header' instead.")));

    private static final String TIMEOUT_KINDS = "'timeout' supports 'client', 'server', 'connect', 'check', 'queue',"
            + " 'http-keep-alive', 'http-request', 'tunnel', 'tarpit', 'client-fin' and 'server-fin'";

    private final KeywordRegistry registry;
    private final Map<String, String> environment;
    private final Diagnostics diagnostics;
    /** The global section's {@code log} lines so far, which {@code log global} copies. */
    private final List<LogTarget> globalLogTargets;

    ProxyParser(KeywordRegistry registry, Map<String, String> environment, Diagnostics diagnostics,
                List<LogTarget> globalLogTargets) {
        this.registry = registry;
        this.environment = environment;
        this.diagnostics = diagnostics;
        this.globalLogTargets = globalLogTargets;
    }

    private static String removedSince(String keyword, String advice) {
        return "The '" + keyword + "' directive is not supported anymore since HAProxy 2.1. " + advice;
    }

    /** The state of the line being parsed. */
    private static final class Line {
        final TokenizedLine tokens;
        final List<String> args;
        final SourceLocation location;
        final ProxySection section;
        final String sectionKeyword;

        Line(TokenizedLine tokens, List<String> args, SourceLocation location, ProxySection section,
             String sectionKeyword) {
            this.tokens = tokens;
            this.args = args;
            this.location = location;
            this.section = section;
            this.sectionKeyword = sectionKeyword;
        }

        String word(int index) {
            return index < args.size() ? args.get(index) : "";
        }

        String keyword() {
            return args.get(0);
        }
    }

    /**
     * Parses one line of the section.
     *
     * @param args     the words, without the {@code no} or {@code default} modifier
     * @param modifier {@code no}, {@code default}, or null
     */
    void parse(TokenizedLine tokens, List<String> args, SourceLocation location, ProxySection section,
               String sectionKeyword, String modifier) {
        Line line = new Line(tokens, args, location, section, sectionKeyword);
        String keyword = line.keyword();
        if (modifier != null) {
            parseModified(line, modifier);
            return;
        }
        switch (keyword) {
            case "mode" -> parseMode(line);
            case "timeout", "clitimeout", "contimeout", "srvtimeout" -> parseTimeout(line);
            case "bind" -> parseBind(line);
            case "server" -> parseServer(line);
            case "dispatch" -> parseDispatch(line);
            case "default_backend" -> parseDefaultBackend(line);
            case "use_backend" -> parseUseBackend(line);
            case "balance" -> parseBalance(line);
            case "retries" -> parseRetries(line);
            case "log" -> parseLog(line);
            case "http-request" -> parseHttpRequest(line);
            case "option" -> parseOption(line, "");
            case "monitor-net" -> alert(line, "'monitor-net' doesn't exist anymore. Please use 'http-request return"
                    + " status 200 if { src " + line.word(1) + " }' instead.");
            default -> {
                if (REMOVED.containsKey(keyword)) {
                    alert(line, REMOVED.get(keyword));
                } else if (HaproxyKeywords.PROXY_KNOWN.contains(keyword)) {
                    notImplemented(line, keyword);
                } else {
                    Optional<String> best = DidYouMean.bestMatch(keyword, HaproxyKeywords.PROXY_SUGGESTIONS);
                    alert(line, "unknown keyword '" + keyword + "' in '" + sectionKeyword + "' section"
                            + best.map(match -> "; did you mean '" + match + "' maybe ?").orElse(""));
                }
            }
        }
    }

    private void parseModified(Line line, String modifier) {
        switch (line.keyword()) {
            case "option" -> parseOption(line, modifier + " ");
            case "log" -> {
                if (!modifier.equals("no")) {
                    parseLog(line);
                } else if (!line.word(1).isEmpty()) {
                    alert(line, "log : 'no log' does not expect arguments");
                } else {
                    line.section.logTargets.clear();
                }
            }
            default -> {
                Optional<String> best = DidYouMean.bestMatch(line.keyword(), HaproxyKeywords.PROXY_SUGGESTIONS);
                alert(line, "unknown keyword '" + line.keyword() + "' in '" + line.sectionKeyword + "' section"
                        + best.map(match -> "; did you mean '" + match + "' maybe ?").orElse(""));
            }
        }
    }

    private void alert(Line line, String message) {
        diagnostics.alert(line.location, message);
    }

    private void notImplemented(Line line, String what) {
        alert(line, "'" + what + "' is not implemented yet by Bascule");
    }

    /** HAProxy's {@code alertif_too_many_args()}. */
    private boolean tooManyArgs(Line line, int maxArgs) {
        String extra = line.word(maxArgs + 1);
        if (extra.isEmpty()) {
            return false;
        }
        alert(line, "'" + line.keyword() + "' cannot handle unexpected argument '" + extra + "'.");
        return true;
    }

    private boolean notInDefaults(Line line) {
        if (line.section.kind == ProxySection.Kind.DEFAULTS) {
            alert(line, "'" + line.keyword() + "' not allowed in 'defaults' section.");
            return false;
        }
        return true;
    }

    /** HAProxy's {@code warnifnotcap()} text, reported as an alert. */
    private boolean requireFrontend(Line line) {
        if (!line.section.hasFrontend()) {
            alert(line, "'" + line.keyword() + "' ignored because " + line.section.describe()
                    + " has no frontend capability.");
            return false;
        }
        return true;
    }

    private boolean requireBackend(Line line) {
        if (!line.section.hasBackend()) {
            alert(line, "'" + line.keyword() + "' ignored because " + line.section.describe()
                    + " has no backend capability.");
            return false;
        }
        return true;
    }

    private void parseMode(Line line) {
        if (tooManyArgs(line, 1)) {
            return;
        }
        switch (line.word(1)) {
            case "http" -> line.section.mode = ProxyMode.HTTP;
            case "tcp" -> line.section.mode = ProxyMode.TCP;
            case "health" -> alert(line, "'mode health' doesn't exist anymore. Please use 'http-request return status"
                    + " 200' instead.");
            default -> alert(line, "unknown proxy mode '" + line.word(1) + "'.");
        }
    }

    private void parseTimeout(Line line) {
        int offset = line.keyword().equals("timeout") ? 1 : 0;
        String kind = line.word(offset);
        switch (kind) {
            case "clitimeout" -> {
                alert(line, "the 'clitimeout' directive is not supported anymore since HAProxy 2.1. Use 'timeout"
                        + " client'.");
                return;
            }
            case "srvtimeout" -> {
                alert(line, "the 'srvtimeout' directive is not supported anymore since HAProxy 2.1. Use 'timeout"
                        + " server'.");
                return;
            }
            case "contimeout" -> {
                alert(line, "the 'contimeout' directive is not supported anymore since HAProxy 2.1. Use 'timeout"
                        + " connect'.");
                return;
            }
            default -> {
                // a timeout kind
            }
        }
        Optional<ProxySection.Timeout> timeout = ProxySection.Timeout.of(kind);
        if (timeout.isEmpty()) {
            if (HaproxyKeywords.TIMEOUTS_KNOWN.contains(kind)) {
                notImplemented(line, "timeout " + kind);
            } else {
                alert(line, TIMEOUT_KINDS + " (got '" + kind + "')");
            }
            return;
        }
        String value = line.word(offset + 1);
        if (value.isEmpty()) {
            alert(line, "'timeout " + kind + "' expects an integer value (in milliseconds)");
            return;
        }
        TimeValue parsed = TimeValue.parseMillis(value);
        if (parsed instanceof TimeValue.Overflow) {
            alert(line, "timer overflow in argument '" + value + "' to 'timeout " + kind + "' (maximum value is"
                    + " 2147483647 ms or ~24.8 days)");
            return;
        }
        if (parsed instanceof TimeValue.Underflow) {
            alert(line, "timer underflow in argument '" + value + "' to 'timeout " + kind + "' (minimum non-null"
                    + " value is 1 ms)");
            return;
        }
        if (parsed instanceof TimeValue.UnexpectedCharacter unexpected) {
            alert(line, "unexpected character '" + unexpected.character() + "' in 'timeout " + kind + "'");
            return;
        }
        TimeValue.Valid valid = (TimeValue.Valid) parsed;
        valid.trailingCharacter().ifPresent(character -> diagnostics.warning(line.location,
                "unexpected character '" + character + "' after the timer value '" + value + "', only"
                        + " (us=microseconds,ms=milliseconds,s=seconds,m=minutes,h=hours,d=days) are supported."
                        + " This will be reported as an error in next versions."));
        String extra = line.word(offset + 2);
        if (!extra.isEmpty()) {
            alert(line, "'timeout " + kind + "' : unexpected extra argument '" + extra + "' after value '" + value
                    + "'.");
            return;
        }
        ProxySection section = line.section;
        ProxySection.Timeout which = timeout.get();
        boolean capable = (which.frontend && section.hasFrontend()) || (which.backend && section.hasBackend());
        if (!capable) {
            alert(line, "'timeout " + kind + "' will be ignored because " + section.describe() + " has no "
                    + (which.backend ? "backend" : "frontend") + " capability");
            return;
        }
        Optional<Duration> inherited = section.parent == null ? section.timeout(which)
                : section.parent.timeout(which);
        if (!section.timeout(which).equals(inherited)) {
            diagnostics.warning(line.location, "overwriting 'timeout " + kind + "' which was already specified");
        }
        section.timeouts[which.ordinal()] = valid.duration().orElse(null);
    }

    private void parseBind(Line line) {
        if (!notInDefaults(line) || !requireFrontend(line)) {
            return;
        }
        String list = line.word(1);
        if (list.isEmpty()) {
            alert(line, "'bind' expects {<path>|[addr1]:port1[-end1]}{,[addr]:port[-end]}... as arguments.");
            return;
        }
        List<ListenAddress> addresses = new ArrayList<>();
        for (String item : ConfigParser.splitAddresses(list)) {
            Addresses.Parsed parsed = Addresses.parse(item, Addresses.Use.BIND, environment);
            Optional<ListenAddress> address = ConfigParser.listenAddress(parsed, item, "'bind' : ", "'bind' : ",
                    line.location, diagnostics);
            if (address.isEmpty()) {
                return;
            }
            addresses.add(address.get());
        }
        String option = line.word(2);
        if (!option.isEmpty()) {
            String context = "'bind " + list + "' in section '" + line.sectionKeyword + "'";
            if (HaproxyKeywords.BIND_KEYWORDS.contains(option)) {
                alert(line, context + " : '" + option + "' is not implemented yet by Bascule");
            } else {
                Optional<String> best = DidYouMean.bestMatch(option, HaproxyKeywords.BIND_KEYWORDS);
                alert(line, context + ": unknown keyword '" + option + "'"
                        + best.map(match -> "; did you mean '" + match + "' maybe ?").orElse("."));
            }
            return;
        }
        for (ListenAddress address : addresses) {
            line.section.binds.add(new BindConfig(address, line.location));
        }
    }

    /** A connectable address for {@code server} and {@code dispatch}, or empty after an alert. */
    private Optional<ServerAddress> serverAddress(Line line, String written, Addresses.Use use, String prefix) {
        Addresses.Parsed parsed = Addresses.parse(written, use, environment);
        if (parsed instanceof Addresses.Invalid invalid) {
            alert(line, prefix + invalid.message());
            return Optional.empty();
        }
        if (parsed instanceof Addresses.Unsupported unsupported) {
            alert(line, prefix + "'" + unsupported.form() + "' addresses are not implemented yet by Bascule");
            return Optional.empty();
        }
        if (!(parsed instanceof Addresses.Inet inet)) {
            alert(line, prefix + "UNIX socket addresses are not implemented yet by Bascule (in '" + written + "')");
            return Optional.empty();
        }
        if (inet.offset()) {
            alert(line, prefix + "port offsets are not implemented yet by Bascule (in '" + written + "')");
            return Optional.empty();
        }
        if (inet.portLow() == 0) {
            alert(line, prefix + (inet.portGiven() ? "invalid port '0'" : "missing port specification in '" + written
                    + "'"));
            return Optional.empty();
        }
        if (inet.host().isEmpty() || inet.host().equals("::")) {
            alert(line, prefix + "addresses without a host are not implemented yet by Bascule (in '" + written + "')");
            return Optional.empty();
        }
        if (inet.hostName() && inet.host().startsWith("_")) {
            alert(line, prefix + "DNS SRV records are not implemented yet by Bascule (in '" + written + "')");
            return Optional.empty();
        }
        return Optional.of(new ServerAddress(inet.host(), inet.portLow()));
    }

    private void parseServer(Line line) {
        ProxySection section = line.section;
        if (section.kind == ProxySection.Kind.DEFAULTS) {
            alert(line, "'server' not allowed in 'defaults' section.");
            return;
        }
        if (!section.hasBackend()) {
            alert(line, "'server' not allowed because " + section.describe() + " has no backend capability.");
            return;
        }
        if (line.word(2).isEmpty()) {
            alert(line, "'server' expects <name> and <addr>[:<port>] as arguments.");
            return;
        }
        String name = line.word(1);
        int invalid = ConfigParser.invalidChar(name);
        if (invalid >= 0) {
            alert(line, "character '" + name.charAt(invalid) + "' is not permitted in server name '" + name + "'.");
            return;
        }
        String prefix = "'server " + section.name + "/" + name + "' : ";
        Optional<ServerAddress> address = serverAddress(line, line.word(2), Addresses.Use.SERVER, prefix);
        if (address.isEmpty()) {
            return;
        }
        int weight = ServerConfig.DEFAULT_WEIGHT;
        int index = 3;
        while (!line.word(index).isEmpty()) {
            String option = line.word(index);
            if (option.equals("weight")) {
                weight = (int) CText.atol(line.word(index + 1));
                if (weight < 0 || weight > ServerConfig.MAX_WEIGHT) {
                    alert(line, prefix + "weight of server " + name + " is not within 0 and " + ServerConfig.MAX_WEIGHT
                            + " (" + weight + ")..");
                    return;
                }
                index += 2;
            } else if (HaproxyKeywords.SERVER_KNOWN.contains(option)) {
                alert(line, prefix + "'" + option + "' is not implemented yet by Bascule");
                return;
            } else {
                Optional<String> best = DidYouMean.bestMatch(option, HaproxyKeywords.SERVER_SUGGESTIONS);
                alert(line, prefix + "unknown keyword '" + option + "'"
                        + best.map(match -> "; did you mean '" + match + "' maybe ?").orElse("."));
                return;
            }
        }
        for (ServerConfig server : section.servers) {
            if (server.name().equals(name)) {
                alert(line, prefix + "a server with the same name is already declared at " + server.location());
                return;
            }
        }
        section.servers.add(new ServerConfig(name, address.get(), weight, line.location));
    }

    private void parseDispatch(Line line) {
        if (!notInDefaults(line) || !requireBackend(line)) {
            return;
        }
        Optional<ServerAddress> address = serverAddress(line, line.word(1), Addresses.Use.DISPATCH, "'dispatch' : ");
        if (address.isEmpty() || tooManyArgs(line, 1)) {
            return;
        }
        line.section.dispatch = address.get();
    }

    private void parseDefaultBackend(Line line) {
        if (!requireFrontend(line)) {
            return;
        }
        if (line.word(1).isEmpty()) {
            alert(line, "'default_backend' expects a backend name.");
            return;
        }
        if (tooManyArgs(line, 1)) {
            return;
        }
        line.section.defaultBackend = line.word(1);
        line.section.defaultBackendLocation = line.location;
    }

    private void parseUseBackend(Line line) {
        if (!notInDefaults(line) || !requireFrontend(line)) {
            return;
        }
        String backend = line.word(1);
        if (backend.isEmpty()) {
            alert(line, "'use_backend' expects a backend name.");
            return;
        }
        String next = line.word(2);
        if (next.equals("if") || next.equals("unless")) {
            alert(line, "ACL conditions are not implemented yet by Bascule");
            return;
        }
        if (!next.isEmpty()) {
            alert(line, "unexpected keyword '" + next + "' after switching rule, only 'if' and 'unless' are allowed.");
            return;
        }
        if (backend.indexOf('%') >= 0) {
            alert(line, "log-format expressions in 'use_backend' names are not implemented yet by Bascule");
            return;
        }
        line.section.useBackendRules.add(new UseBackendRule(backend, line.location));
    }

    private void parseBalance(Line line) {
        if (!requireBackend(line)) {
            return;
        }
        String written = line.word(1);
        String algorithm;
        List<String> arguments = new ArrayList<>();
        if (written.isEmpty()) {
            algorithm = BalanceConfig.DEFAULT_ALGORITHM;
        } else {
            int parenthesis = written.indexOf('(');
            if (parenthesis > 0 && written.endsWith(")")) {
                algorithm = written.substring(0, parenthesis);
                arguments.add(written.substring(parenthesis + 1, written.length() - 1));
            } else {
                algorithm = written;
            }
            arguments.addAll(line.args.subList(2, line.args.size()));
        }
        Optional<BalancingAlgorithmFactory> factory = registry.balancingAlgorithm(algorithm);
        if (factory.isEmpty()) {
            SortedSet<String> names = registry.balancingAlgorithmNames();
            Optional<String> best = DidYouMean.bestMatch(algorithm, names);
            alert(line, "unknown balance algorithm '" + (written.isEmpty() ? algorithm : written)
                    + "' (expected one of: " + String.join(", ", names) + ")"
                    + best.map(match -> "; did you mean '" + match + "'?").orElse(""));
            return;
        }
        try {
            factory.get().create(List.copyOf(arguments));
        } catch (InvalidArgumentException e) {
            alert(line, "'balance " + written + "' : " + e.getMessage());
            return;
        }
        line.section.balance = new BalanceConfig(algorithm, arguments, line.location);
    }

    private void parseRetries(Line line) {
        if (!requireBackend(line) || tooManyArgs(line, 1)) {
            return;
        }
        if (line.word(1).isEmpty()) {
            alert(line, "'retries' expects an integer argument (dispatch counts for one).");
            return;
        }
        long retries = CText.atol(line.word(1));
        if (retries < 0 || retries > Integer.MAX_VALUE) {
            alert(line, "'retries' expects a positive integer argument (got '" + line.word(1) + "').");
            return;
        }
        line.section.retries = (int) retries;
    }

    private void parseLog(Line line) {
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
            alert(line, failed.message());
            return;
        }
        if (line.section.kind == ProxySection.Kind.BACKEND) {
            // a backend's own targets only receive server state and health-check messages
            alert(line, "'log' targets in a backend (server state and health-check messages) are not implemented"
                    + " yet by Bascule");
            return;
        }
        targets.add(((LogParser.Parsed) result).target());
    }

    /** {@code option httplog [clf]}, {@code option tcplog}, {@code option dontlognull}; false for other options. */
    private boolean parseLogOption(Line line, String modifier) {
        String option = line.word(1);
        ProxySection section = line.section;
        switch (option) {
            case "httplog", "tcplog" -> {
                if (!modifier.isEmpty()) {
                    alert(line, "negation/default is not supported for option '" + option + "'.");
                    return true;
                }
                String argument = line.word(2);
                boolean clf = false;
                if (option.equals("httplog") && !argument.isEmpty()) {
                    if (!argument.equals("clf")) {
                        alert(line, "keyword 'httplog' only supports option 'clf'.");
                        return true;
                    }
                    clf = true;
                }
                int maxArgs = clf ? 2 : 1;
                if (!line.word(maxArgs + 1).isEmpty()) {
                    alert(line, "'option " + option + "' cannot handle unexpected argument '" + line.word(maxArgs + 1)
                            + "'.");
                    return true;
                }
                if (!section.hasFrontend()) {
                    alert(line, section.describe() + " : 'option " + option + "' directive is ignored in backends.");
                    return true;
                }
                section.logFormat = option.equals("tcplog") ? LogSettings.LineFormat.TCP
                        : clf ? LogSettings.LineFormat.HTTP_CLF : LogSettings.LineFormat.HTTP;
                section.logFormatLocation = line.location;
                return true;
            }
            case "dontlognull", "log-separate-errors" -> {
                if (!line.word(2).isEmpty()) {
                    alert(line, "'" + modifier + "option " + option + "' cannot handle unexpected argument '"
                            + line.word(2) + "'.");
                    return true;
                }
                if (!section.hasFrontend()) {
                    alert(line, "'" + option + "' ignored because " + section.describe() + " has no frontend"
                            + " capability.");
                    return true;
                }
                if (option.equals("dontlognull")) {
                    section.dontLogNull = !modifier.equals("no ");
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

    private void parseOption(Line line, String modifier) {
        String option = line.word(1);
        if (option.isEmpty()) {
            alert(line, "'option' expects an option name.");
            return;
        }
        if (parseLogOption(line, modifier)) {
            return;
        }
        if (HaproxyKeywords.OPTIONS_KNOWN.contains(option)) {
            notImplemented(line, modifier + "option " + option);
            return;
        }
        List<String> candidates = Stream.concat(HaproxyKeywords.OPTIONS_TABLES.stream(),
                HaproxyKeywords.OPTIONS_COMMON.stream()).collect(Collectors.toList());
        Optional<String> best = DidYouMean.bestMatch(option, candidates);
        alert(line, "unknown option '" + option + "'"
                + best.map(match -> "; did you mean '" + match + "' maybe ?").orElse("."));
    }

    private void parseHttpRequest(Line line) {
        ProxySection section = line.section;
        if (section.kind == ProxySection.Kind.DEFAULTS) {
            if (section.name.isEmpty()) {
                alert(line, "'http-request' not allowed in anonymous 'defaults' section.");
            } else {
                alert(line, "'http-request' rules in 'defaults' sections are not implemented yet by Bascule");
            }
            return;
        }
        if (!section.hasFrontend()) {
            alert(line, "'http-request' rules in backends are not implemented yet by Bascule");
            return;
        }
        List<HttpRequestRule> rules = section.httpRequestRules;
        if (!rules.isEmpty() && rules.get(rules.size() - 1).action() instanceof HttpRequestAction.Return) {
            diagnostics.warning(line.location, "previous 'http-request' action is final and has no condition"
                    + " attached, further entries are NOOP.");
        }
        String action = line.word(1);
        if (action.equals("return")) {
            Optional<HttpRequestAction.Return> parsed = new HttpReturnParser(line.tokens, line.location, diagnostics,
                    section.describe()).parse();
            if (parsed.isEmpty()) {
                return;
            }
            if (!section.useBackendRules.isEmpty()) {
                diagnostics.warning(line.location, "a 'http-request' rule placed after a 'use_backend' rule will"
                        + " still be processed before.");
            }
            rules.add(new HttpRequestRule(parsed.get(), line.location));
            return;
        }
        Optional<String> known = HaproxyKeywords.httpRequestAction(action);
        if (known.isPresent()) {
            notImplemented(line, "http-request " + known.get());
            return;
        }
        Optional<String> best = DidYouMean.bestMatch(action, HaproxyKeywords.HTTP_REQUEST_ACTION_NAMES,
                name -> HaproxyKeywords.HTTP_REQUEST_ACTIONS.contains(name + "(*)"));
        String expected = HaproxyKeywords.HTTP_REQUEST_ACTIONS.stream().map(name -> "'" + name + "'")
                .collect(Collectors.joining(", "));
        alert(line, "'http-request' expects " + expected + ", but got '" + action + "'"
                + (action.isEmpty() ? " (missing argument)" : "") + "."
                + best.map(match -> " Did you mean '" + match + "' maybe ?").orElse(""));
    }
}
