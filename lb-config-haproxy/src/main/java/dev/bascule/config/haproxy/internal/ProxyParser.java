package dev.bascule.config.haproxy.internal;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.config.BalanceConfig;
import dev.bascule.api.config.BindConfig;
import dev.bascule.api.config.HttpRequestAction;
import dev.bascule.api.config.HttpRequestRule;
import dev.bascule.api.config.ListenAddress;
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
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
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

    ProxyParser(KeywordRegistry registry, Map<String, String> environment, Diagnostics diagnostics) {
        this.registry = registry;
        this.environment = environment;
        this.diagnostics = diagnostics;
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
            case "default-server" -> parseDefaultServer(line);
            case "http-check" -> parseHttpCheck(line);
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
        ProxySection.ServerDefaults settings = section.serverDefaults.copy();
        if (!parseServerOptions(line, 3, settings, prefix, name)) {
            return;
        }
        for (ServerConfig server : section.servers) {
            if (server.name().equals(name)) {
                alert(line, prefix + "a server with the same name is already declared at " + server.location());
                return;
            }
        }
        section.servers.add(new ServerConfig(name, address.get(), settings.weight, line.location,
                settings.toCheck(), settings.backup));
    }

    /** {@code default-server}: sets what the following {@code server} lines start from. */
    private void parseDefaultServer(Line line) {
        ProxySection section = line.section;
        if (!section.hasBackend()) {
            alert(line, "'default-server' not allowed because " + section.describe() + " has no backend capability.");
            return;
        }
        ProxySection.ServerDefaults settings = section.serverDefaults.copy();
        if (parseServerOptions(line, 1, settings, "", "default-server")) {
            section.serverDefaults = settings;
        }
    }

    /**
     * The keywords after a server's address (or after {@code default-server}), HAProxy's
     * {@code srv_kws}, with HAProxy's alerts. False after an alert.
     */
    private boolean parseServerOptions(Line line, int start, ProxySection.ServerDefaults settings, String prefix,
                                       String name) {
        int index = start;
        while (!line.word(index).isEmpty()) {
            String option = line.word(index);
            String value = line.word(index + 1);
            switch (option) {
                case "weight" -> {
                    int weight = (int) CText.atol(value);
                    if (weight < 0 || weight > ServerConfig.MAX_WEIGHT) {
                        alert(line, prefix + "weight of server " + name + " is not within 0 and "
                                + ServerConfig.MAX_WEIGHT + " (" + weight + ")..");
                        return false;
                    }
                    settings.weight = weight;
                    index += 2;
                }
                case "check" -> {
                    settings.check = true;
                    index++;
                }
                case "backup" -> {
                    settings.backup = true;
                    index++;
                }
                case "inter", "fastinter", "downinter" -> {
                    Duration delay = serverDelay(line, option, value, prefix, name);
                    if (delay == null) {
                        return false;
                    }
                    switch (option) {
                        case "inter" -> settings.inter = delay;
                        case "fastinter" -> settings.fastInter = delay;
                        default -> settings.downInter = delay;
                    }
                    index += 2;
                }
                case "rise", "fall" -> {
                    if (value.isEmpty()) {
                        alert(line, prefix + "'" + option + "' expects an integer argument..");
                        return false;
                    }
                    long count = CText.atol(value);
                    if (count <= 0 || count > Integer.MAX_VALUE) {
                        alert(line, prefix + "'" + option + "' has to be > 0..");
                        return false;
                    }
                    if (option.equals("rise")) {
                        settings.rise = (int) count;
                    } else {
                        settings.fall = (int) count;
                    }
                    index += 2;
                }
                case "port" -> {
                    if (value.isEmpty()) {
                        alert(line, prefix + "'port' expects a port number as argument..");
                        return false;
                    }
                    long port = CText.atol(value);
                    if (port < 0 || port > 65535) {
                        // HAProxy keeps the low 16 bits of atol(); Bascule does not guess
                        alert(line, prefix + "'port' expects a port number as argument (got '" + value + "')..");
                        return false;
                    }
                    settings.port = (int) port;
                    index += 2;
                }
                case "addr" -> {
                    if (value.isEmpty()) {
                        alert(line, prefix + "'addr' expects <ipv4|ipv6> as argument..");
                        return false;
                    }
                    Addresses.Parsed parsed = Addresses.parse(value, Addresses.Use.SERVER, environment);
                    if (!(parsed instanceof Addresses.Inet inet) || inet.host().isEmpty() || inet.portGiven()) {
                        alert(line, prefix + "'addr' : invalid address: '" + value + "' in '" + value + "'..");
                        return false;
                    }
                    settings.address = inet.host();
                    index += 2;
                }
                default -> {
                    if (HaproxyKeywords.SERVER_KNOWN.contains(option)) {
                        alert(line, prefix + "'" + option + "' is not implemented yet by Bascule");
                    } else {
                        Optional<String> best = DidYouMean.bestMatch(option, HaproxyKeywords.SERVER_SUGGESTIONS);
                        alert(line, prefix + "unknown keyword '" + option + "'"
                                + best.map(match -> "; did you mean '" + match + "' maybe ?").orElse("."));
                    }
                    return false;
                }
            }
        }
        return true;
    }

    /** HAProxy's {@code srv_parse_check_inter()}: a delay above 0, or an alert and null. */
    private Duration serverDelay(Line line, String option, String value, String prefix, String name) {
        if (value.isEmpty()) {
            alert(line, prefix + "'" + option + "' expects a delay as argument..");
            return null;
        }
        TimeValue parsed = TimeValue.parseMillis(value);
        if (parsed instanceof TimeValue.Overflow) {
            alert(line, prefix + "timer overflow in argument <" + value + "> to <" + option + "> of server " + name
                    + ", maximum value is 2147483647 ms (~24.8 days)..");
            return null;
        }
        if (parsed instanceof TimeValue.Underflow) {
            alert(line, prefix + "timer underflow in argument <" + value + "> to <" + option + "> of server " + name
                    + ", minimum non-null value is 1 ms..");
            return null;
        }
        Character unexpected = parsed instanceof TimeValue.UnexpectedCharacter character ? character.character()
                : ((TimeValue.Valid) parsed).trailingCharacter().orElse(null);
        if (unexpected != null) {
            // sic: HAProxy 2.6 names 'agent-inter' whichever delay it parses
            alert(line, prefix + "unexpected character '" + unexpected + "' in 'agent-inter' argument of server " + name
                    + "..");
            return null;
        }
        long millis = ((TimeValue.Valid) parsed).millis();
        if (millis <= 0) {
            alert(line, prefix + "invalid value " + millis + " for argument '" + option + "' of server " + name + "..");
            return null;
        }
        return Duration.ofMillis(millis);
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
        if (line.word(1).equals("global") && line.word(2).isEmpty()) {
            return;
        }
        notImplemented(line, "log");
    }

    private void parseOption(Line line, String modifier) {
        String option = line.word(1);
        if (option.isEmpty()) {
            alert(line, "'option' expects an option name.");
            return;
        }
        if (option.equals("httpchk")) {
            parseHttpchk(line, modifier);
            return;
        }
        if (option.equals("redispatch")) {
            parseRedispatch(line, modifier);
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

    /** {@code option httpchk [<method>] [<uri>] [<version>]} (or {@code [<uri>]} alone). */
    private void parseHttpchk(Line line, String modifier) {
        if (!requireBackendOption(line)) {
            return;
        }
        ProxySection section = line.section;
        if (modifier.equals("no ")) {
            section.httpCheckRequest = null;
            return;
        }
        if (modifier.equals("default ")) {
            alert(line, "'default option httpchk' is not implemented yet by Bascule");
            return;
        }
        if (!line.word(5).isEmpty()) {
            alert(line, "'option httpchk' cannot handle unexpected argument '" + line.word(5) + "'.");
            return;
        }
        List<String> request = new ArrayList<>();
        if (!line.word(2).isEmpty() && line.word(3).isEmpty()) {
            // a single argument is the URI
            request.addAll(List.of("uri", line.word(2)));
        } else if (!line.word(2).isEmpty()) {
            request.addAll(List.of("meth", line.word(2), "uri", line.word(3)));
            if (!line.word(4).isEmpty()) {
                request.addAll(List.of("ver", line.word(4)));
            }
        }
        section.httpCheckRequest = request;
        section.httpCheckLocation = line.location;
    }

    /** {@code option redispatch [<interval>]}. */
    private void parseRedispatch(Line line, String modifier) {
        if (!requireBackendOption(line)) {
            return;
        }
        switch (modifier) {
            case "no " -> line.section.redispatch = null;
            case "default " -> line.section.redispatch = null;
            default -> line.section.redispatch = line.word(2).isEmpty() ? -1 : (int) CText.atol(line.word(2));
        }
    }

    /** HAProxy's {@code warnifnotcap()} for an option: the option's name, not the keyword. */
    private boolean requireBackendOption(Line line) {
        if (!line.section.hasBackend()) {
            alert(line, "'" + line.word(1) + "' ignored because " + line.section.describe()
                    + " has no backend capability.");
            return false;
        }
        return true;
    }

    /** {@code http-check send|expect}; the other actions are not implemented. */
    private void parseHttpCheck(Line line) {
        if (!requireBackend(line)) {
            return;
        }
        String action = line.word(1);
        switch (action) {
            case "expect" -> parseHttpCheckExpect(line);
            case "send" -> parseHttpCheckSend(line);
            case "disable-on-404", "send-state", "comment", "connect" -> notImplemented(line, "http-check " + action);
            default -> {
                if (action.startsWith("set-var-fmt(") || action.startsWith("set-var(")
                        || action.startsWith("unset-var(")) {
                    notImplemented(line, "http-check " + action.substring(0, action.indexOf('(')));
                    return;
                }
                alert(line, "'http-check' only supports 'disable-on-404', 'send-state', 'comment', 'connect',"
                        + " 'send', 'expect', 'set-var-fmt(*)', 'set-var(*)', 'unset-var(*)'. but got '" + action + "'");
            }
        }
    }

    private void parseHttpCheckExpect(Line line) {
        ProxySection section = line.section;
        int index = 2;
        boolean inverse = line.word(index).equals("!");
        if (inverse) {
            index++;
        }
        String kind = line.word(index);
        if (kind.isEmpty()) {
            alert(line, "'http-check expect' : expects at least a matching pattern as arguments.");
            return;
        }
        switch (kind) {
            case "status", "rstatus", "string", "rstring" -> {
                String pattern = line.word(index + 1);
                if (pattern.isEmpty()) {
                    alert(line, "'http-check expect' : '" + kind + "' expects a <pattern> as argument.");
                    return;
                }
                if (!line.word(index + 2).isEmpty()) {
                    notImplemented(line, "http-check expect " + kind + " ... " + line.word(index + 2));
                    return;
                }
                if (section.httpCheckExpect && isOwnRule(section)) {
                    alert(line, "more than one 'http-check expect' rule is not implemented yet by Bascule");
                    return;
                }
                List<String> rule = new ArrayList<>(List.of("expect"));
                if (inverse) {
                    rule.add("!");
                }
                rule.add(kind);
                rule.add(pattern);
                if (kind.startsWith("r")) {
                    try {
                        Pattern.compile(pattern);
                    } catch (PatternSyntaxException e) {
                        alert(line, "'http-check expect' : regex '" + pattern + "' is invalid (error="
                                + e.getDescription() + ", erroffset=" + e.getIndex() + ").");
                        return;
                    }
                }
                if (!isOwnRule(section)) {
                    // rules of a section replace the rules it inherited
                    section.httpCheckRules.clear();
                    section.httpCheckExpect = false;
                }
                section.httpCheckRules.addAll(rule);
                section.httpCheckExpect = true;
                markOwnRule(section, line);
            }
            case "min-recv", "string-lf", "hdr", "fhdr", "comment", "status-code", "on-success", "on-error",
                 "ok-status", "error-status", "tout-status" -> notImplemented(line, "http-check expect " + kind);
            default -> alert(line, "'http-check expect' : 'only supports min-recv, [!]string', '[!]rstring',"
                    + " '[!]string-lf', '[!]status', '[!]rstatus', [!]hdr, [!]fhdr or comment but got '" + kind
                    + "' as argument..");
        }
    }

    private void parseHttpCheckSend(Line line) {
        ProxySection section = line.section;
        List<String> rule = new ArrayList<>();
        int index = 2;
        while (!line.word(index).isEmpty()) {
            String word = line.word(index);
            switch (word) {
                case "meth", "uri", "ver" -> {
                    if (line.word(index + 1).isEmpty()) {
                        alert(line, "'http-check send' : '" + word + "' expects a " + switch (word) {
                            case "meth" -> "method";
                            case "uri" -> "URI";
                            default -> "version";
                        } + " as argument.");
                        return;
                    }
                    rule.add(word);
                    rule.add(line.word(index + 1));
                    index += 2;
                }
                case "hdr" -> {
                    if (line.word(index + 1).isEmpty() || line.word(index + 2).isEmpty()) {
                        alert(line, "'http-check send' : 'hdr' expects <name> and <value> as arguments.");
                        return;
                    }
                    rule.addAll(List.of("hdr", line.word(index + 1), line.word(index + 2)));
                    index += 3;
                }
                case "uri-lf", "body", "body-lf", "comment" -> {
                    notImplemented(line, "http-check send " + word);
                    return;
                }
                default -> {
                    alert(line, "'http-check send' : expects 'comment', 'meth', 'uri', 'uri-lf', 'ver', 'hdr', 'body'"
                            + " or 'body-lf' but got '" + word + "' as argument.");
                    return;
                }
            }
        }
        if (!isOwnRule(section)) {
            section.httpCheckRules.clear();
            section.httpCheckExpect = false;
        }
        section.httpCheckRules.addAll(rule);
        markOwnRule(section, line);
    }

    /** Whether the section's http-check rules were written in it (else they are the defaults'). */
    private static boolean isOwnRule(ProxySection section) {
        return section.httpCheckRulesOwn;
    }

    private static void markOwnRule(ProxySection section, Line line) {
        if (!section.httpCheckRulesOwn) {
            section.httpCheckRulesLocation = line.location;
        }
        section.httpCheckRulesOwn = true;
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
