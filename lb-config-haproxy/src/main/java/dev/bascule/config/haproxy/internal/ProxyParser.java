package dev.bascule.config.haproxy.internal;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.balance.BalanceArgumentException;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.balance.HashType;
import dev.bascule.api.config.AclConfig;
import dev.bascule.api.config.AclTerm;
import dev.bascule.api.config.AddHeader;
import dev.bascule.api.config.BalanceConfig;
import dev.bascule.api.config.Condition;
import dev.bascule.api.config.CookieConfig;
import dev.bascule.api.config.DelHeader;
import dev.bascule.api.config.ForwardFor;
import dev.bascule.api.config.HttpAllow;
import dev.bascule.api.config.HttpAuth;
import dev.bascule.api.config.HttpCommonAction;
import dev.bascule.api.config.HttpDeny;
import dev.bascule.api.config.HttpRedirect;
import dev.bascule.api.config.HttpResponseAction;
import dev.bascule.api.config.HttpResponseRule;
import dev.bascule.api.config.HttpTuning;
import dev.bascule.api.config.HttpReuse;
import dev.bascule.api.config.IpNetwork;
import dev.bascule.api.config.SetHeader;
import dev.bascule.api.config.BindConfig;
import dev.bascule.api.config.HttpRequestAction;
import dev.bascule.api.config.HttpRequestRule;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.config.RequestLineRewrite;
import dev.bascule.api.config.SetVariable;
import dev.bascule.api.config.UnsetVariable;
import dev.bascule.api.config.ListenAddress;
import dev.bascule.api.config.LogSettings;
import dev.bascule.api.config.LogTarget;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.config.ServerAddress;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.StickTableConfig;
import dev.bascule.api.config.TrackCounter;
import dev.bascule.api.config.TcpAction;
import dev.bascule.api.config.TcpRule;
import dev.bascule.api.config.TlsCertificate;
import dev.bascule.api.config.TlsSettings;
import dev.bascule.api.config.UseBackendRule;
import dev.bascule.api.config.WaitForBody;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.sample.Phase;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.Supplier;
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
            Map.entry("srvexp", removedSince("srvexp", "Use 'http-response replace-header' instead.")),
            Map.entry("rsprep", removedSince("rsprep", "Use 'http-response replace-header' instead.")),
            Map.entry("rspdel", removedSince("rspdel", "Use 'http-response del-header' .")),
            Map.entry("rspdeny", removedSince("rspdeny", "Use 'http-response deny' instead.")),
            Map.entry("rspirep", removedSince("rspirep", "Use 'http-response replace-header' instead.")),
            Map.entry("rspidel", removedSince("rspidel", "Use 'http-response del-header' instead.")),
            Map.entry("rspideny", removedSince("rspideny", "Use 'http-response deny' instead.")));

    private static final String TIMEOUT_KINDS = "'timeout' supports 'client', 'server', 'connect', 'check', 'queue',"
            + " 'http-keep-alive', 'http-request', 'tunnel', 'tarpit', 'client-fin' and 'server-fin'";

    private final KeywordRegistry registry;
    private final Map<String, String> environment;
    private final Diagnostics diagnostics;
    private final AclParser aclParser;
    private final LogFormatParser logFormats;
    /** The global section's {@code log} lines so far, which {@code log global} copies. */
    private final List<LogTarget> globalLogTargets;

    private ErrorFiles.Sections errorSections = new ErrorFiles.Sections();

    /** The global {@code tune.*} values as read so far (the global section comes first, as in HAProxy). */
    private Supplier<HttpTuning> tuning =
            () -> HttpTuning.DEFAULT;

    /** Where the global {@code tune.*} values read so far come from. */
    void tuning(Supplier<HttpTuning> source) {
        this.tuning = source;
    }

    /** The http-errors sections of the configuration, as they are read. */
    void errorSections(ErrorFiles.Sections sections) {
        this.errorSections = sections;
    }

    ProxyParser(KeywordRegistry registry, Map<String, String> environment, Diagnostics diagnostics,
                List<LogTarget> globalLogTargets) {
        this.registry = registry;
        this.aclParser = new AclParser(registry);
        this.logFormats = new LogFormatParser(aclParser);
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
        if (modifier != null) {
            parseModified(line, modifier);
        } else {
            parseKeyword(line, sectionKeyword);
        }
        for (AclParser.UserlistUse use : aclParser.takeUserlistUses()) {
            userlistReferences.add(new UserlistReference(use, location, section.name, line.keyword()));
        }
    }

    /**
     * A userlist a fetch names on a line of a proxy section, checked once every section is read.
     *
     * @param proxy   the section's name
     * @param keyword the line's keyword ({@code http-request}...), for rule expressions
     */
    record UserlistReference(AclParser.UserlistUse use, SourceLocation location, String proxy, String keyword) {
    }

    private final List<UserlistReference> userlistReferences = new ArrayList<>();

    /** The userlists the proxies' fetches name, in the order of the lines. */
    List<UserlistReference> userlistReferences() {
        return List.copyOf(userlistReferences);
    }

    private void parseKeyword(Line line, String sectionKeyword) {
        String keyword = line.keyword();
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
            case "hash-type" -> parseHashType(line);
            case "retries" -> parseRetries(line);
            case "log" -> parseLog(line);
            case "http-request" -> parseHttpRequest(line);
            case "http-response" -> parseHttpResponse(line);
            case "http-after-response" -> parseHttpResponse(line);
            case "tcp-request" -> parseTcpRequest(line);
            case "tcp-response" -> parseTcpResponse(line);
            case "acl" -> parseAcl(line);
            case "cookie" -> parseCookie(line);
            case "http-reuse" -> parseHttpReuse(line);
            case "maxconn" -> parseMaxconn(line);
            case "redirect" -> parseRedirect(line);
            case "reqadd" -> parseLegacyAdd(line, true);
            case "rspadd" -> parseLegacyAdd(line, false);
            case "option" -> parseOption(line, "");
            case "monitor-uri" -> {
                if (requireFrontend(line)) {
                    if (line.word(1).isEmpty()) {
                        alert(line, "'monitor-uri' expects an URI.");
                    } else {
                        line.section.monitorUri = line.word(1);
                    }
                }
            }
            case "monitor" -> parseMonitor(line);
            case "stats" -> parseStats(line);
            case "unique-id-format" -> parseUniqueIdFormat(line);
            case "log-format" -> parseLogFormat(line);
            case "capture" -> parseCapture(line);
            case "stick-table" -> parseStickTable(line);
            case "declare" -> parseDeclare(line);
            case "errorfile" -> ErrorFiles.load(line.word(1), line.word(2), line.location, diagnostics,
                    tuning.get().bufsize())
                    .ifPresent(reply -> line.section.errorReferences.add(new ErrorFiles.Reference(
                            Integer.parseInt(line.word(1)), reply, null, List.of(), line.location)));
            case "errorfiles" -> parseErrorFiles(line);
            case "http-error" -> parseHttpError(line);
            case "unique-id-header" -> {
                if (line.word(1).isEmpty()) {
                    alert(line, "'unique-id-header' expects an argument.");
                } else {
                    line.section.uniqueIdHeader = line.word(1);
                }
            }
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

    KeywordRegistry registry() {
        return registry;
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

    private static final String STATS_EXPECTS = ", expects 'admin', 'uri', 'realm', 'auth', 'scope', 'enable',"
            + " 'hide-version', 'show-node', 'show-desc' or 'show-legends'.";

    /**
     * The {@code stats} lines of a proxy or defaults section (HAProxy's {@code uri_auth}): any of
     * them enables the page; a section's first own line drops what it inherited from its defaults.
     * {@code stats auth} and {@code stats realm} put the page behind a Basic challenge;
     * {@code stats admin}, {@code stats http-request} and {@code stats show-modules} are refused as
     * not implemented.
     */
    private void parseStats(Line line) {
        ProxySection section = line.section;
        if (section.kind != ProxySection.Kind.DEFAULTS && section.parent != null
                && section.stats == section.parent.stats) {
            // "we must detach from the default config"
            section.stats = null;
        }
        String what = line.word(1);
        String value = line.word(2);
        switch (what) {
            case "" -> alert(line, "missing keyword in 'stats'" + STATS_EXPECTS);
            case "admin" -> {
                if (section.kind == ProxySection.Kind.DEFAULTS) {
                    alert(line, "'stats admin' not allowed in 'defaults' section.");
                } else if (!value.equals("if") && !value.equals("unless")) {
                    alert(line, "'stats admin' requires either 'if' or 'unless' followed by a condition.");
                } else {
                    notImplemented(line, "stats admin");
                }
            }
            case "http-request" -> {
                if (section.kind == ProxySection.Kind.DEFAULTS) {
                    alert(line, "'stats' not allowed in 'defaults' section.");
                } else {
                    notImplemented(line, "stats http-request");
                }
            }
            case "uri" -> {
                if (value.isEmpty()) {
                    alert(line, "'uri' needs an URI prefix.");
                } else {
                    statsSettings(line).uri = value;
                }
            }
            case "realm" -> {
                if (value.isEmpty()) {
                    alert(line, "'realm' needs an realm name.");
                } else {
                    statsSettings(line).realm = value;
                }
            }
            case "auth" -> {
                if (value.isEmpty()) {
                    alert(line, "'auth' needs a user:password account.");
                } else {
                    // HAProxy's stats_add_auth(): the user up to the first ':', the clear password after it
                    int colon = value.indexOf(':');
                    String user = colon < 0 ? value : value.substring(0, colon);
                    String password = colon < 0 ? "" : value.substring(colon + 1);
                    statsSettings(line).users.putIfAbsent(user, new dev.bascule.api.config.UserlistConfig.User(user,
                            password, true, List.of(), line.location));
                }
            }
            case "refresh" -> parseStatsRefresh(line, value);
            case "scope" -> {
                if (value.isEmpty()) {
                    alert(line, "'scope' needs a proxy name.");
                } else {
                    statsSettings(line).scopes.add(value);
                }
            }
            case "enable" -> statsSettings(line);
            case "hide-version" -> statsSettings(line).hideVersion = true;
            case "show-legends" -> statsSettings(line).showLegends = true;
            case "show-modules" -> notImplemented(line, "stats show-modules");
            case "show-node" -> {
                if (!value.isEmpty() && !validNodeName(value)) {
                    alert(line, "'stats show-node' invalid node name - should be a stringwith digits(0-9),"
                            + " letters(A-Z, a-z), hyphen(-) or underscode(_).");
                } else {
                    statsSettings(line).showNode = value;
                }
            }
            case "show-desc" -> {
                if (value.isEmpty()) {
                    // Bascule has no global 'description' (refused there): HAProxy without one warns
                    diagnostics.warning(line.location, "'show-desc' requires a parameter or 'desc' to be set in"
                            + " the global section.");
                } else {
                    statsSettings(line).showDescription = String.join(" ", line.args.subList(2,
                            wordCount(line)));
                }
            }
            default -> alert(line, "unknown stats parameter '" + what + "'" + STATS_EXPECTS);
        }
    }

    /** The number of words of the line (HAProxy stops at the first empty one). */
    private static int wordCount(Line line) {
        int count = 0;
        while (count < line.args.size() && !line.args.get(count).isEmpty()) {
            count++;
        }
        return count;
    }

    private static boolean validNodeName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
                    || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /** HAProxy's {@code stats_check_init_uri_auth()}: the section's settings, created on first use. */
    private static ProxySection.StatsSettings statsSettings(Line line) {
        if (line.section.stats == null) {
            line.section.stats = new ProxySection.StatsSettings(line.location);
        }
        return line.section.stats;
    }

    /** {@code stats refresh <delay>}: a time in seconds by default, as {@code parse_time_err(TIME_UNIT_S)}. */
    private void parseStatsRefresh(Line line, String value) {
        TimeValue parsed = TimeValue.parse(value, TimeValue.Unit.SECONDS);
        if (parsed instanceof TimeValue.Overflow) {
            alert(line, "timer overflow in argument <" + value + "> to stats refresh interval, maximum value is"
                    + " 2147483647 s (~68 years).");
            return;
        }
        if (parsed instanceof TimeValue.Underflow) {
            alert(line, "timer underflow in argument <" + value + "> to stats refresh interval, minimum non-null"
                    + " value is 1 s.");
            return;
        }
        if (parsed instanceof TimeValue.UnexpectedCharacter unexpected) {
            // HAProxy prints the character with %c: a missing value (NUL) ends its message there
            alert(line, unexpected.character() == '\0' ? "unexpected character '"
                    : "unexpected character '" + unexpected.character() + "' in argument to stats refresh interval.");
            return;
        }
        TimeValue.Valid valid = (TimeValue.Valid) parsed;
        valid.trailingCharacter().ifPresent(character -> diagnostics.warning(line.location,
                "unexpected character '" + character + "' after the timer value '" + value + "', only"
                        + " (us=microseconds,ms=milliseconds,s=seconds,m=minutes,h=hours,d=days) are supported."
                        + " This will be reported as an error in next versions."));
        // 0 leaves the page without refresh
        statsSettings(line).refresh = valid.millis() == 0 ? null : Duration.ofSeconds(valid.millis());
    }

    /** {@code monitor fail if|unless COND} (frontends and listen sections). */
    private void parseMonitor(Line line) {
        if (line.section.kind == ProxySection.Kind.DEFAULTS) {
            alert(line, "'monitor' not allowed in 'defaults' section.");
            return;
        }
        if (!requireFrontend(line)) {
            return;
        }
        if (!line.word(1).equals("fail")) {
            alert(line, "'monitor' only supports 'fail'.");
            return;
        }
        if (!line.word(2).equals("if") && !line.word(2).equals("unless")) {
            alert(line, "'monitor fail' requires either 'if' or 'unless' followed by a condition.");
            return;
        }
        ConditionResult result = condition(line, 2, "error detected while parsing a 'monitor fail' condition : ");
        result.condition().ifPresent(line.section.monitorFail::add);
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
        Optional<Optional<TlsSettings>> tls = parseBindOptions(line, list);
        if (tls.isEmpty()) {
            return;
        }
        for (ListenAddress address : addresses) {
            line.section.binds.add(new BindConfig(address, line.location, tls.get()));
        }
    }

    /**
     * The options after a bind's addresses, as HAProxy's {@code bind_parse_*()} read them: the
     * line stops at the first bad one. {@code crt} loads its certificates at once, so a missing
     * file or a PEM without a key is an alert at the bind's line. {@code crt} and {@code alpn}
     * without {@code ssl} are checked and have no effect, as in HAProxy.
     *
     * @return the TLS settings ({@code ssl}) or none (clear text); empty after an alert
     */
    private Optional<Optional<TlsSettings>> parseBindOptions(Line line, String list) {
        String context = "'bind " + list + "' in section '" + line.sectionKeyword + "'";
        boolean ssl = false;
        List<TlsCertificate> certificates = new ArrayList<>();
        List<String> alpn = List.of();
        int index = 2;
        while (index < line.args.size() && !line.word(index).isEmpty()) {
            String option = line.word(index);
            switch (option) {
                case "ssl" -> index++;
                case "crt" -> {
                    String path = line.word(index + 1);
                    if (path.isEmpty()) {
                        alert(line, context + " : 'crt' : missing certificate location");
                        return Optional.empty();
                    }
                    Certificates.Loaded loaded = Certificates.load(path);
                    if (loaded.error().isPresent()) {
                        alert(line, context + " : " + loaded.error().get());
                        return Optional.empty();
                    }
                    certificates.addAll(loaded.certificates());
                    index += 2;
                }
                case "alpn" -> {
                    Optional<List<String>> protocols = alpnProtocols(line, context, line.word(index + 1));
                    if (protocols.isEmpty()) {
                        return Optional.empty();
                    }
                    alpn = protocols.get();
                    index += 2;
                }
                default -> {
                    if (HaproxyKeywords.BIND_KEYWORDS.contains(option)) {
                        alert(line, context + " : '" + option + "' is not implemented yet by Bascule");
                    } else {
                        Optional<String> best = DidYouMean.bestMatch(option, HaproxyKeywords.BIND_KEYWORDS);
                        alert(line, context + ": unknown keyword '" + option + "'"
                                + best.map(match -> "; did you mean '" + match + "' maybe ?").orElse("."));
                    }
                    return Optional.empty();
                }
            }
            ssl |= option.equals("ssl");
        }
        if (!ssl) {
            return Optional.of(Optional.empty());
        }
        if (certificates.isEmpty()) {
            // HAProxy finds this when it checks the proxy, after parsing
            alert(line, "Proxy '" + line.section.name + "': no SSL certificate specified for bind '" + list + "' at ["
                    + line.location.file() + ":" + line.location.line() + "] (use 'crt').");
            return Optional.empty();
        }
        return Optional.of(Optional.of(new TlsSettings(certificates, alpn)));
    }

    /** {@code ssl_sock_parse_alpn()}, then what Bascule can speak: HTTP/1.x only. */
    private Optional<List<String>> alpnProtocols(Line line, String context, String argument) {
        if (argument.isEmpty()) {
            alert(line, context + " : 'alpn' : missing the comma-delimited ALPN protocol suite");
            return Optional.empty();
        }
        List<String> protocols = new ArrayList<>();
        for (String protocol : argument.split(",", -1)) {
            if (protocol.length() > 255) {
                alert(line, context + " : 'alpn' : ALPN protocol name too long : '" + protocol + "'");
                return Optional.empty();
            }
            if (protocol.isEmpty()) {
                continue; // HAProxy would advertise an empty name, which no client can choose
            }
            protocols.add(protocol);
        }
        for (String protocol : protocols) {
            if (protocol.equals("h2")) {
                alert(line, context + " : 'alpn' : HTTP/2 ('h2') is not implemented yet by Bascule");
                return Optional.empty();
            }
            if (!protocol.equals("http/1.1") && !protocol.equals("http/1.0")) {
                alert(line, context + " : 'alpn' : protocol '" + protocol + "' is not implemented yet by Bascule"
                        + " (expected: http/1.1, http/1.0)");
                return Optional.empty();
            }
        }
        return Optional.of(protocols);
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
            alert(line, ConfigParser.notPermitted(name, invalid, "server name '" + name + "'."));
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
        section.servers.add(new ServerConfig(name, address.get(), settings.weight,
                Optional.ofNullable(settings.cookie), line.location, settings.toCheck(), settings.backup,
                settings.poolMaxConn));
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
                case "cookie" -> {
                    if (value.isEmpty()) {
                        alert(line, prefix + "'cookie' expects <value> as argument.");
                        return false;
                    }
                    settings.cookie = value;
                    index += 2;
                }
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
                case "pool-max-conn" -> {
                    if (value.isEmpty()) {
                        alert(line, prefix + "'pool-max-conn' expects <value> as argument..");
                        return false;
                    }
                    // HAProxy's atoi(): leading digits, 0 for none
                    long max = CText.atol(value);
                    if (max < -1) {
                        alert(line, prefix + "'pool-max-conn' must be >= -1.");
                        return false;
                    }
                    settings.poolMaxConn = (int) Math.min(max, Integer.MAX_VALUE);
                    index += 2;
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
        Optional<Condition> condition = Optional.empty();
        if (next.equals("if") || next.equals("unless")) {
            ConditionResult parsed = condition(line, 2, "error detected while parsing switching rule : ");
            if (!parsed.ok()) {
                return;
            }
            condition = parsed.condition();
        } else if (!next.isEmpty()) {
            alert(line, "unexpected keyword '" + next + "' after switching rule, only 'if' and 'unless' are allowed.");
            return;
        }
        Optional<LogFormat> dynamic = Optional.empty();
        if (backend.indexOf('%') >= 0) {
            try {
                LogFormat format = logFormats.parse(backend, HEADER_VARIABLES, "'use_backend' names",
                        dev.bascule.api.sample.Phase.HTTP_REQUEST);
                if (!format.isLiteral()) {
                    dynamic = Optional.of(format);
                }
            } catch (AclParser.AclException e) {
                alert(line, "error detected while parsing switching rule : " + e.getMessage());
                return;
            }
        }
        line.section.useBackendRules.add(new UseBackendRule(backend, condition, line.location, dynamic));
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
        } else if (written.startsWith("random(") && !written.endsWith(")")) {
            alert(line, "balance random : missing closing parenthesis.");
            return;
        } else if (written.startsWith("hdr(") && !written.endsWith(")")) {
            // HAProxy looks for the parenthesis ending the name
            alert(line, "balance hdr requires an http header field name.");
            return;
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
            if (e instanceof BalanceArgumentException) {
                // worded as backend_parse_balance() words it, the algorithm first
                alert(line, "balance " + e.getMessage());
            } else {
                alert(line, "'balance " + written + "' : " + e.getMessage());
            }
            return;
        }
        line.section.balance = new BalanceConfig(algorithm, arguments, line.location);
    }

    /** {@code hash-type map-based|consistent [sdbm|djb2|wt6|crc32 [avalanche]]}, with HAProxy's messages. */
    private void parseHashType(Line line) {
        if (!requireBackend(line)) {
            return;
        }
        String type = line.word(1);
        boolean consistent;
        if (type.equals("consistent")) {
            consistent = true;
        } else if (type.equals("map-based")) {
            consistent = false;
        } else if (type.equals("avalanche")) {
            alert(line, "experimental feature 'hash-type avalanche' is not supported anymore, please use "
                    + "'hash-type map-based sdbm avalanche' instead.");
            return;
        } else {
            alert(line, "'hash-type' only supports 'consistent' and 'map-based'.");
            return;
        }
        String function = line.word(2);
        boolean avalanche;
        if (function.isEmpty()) {
            // sdbm by default; consistent hashing adds the avalanche modifier to it
            function = "sdbm";
            avalanche = consistent;
        } else {
            if (!List.of("sdbm", "djb2", "wt6", "crc32").contains(function)) {
                alert(line, "'hash-type' only supports 'sdbm', 'djb2', 'crc32', or 'wt6' hash functions.");
                return;
            }
            String modifier = line.word(3);
            if (!modifier.isEmpty() && !modifier.equals("avalanche")) {
                alert(line, "'hash-type' only supports 'avalanche' as a modifier for hash functions.");
                return;
            }
            avalanche = modifier.equals("avalanche");
        }
        line.section.hashType = new HashType(consistent, function, avalanche);
        line.section.hashTypeLocation = line.location;
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
            case "dontlognull", "log-separate-errors", "logasap" -> {
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

    private void parseOption(Line line, String modifier) {
        String option = line.word(1);
        if (option.isEmpty()) {
            alert(line, "'option' expects an option name.");
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
        if (option.equals("http-keep-alive") && modifier.isEmpty()) {
            // HAProxy 2.x's default connection mode, the only one Bascule has: nothing to change
            if (!line.word(2).isEmpty()) {
                alert(line, "'option http-keep-alive' cannot handle unexpected argument '" + line.word(2) + "'.");
            }
            return;
        }
        if (option.equals("http-buffer-request")) {
            if (!line.word(2).isEmpty()) {
                alert(line, "'" + modifier + "option http-buffer-request' cannot handle unexpected argument '"
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
        if (option.equals("httpchk")) {
            parseHttpchk(line, modifier);
            return;
        }
        if (option.equals("redispatch")) {
            parseRedispatch(line, modifier);
            return;
        }
        if (option.equals("log-health-checks")) {
            parseLogHealthChecks(line, modifier);
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

    /** {@code option originalto [except NET] [header NAME]}: the address the client connected to, for the server. */
    private void parseOriginalTo(Line line) {
        String header = "X-Original-To";
        Optional<IpNetwork> except = Optional.empty();
        int index = 2;
        while (!line.word(index).isEmpty()) {
            String argument = line.word(index);
            switch (argument) {
                case "except" -> {
                    except = IpNetworks.parse(line.word(index + 1));
                    if (except.isEmpty()) {
                        alert(line, "'option originalto except' expects <address>[/mask] as argument.");
                        return;
                    }
                    index += 2;
                }
                case "header" -> {
                    if (line.word(index + 1).isEmpty()) {
                        alert(line, "'option originalto header' expects <header_name> as argument.");
                        return;
                    }
                    header = line.word(index + 1);
                    index += 2;
                }
                default -> {
                    alert(line, "'option originalto' only supports optional values: 'except' and 'header'.");
                    return;
                }
            }
        }
        line.section.originalTo = new ForwardFor(header, except, false);
    }

    /** {@code option forwardfor [except NET] [header NAME] [if-none]}, as cfgparse-listen.c reads it. */
    private void parseForwardFor(Line line) {
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
                        alert(line, "'option forwardfor except' expects <address>[/mask] as argument.");
                        return;
                    }
                    index += 2;
                }
                case "header" -> {
                    if (line.word(index + 1).isEmpty()) {
                        alert(line, "'option forwardfor header' expects <header_name> as argument.");
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
                    alert(line, "'option forwardfor' only supports optional values: 'except', 'header' and 'if-none'.");
                    return;
                }
            }
        }
        line.section.forwardFor = new ForwardFor(header, except, ifNone);
    }

    /** Fetches HAProxy also serves on a mode tcp stream's payload, which Bascule only serves on HTTP streams. */
    private static final java.util.Set<String> TCP_PAYLOAD_FETCHES = java.util.Set.of("req.len", "req_len");

    /**
     * HAProxy's {@code warnif_cond_conflicts()}: an ACL whose fetches are all unavailable where the
     * rule runs never matches. Named ACLs are judged on the lines known so far, as HAProxy does.
     */
    private void warnIfNeverMatches(Line line, Condition condition, Phase phase, String where) {
        for (List<AclTerm> terms : condition.alternatives()) {
            for (AclTerm term : terms) {
                List<AclConfig> acls = term.acls().isEmpty() ? line.section.acls.getOrDefault(term.name(), List.of())
                        : term.acls();
                boolean anonymous = term.name().startsWith("{");
                AclConfig incompatible = null;
                boolean anyCompatible = false;
                for (AclConfig acl : acls) {
                    boolean available = registry.sampleFetch(acl.fetch())
                            .map(fetch -> fetch.availableIn().contains(phase)).orElse(true);
                    if (available) {
                        anyCompatible = true;
                    } else if (incompatible == null) {
                        incompatible = acl;
                    }
                }
                if (incompatible == null || anyCompatible) {
                    continue;
                }
                if (phase == Phase.TCP_CONTENT && TCP_PAYLOAD_FETCHES.contains(incompatible.fetch())) {
                    // HAProxy reads it there; Bascule's rule would silently never match
                    alert(line, "fetch '" + incompatible.fetch() + "' in '" + where + "' of a mode tcp proxy is not"
                            + " implemented yet by Bascule (it inspects no payload)");
                    return;
                }
                if (anonymous) {
                    String keyword = term.name().substring(1).strip().split("[\\s(]", 2)[0];
                    diagnostics.warning(line.location, "anonymous acl will never match because it uses keyword '"
                            + keyword + "' which is incompatible with '" + where + "'");
                } else {
                    diagnostics.warning(line.location, "acl '" + term.name() + "' will never match because it only"
                            + " involves keywords that are incompatible with '" + where + "'");
                }
                return;
            }
        }
    }

    /** {@code http-reuse never|safe|aggressive|always}. */
    private void parseHttpReuse(Line line) {
        if (!requireBackend(line)) {
            return;
        }
        if (!line.word(2).isEmpty()) {
            alert(line, "'http-reuse " + line.word(1) + "' cannot handle unexpected argument '" + line.word(2) + "'.");
            return;
        }
        switch (line.word(1)) {
            case "never" -> line.section.reuse = HttpReuse.NEVER;
            case "safe" -> line.section.reuse = HttpReuse.SAFE;
            case "aggressive" -> line.section.reuse = HttpReuse.AGGRESSIVE;
            case "always" -> line.section.reuse = HttpReuse.ALWAYS;
            default -> alert(line, "'http-reuse' only supports 'never', 'safe', 'aggressive', 'always'.");
        }
    }

    /** A proxy's {@code maxconn}: the frontend's limit of concurrent connections (atol, 0 = the global one). */
    private void parseMaxconn(Line line) {
        if (!line.section.hasFrontend()) {
            alert(line, "'maxconn' ignored because " + line.section.describe() + " has no frontend capability."
                    + " Maybe you want 'fullconn' instead ?");
            return;
        }
        if (line.word(1).isEmpty()) {
            alert(line, "'maxconn' expects an integer argument.");
            return;
        }
        if (tooManyArgs(line, 1)) {
            return;
        }
        line.section.maxConnections = Math.max(0, CText.atol(line.word(1)));
    }

    /** {@code cookie NAME [rewrite|insert|prefix] [indirect] [nocache] [preserve] [httponly] [secure] [domain D]}. */
    private void parseCookie(Line line) {
        if (!requireBackend(line)) {
            return;
        }
        String name = line.word(1);
        if (name.isEmpty()) {
            alert(line, "'cookie' expects <cookie_name> as argument.");
            return;
        }
        boolean rewrite = false;
        boolean insert = false;
        boolean prefix = false;
        boolean indirect = false;
        boolean nocache = false;
        boolean preserve = false;
        boolean httpOnly = false;
        boolean secure = false;
        List<String> domains = new ArrayList<>();
        int index = 2;
        while (!line.word(index).isEmpty()) {
            String option = line.word(index);
            switch (option) {
                case "rewrite" -> rewrite = true;
                case "insert" -> insert = true;
                case "prefix" -> prefix = true;
                case "indirect" -> indirect = true;
                case "nocache" -> nocache = true;
                case "preserve" -> preserve = true;
                case "httponly" -> httpOnly = true;
                case "secure" -> secure = true;
                case "domain" -> {
                    String domain = line.word(index + 1);
                    if (domain.isEmpty()) {
                        alert(line, "'cookie' expects <domain> as argument.");
                        return;
                    }
                    if (domain.indexOf('.') < 0) {
                        diagnostics.warning(line.location, "domain '" + domain + "' contains no embedded dot, this"
                                + " configuration may not work properly (see RFC6265#5.2.3).");
                    }
                    domains.add(domain);
                    index++;
                }
                case "postonly", "maxidle", "maxlife", "dynamic", "attr" -> {
                    notImplemented(line, "cookie " + option);
                    return;
                }
                default -> {
                    alert(line, "'cookie' supports 'rewrite', 'insert', 'prefix', 'indirect', 'nocache', 'postonly',"
                            + " 'domain', 'maxidle', 'dynamic', 'maxlife' and 'attr' options.");
                    return;
                }
            }
            index++;
        }
        if (rewrite && indirect) {
            alert(line, "cookie 'rewrite' and 'indirect' modes are incompatible.");
            return;
        }
        if ((rewrite ? 1 : 0) + (insert ? 1 : 0) + (prefix ? 1 : 0) > 1) {
            alert(line, "cookie 'rewrite', 'insert' and 'prefix' modes are incompatible.");
            return;
        }
        if (preserve && !insert && !indirect) {
            alert(line, "cookie 'preserve' requires at least 'insert' or 'indirect'.");
            return;
        }
        CookieConfig.Mode mode = insert ? CookieConfig.Mode.INSERT : rewrite ? CookieConfig.Mode.REWRITE
                : prefix ? CookieConfig.Mode.PREFIX : CookieConfig.Mode.PASSIVE;
        line.section.cookie = new CookieConfig(name, mode, indirect, nocache, preserve, httpOnly, secure, domains,
                line.location);
    }

    /** A parsed condition, or the failure already reported. */
    private record ConditionResult(boolean ok, Optional<Condition> condition) {
        static final ConditionResult FAILED = new ConditionResult(false, Optional.empty());
        static final ConditionResult NONE = new ConditionResult(true, Optional.empty());
    }

    /** The condition starting at word {@code index} ({@code if} or {@code unless}). */
    private ConditionResult condition(Line line, int index, String errorPrefix) {
        try {
            Condition condition = aclParser.parseCondition(line.args.subList(index, line.args.size()),
                    line.section.acls, line.location);
            return new ConditionResult(true, Optional.of(condition));
        } catch (AclParser.AclException e) {
            alert(line, errorPrefix + e.getMessage() + ".");
            return ConditionResult.FAILED;
        }
    }

    /** What follows an action: nothing, or a condition. */
    private ConditionResult trailingCondition(Line line, int index, String rule) {
        String next = line.word(index);
        if (next.equals("if") || next.equals("unless")) {
            return condition(line, index, "error detected while parsing an '" + rule + "' condition : ");
        }
        if (!next.isEmpty()) {
            alert(line, "'" + rule + "' expects either 'if' or 'unless' followed by a condition but found '" + next
                    + "'.");
            return ConditionResult.FAILED;
        }
        return ConditionResult.NONE;
    }

    private void parseAcl(Line line) {
        ProxySection section = line.section;
        if (section.kind == ProxySection.Kind.DEFAULTS) {
            if (section.name.isEmpty()) {
                alert(line, "'acl' not allowed in anonymous 'defaults' section.");
            } else {
                alert(line, "'acl' in 'defaults' sections is not implemented yet by Bascule");
            }
            return;
        }
        String name = line.word(1);
        int invalid = ConfigParser.invalidChar(name);
        if (invalid >= 0) {
            alert(line, ConfigParser.notPermitted(name, invalid, "acl name '" + name + "'."));
            return;
        }
        if (name.equalsIgnoreCase("or")) {
            alert(line, "acl name '" + name + "' will never match. 'or' is used to express a logical disjunction"
                    + " within a condition.");
            return;
        }
        try {
            AclConfig acl = aclParser.parse(name, line.args.subList(Math.min(2, line.args.size()), line.args.size()),
                    line.location);
            section.acls.computeIfAbsent(name, key -> new ArrayList<>()).add(acl);
        } catch (AclParser.AclException e) {
            alert(line, "error detected while parsing ACL '" + name + "' : " + e.getMessage() + ".");
        }
    }

    /** HAProxy's {@code warnif_misplaced_http_req()}: an http-request rule after a redirect or use_backend rule. */
    private void warnIfMisplacedHttpRequest(Line line) {
        if (!line.section.redirectRules.isEmpty()) {
            diagnostics.warning(line.location, "a '" + line.keyword() + "' rule placed after a 'redirect' rule will"
                    + " still be processed before.");
        } else {
            warnIfMisplacedRedirect(line);
        }
    }

    /** HAProxy's {@code warnif_misplaced_redirect()}. */
    private void warnIfMisplacedRedirect(Line line) {
        if (!line.section.useBackendRules.isEmpty()) {
            diagnostics.warning(line.location, "a '" + line.keyword() + "' rule placed after a 'use_backend' rule will"
                    + " still be processed before.");
        }
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

    /** {@code [no] option log-health-checks}: each change of a check's result is logged (HAProxy's PR_O2_LOGHCHKS). */
    private void parseLogHealthChecks(Line line, String modifier) {
        if (!line.section.hasBackend()) {
            // HAProxy's warnifnotcap(): a warning, the line ignored
            diagnostics.warning(line.location, "'log-health-checks' ignored because " + line.section.describe()
                    + " has no backend capability.");
            return;
        }
        if (!line.word(2).isEmpty()) {
            alert(line, "'option log-health-checks' cannot handle unexpected argument '" + line.word(2) + "'.");
            return;
        }
        line.section.logHealthChecks = switch (modifier) {
            case "no " -> false;
            case "default " -> line.section.parent != null && line.section.parent.logHealthChecks;
            default -> true;
        };
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
        if (!rulesAllowedIn(line)) {
            return;
        }
        List<HttpRequestRule> rules = section.httpRequestRules;
        if (!rules.isEmpty()) {
            HttpRequestRule last = rules.get(rules.size() - 1);
            warnIfAfterFinal(line, last.condition().isEmpty() && isFinal(last.action()));
        }
        String action = line.word(1);
        String rule = "http-request " + action;
        String owner = "error detected in " + section.describe() + " while parsing '" + rule + "' rule : ";
        HttpRequestAction parsed;
        int next;
        switch (action) {
            case "return" -> {
                HttpReturnParser parser = new HttpReturnParser(line.tokens, line.location, diagnostics,
                        section.describe(), logFormats, tuning.get()).forAction("http-request return", 2, 200, false,
                        errorSections);
                Optional<HttpRequestAction.Return> returned = parser.parse();
                if (returned.isEmpty()) {
                    return;
                }
                parsed = parser.builtIn() || parser.silent()
                        ? new HttpRequestAction.Return(returned.get().status(), Optional.empty(), Optional.empty(),
                                List.of(), Optional.empty(), List.of(), true)
                        : returned.get();
                next = parser.nextIndex();
            }
            case "wait-for-body" -> {
                WaitForBody wait = parseWaitForBody(line, owner);
                if (wait == null) {
                    return;
                }
                parsed = wait;
                next = waitForBodyNext;
            }
            case "set-src", "set-dst" -> {
                if (line.word(2).isEmpty()) {
                    alert(line, owner + "expects exactly 1 argument.");
                    return;
                }
                try {
                    parsed = new dev.bascule.api.config.SetAddress(action.equals("set-src"), aclParser.expression(
                            line.word(2), List.of(), dev.bascule.api.sample.Phase.HTTP_REQUEST, line.word(2)));
                } catch (AclParser.AclException e) {
                    alert(line, owner + e.getMessage());
                    return;
                }
                next = 3;
            }
            case "set-path", "set-pathq", "set-query", "set-uri", "set-method", "replace-path", "replace-pathq",
                    "replace-uri" -> {
                Optional<RequestLineRewrite> rewrite = parseRequestLineRewrite(line, action, owner);
                if (rewrite.isEmpty()) {
                    return;
                }
                parsed = rewrite.get();
                next = action.startsWith("replace-") ? 4 : 3;
            }
            case "redirect" -> {
                RedirectResult redirect = parseRedirectArguments(line, 2, owner);
                if (redirect == null) {
                    return;
                }
                parsed = redirect.redirect();
                next = redirect.next();
            }
            case "auth" -> {
                // HAProxy's parse_http_auth(): an optional realm, the proxy's name otherwise
                Optional<String> realm = Optional.empty();
                next = 2;
                if (line.word(2).equals("realm")) {
                    if (line.word(3).isEmpty()) {
                        alert(line, owner + "missing realm value.");
                        return;
                    }
                    realm = Optional.of(line.word(3));
                    next = 4;
                }
                parsed = new HttpAuth(realm);
            }
            default -> {
                if (action.startsWith("track-sc")) {
                    TrackCounter track = parseTrack(line, 2, action, Phase.HTTP_REQUEST, owner, ".");
                    if (track == null) {
                        return;
                    }
                    parsed = track;
                    next = trackNext;
                    break;
                }
                CommonAction common = parseCommonAction(line, action, HttpDeny.DEFAULT_STATUS, owner);
                if (common == null) {
                    unknownHttpRequestAction(line, action);
                    return;
                }
                if (common.action() == null) {
                    return;
                }
                parsed = common.action();
                next = common.next();
            }
        }
        ConditionResult condition = trailingCondition(line, next, rule);
        if (!condition.ok()) {
            return;
        }
        warnIfMisplacedHttpRequest(line);
        rules.add(new HttpRequestRule(parsed, condition.condition(), line.location));
    }

    /** An action of both directions and the index of the word after it; a null action after an alert. */
    private record CommonAction(HttpCommonAction action, int next) {
        static final CommonAction FAILED = new CommonAction(null, -1);
    }

    /**
     * {@code deny}, {@code allow}, {@code add-header}, {@code set-header}, {@code del-header}: the
     * actions {@code http-request} and {@code http-response} share. Null when {@code action} is
     * none of them.
     */
    private CommonAction parseCommonAction(Line line, String action, int denyStatus, String owner) {
        if (action.startsWith("set-var(") || action.startsWith("set-var-fmt(") || action.startsWith("unset-var(")) {
            return parseVariableAction(line, action, owner);
        }
        if (action.equals("replace-header") || action.equals("replace-value")) {
            return parseReplaceHeader(line, action, owner);
        }
        if (action.equals("capture")) {
            return parseCaptureAction(line, owner);
        }
        if (action.equals("set-log-level")) {
            return parseSetLogLevel(line, 2, owner);
        }
        switch (action) {
            case "deny" -> {
                Optional<HttpDeny> deny = parseDeny(line, denyStatus, owner);
                return deny.map(value -> new CommonAction(value, value.reply().isPresent() || value.silent()
                        || denyNext > 0 ? denyNext : line.word(2).equals("deny_status") ? 4 : 2))
                        .orElse(CommonAction.FAILED);
            }
            case "allow" -> {
                return new CommonAction(new HttpAllow(), 2);
            }
            case "add-header", "set-header" -> {
                return parseHeaderValue(line, owner).map(parsed -> new CommonAction(action.equals("add-header")
                        ? new AddHeader(parsed.name(), parsed.format().text(), parsed.format())
                        : new SetHeader(parsed.name(), parsed.format().text(), parsed.format()), 4))
                        .orElse(CommonAction.FAILED);
            }
            case "del-header" -> {
                return parseDelHeader(line, owner).map(delete -> new CommonAction(delete,
                        line.word(3).equals("-m") ? 5 : 3)).orElse(CommonAction.FAILED);
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * {@code http-request capture EXPR len N|id N}, {@code http-response capture EXPR id N}
     * (HAProxy's {@code parse_http_req_capture()} / {@code parse_http_res_capture()}): a
     * {@code len} declares a new request slot in this section; an {@code id} is checked against the
     * frontend's slots once the section is read ({@link ConfigAssembler}).
     */
    private CommonAction parseCaptureAction(Line line, String owner) {
        boolean request = line.keyword().equals("http-request");
        int conditionAt = 2;
        while (conditionAt < 5 && !line.word(conditionAt).isEmpty() && !line.word(conditionAt).equals("if")
                && !line.word(conditionAt).equals("unless")) {
            conditionAt++;
        }
        if (conditionAt < 5) {
            alert(line, owner + (request ? "expects <expression> [ 'len' <length> | id <idx> ]"
                    : "expects <expression> id <idx>") + ".");
            return CommonAction.FAILED;
        }
        String expression = line.word(2);
        LogFormat.Expression parsed;
        try {
            parsed = aclParser.expression(expression, List.of(), phaseOf(line), expression);
        } catch (AclParser.AclException e) {
            alert(line, owner + e.getMessage());
            return CommonAction.FAILED;
        }
        String kind = line.word(3);
        String value = line.word(4);
        if (request && kind.equals("len")) {
            if (!line.section.kind.frontend) {
                alert(line, owner + "proxy '" + line.section.name + "' has no frontend capability.");
                return CommonAction.FAILED;
            }
            int length = CText.atoi(value);
            if (length <= 0) {
                alert(line, owner + "length must be > 0.");
                return CommonAction.FAILED;
            }
            line.section.requestCaptures.add(new dev.bascule.api.config.HeaderCapture("", length));
            return new CommonAction(new dev.bascule.api.config.CaptureSample(parsed,
                    line.section.requestCaptures.size() - 1), 5);
        }
        if (kind.equals("id")) {
            int id;
            try {
                id = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                id = -1;
            }
            if (id < 0) {
                alert(line, owner + "cannot parse id '" + value + "'.");
                return CommonAction.FAILED;
            }
            return new CommonAction(new dev.bascule.api.config.CaptureSample(parsed, id), 5);
        }
        alert(line, owner + (request ? "expects 'len' or 'id', found '" + kind + "'." : "expects 'id', found '"
                + kind + "'."));
        return CommonAction.FAILED;
    }

    /**
     * {@code tcp-request inspect-delay|connection|session|content} (HAProxy's
     * {@code tcp_parse_tcp_req()}).
     */
    private void parseTcpRequest(Line line) {
        ProxySection section = line.section;
        String stage = line.word(1);
        boolean defaults = section.kind == ProxySection.Kind.DEFAULTS;
        if (stage.isEmpty()) {
            alert(line, defaults ? "missing argument for 'tcp-request' in defaults section"
                    : "missing argument for 'tcp-request' in " + section.describe());
            return;
        }
        if (stage.equals("inspect-delay")) {
            if (defaults && section.name.isEmpty()) {
                alert(line, "tcp-request inspect-delay is not allowed in anonymous 'defaults' sections");
                return;
            }
            long delay = inspectDelay(line, "tcp-request");
            if (delay < 0) {
                return;
            }
            if (section.tcpInspectDelay != 0) {
                diagnostics.warning(line.location, "ignoring tcp-request inspect-delay (was already defined) in "
                        + section.describe());
                return;
            }
            section.tcpInspectDelay = delay;
            return;
        }
        List<TcpRule> rules;
        Phase phase;
        switch (stage) {
            case "content" -> {
                rules = section.tcpContentRules;
                // in HTTP mode the request is parsed when the content rules run
                phase = section.mode == ProxyMode.HTTP ? Phase.HTTP_REQUEST : Phase.TCP_CONTENT;
            }
            case "connection", "session" -> {
                if (!section.kind.frontend) {
                    alert(line, "tcp-request " + stage + " is not allowed because " + section.kind.typeName() + " "
                            + section.name + " is not a frontend");
                    return;
                }
                rules = stage.equals("connection") ? section.tcpConnectionRules : section.tcpSessionRules;
                phase = Phase.TCP_CONNECTION;
            }
            default -> {
                alert(line, "'tcp-request' expects 'inspect-delay', 'connection', or 'content' in "
                        + (defaults ? "defaults section" : section.describe()) + " (got '" + stage + "')");
                return;
            }
        }
        parseTcpRule(line, rules, phase, List.of("accept", "reject"), "'accept', 'reject', 'capture', 'expect-proxy',"
                + " 'expect-netscaler-cip', 'track-sc0' ... 'track-sc2', 'set-log-level', 'set-nice', 'switch-mode',"
                + " 'use-service', 'sc-inc-gpc(*)', 'sc-inc-gpc0(*)', 'sc-inc-gpc1(*)', 'sc-set-gpt(*)', 'sc-set-gpt0(*)',"
                + " 'send-spoe-group', 'do-resolve(*)', 'set-var-fmt(*)', 'set-var(*)', 'unset-var(*)', 'set-src',"
                + " 'set-src-port', 'set-dst', 'set-dst-port', 'set-mark', 'set-tos', 'silent-drop',"
                + " 'set-priority-class', 'set-priority-offset'");
    }

    /** {@code tcp-response inspect-delay|content} (HAProxy's {@code tcp_parse_tcp_rep()}). */
    private void parseTcpResponse(Line line) {
        ProxySection section = line.section;
        String stage = line.word(1);
        if (stage.isEmpty()) {
            alert(line, "missing argument for 'tcp-response' in " + section.describe());
            return;
        }
        boolean anonymous = section.kind == ProxySection.Kind.DEFAULTS && section.name.isEmpty();
        if (stage.equals("inspect-delay") || stage.equals("content")) {
            if (anonymous || !section.kind.backend) {
                alert(line, "tcp-response " + stage + " is only allowed in 'backend' sections or 'defaults' section"
                        + " with a name");
                return;
            }
        }
        if (stage.equals("inspect-delay")) {
            long delay = inspectDelay(line, "tcp-response");
            if (delay < 0) {
                return;
            }
            if (section.tcpResponseInspectDelay != 0) {
                diagnostics.warning(line.location, "ignoring tcp-response inspect-delay (was already defined) in "
                        + section.describe());
                return;
            }
            section.tcpResponseInspectDelay = delay;
            return;
        }
        if (!stage.equals("content")) {
            alert(line, "'tcp-response' expects 'inspect-delay' or 'content' in " + section.describe() + " (got '"
                    + stage + "')");
            return;
        }
        parseTcpRule(line, section.tcpResponseRules, Phase.TCP_CONTENT, List.of("accept", "close", "reject"),
                "'accept', 'close', 'reject', 'set-log-level', 'set-nice', 'sc-inc-gpc(*)', 'sc-inc-gpc0(*)',"
                + " 'sc-inc-gpc1(*)', 'sc-set-gpt(*)', 'sc-set-gpt0(*)', 'send-spoe-group', 'set-var-fmt(*)',"
                + " 'set-var(*)', 'unset-var(*)', 'set-mark', 'set-tos', 'silent-drop'");
    }

    /** The value of an {@code inspect-delay}, or -1 after an alert. */
    private long inspectDelay(Line line, String keyword) {
        String value = line.word(2);
        String error = "'" + keyword + " inspect-delay' expects a positive delay in milliseconds, in "
                + line.section.describe();
        if (value.isEmpty()) {
            alert(line, error);
            return -1;
        }
        TimeValue parsed = TimeValue.parseMillis(value);
        if (parsed instanceof TimeValue.Overflow) {
            alert(line, error + " (timer overflow in '" + value + "', maximum value is 2147483647 ms or ~24.8 days)");
            return -1;
        }
        if (parsed instanceof TimeValue.Underflow) {
            alert(line, error + " (timer underflow in '" + value + "', minimum non-null value is 1 ms)");
            return -1;
        }
        if (parsed instanceof TimeValue.UnexpectedCharacter unexpected) {
            alert(line, error + " (unexpected character '" + unexpected.character() + "')");
            return -1;
        }
        TimeValue.Valid valid = (TimeValue.Valid) parsed;
        if (valid.trailingCharacter().isPresent()) {
            alert(line, error + " (unexpected character '" + valid.trailingCharacter().get() + "')");
            return -1;
        }
        return valid.millis();
    }

    /**
     * The action and condition of a {@code tcp-request} or {@code tcp-response} rule (HAProxy's
     * {@code tcp_parse_request_rule()} / {@code tcp_parse_response_rule()}), from word 2.
     */
    private void parseTcpRule(Line line, List<TcpRule> rules, Phase phase, List<String> finals, String expected) {
        ProxySection section = line.section;
        String rule = line.keyword() + " " + line.word(1);
        if (section.kind == ProxySection.Kind.DEFAULTS) {
            if (section.name.isEmpty()) {
                alert(line, rule + " is not allowed in anonymous 'defaults' sections");
                return;
            }
            section.carriesRules = true;
        }
        // HAProxy does not warn about tcp rules after a final one
        String action = line.word(2);
        TcpAction parsed;
        int next;
        if (finals.contains(action)) {
            parsed = action.equals("accept") ? new TcpAction.Accept()
                    : action.equals("reject") ? new TcpAction.Reject() : new TcpAction.Close();
            next = 3;
        } else if (action.equals("set-log-level") && !line.word(1).equals("connection")
                && !line.word(1).equals("session")) {
            CommonAction level = parseSetLogLevel(line, 3, "'" + rule + " " + action + "' : ");
            if (level.action() == null) {
                return;
            }
            parsed = (TcpAction) level.action();
            next = level.next();
        } else if (action.startsWith("set-var(") || action.startsWith("set-var-fmt(")
                || action.startsWith("unset-var(")) {
            String owner = "'" + rule + " " + action + "' : ";
            CommonAction variable = parseVariableAction(line, 2, action, owner, phase);
            if (variable.action() == null) {
                return;
            }
            parsed = (TcpAction) variable.action();
            next = variable.next();
        } else if (action.startsWith("track-sc") && !line.word(1).equals("response")
                && line.keyword().equals("tcp-request")) {
            TrackCounter track = parseTrack(line, 3, action, phase, "'" + rule + " " + action + "' : ", "");
            if (track == null) {
                return;
            }
            parsed = track;
            next = trackNext;
        } else if (HaproxyKeywords.TCP_ACTIONS.contains(action.replaceFirst("\\(.*", "(*)"))) {
            alert(line, "'" + rule + " " + action + "' is not implemented yet by Bascule");
            return;
        } else {
            alert(line, "'" + rule + "' expects " + expected + " in " + section.describe() + " (got '" + action
                    + "').");
            return;
        }
        String after = line.word(next);
        Optional<Condition> condition = Optional.empty();
        if (after.equals("if") || after.equals("unless")) {
            ConditionResult result = condition(line, next, "'" + rule + " " + action + "' : error detected in "
                    + section.describe() + " while parsing '" + after + "' condition : ");
            if (!result.ok()) {
                return;
            }
            condition = result.condition();
            condition.ifPresent(written -> warnIfNeverMatches(line, written, phase, section.kind.typeName() + " "
                    + rule + " rule"));
        } else if (!after.isEmpty()) {
            alert(line, "'" + rule + " " + action + "' only accepts 'if' or 'unless', in " + section.describe()
                    + " (got '" + after + "')");
            return;
        }
        rules.add(new TcpRule(parsed, condition, line.location));
    }

    /** The word after the last argument of the latest {@code track-sc}. */
    private int trackNext;

    /**
     * {@code track-scN KEY [table NAME]} from word {@code at} (the key), HAProxy's
     * {@code parse_http_track_sc()} / {@code tcp_parse_track_sc()}; null after an alert. The table
     * is checked once every section is read ({@link ConfigAssembler}).
     */
    private TrackCounter parseTrack(Line line, int at, String action, Phase phase, String owner, String end) {
        String number = action.substring("track-sc".length());
        long slot = CText.atol(number);
        if (number.isEmpty() || !number.chars().allMatch(Character::isDigit)) {
            alert(line, owner + "Wrong track-sc number '" + number + "'" + end);
            return null;
        }
        if (slot > 2) {
            // haproxy 2.6.12's words
            alert(line, owner + slot + " track-sc number exceeding 2 (MAX_SESS_STKCTR-1) value" + end);
            return null;
        }
        String key = line.word(at);
        if (key.isEmpty()) {
            alert(line, owner + "missing fetch method" + end);
            return null;
        }
        String fetch = key.replaceFirst("[(,].*", "");
        Optional<dev.bascule.api.sample.SampleFetchFactory> factory = registry.sampleFetch(fetch);
        if (factory.isPresent() && !factory.get().availableIn().contains(phase)) {
            alert(line, owner + "fetch method '" + key + "' extracts information from '"
                    + (factory.get().availableIn().contains(Phase.HTTP_REQUEST) ? "HTTP request headers"
                    : "HTTP response headers") + "', none of which is available here" + end);
            return null;
        }
        LogFormat.Expression expression;
        try {
            expression = aclParser.expression(key, List.of(), phase, key);
        } catch (AclParser.AclException e) {
            alert(line, owner + e.getMessage() + end);
            return null;
        }
        Optional<String> table = Optional.empty();
        trackNext = at + 1;
        if (line.word(trackNext).equals("table")) {
            String name = line.word(trackNext + 1);
            if (name.isEmpty() && end.equals(".")) {
                alert(line, owner + "missing table name" + end);
                return null;
            }
            // tcp-request takes a missing name as '', which no table has
            table = Optional.of(name);
            trackNext += name.isEmpty() ? 1 : 2;
        }
        return new TrackCounter((int) slot, expression, table);
    }

    /** The word after the last argument of the latest {@code wait-for-body}. */
    private int waitForBodyNext;

    /** {@code wait-for-body time T [at-least N]} (HAProxy's {@code parse_http_wait_for_body()}). */
    private WaitForBody parseWaitForBody(Line line, String owner) {
        int at = 2;
        if (line.word(at).isEmpty()) {
            alert(line, owner + "expects time <time> [ at-least <bytes> ].");
            return null;
        }
        long time = -1;
        long bytes = 0;
        while (!line.word(at).isEmpty()) {
            String word = line.word(at);
            if (!word.equals("time") && !word.equals("at-least")) {
                break;
            }
            String value = line.word(at + 1);
            if (value.isEmpty()) {
                alert(line, owner + "missing argument for '" + word + "'.");
                return null;
            }
            if (word.equals("time")) {
                TimeValue parsed = TimeValue.parseMillis(value);
                if (parsed instanceof TimeValue.Overflow) {
                    alert(line, owner + "time overflow (maximum value is 2147483647 ms or ~24.8 days).");
                    return null;
                }
                if (parsed instanceof TimeValue.Underflow) {
                    alert(line, owner + "time underflow (minimum non-null value is 1 ms).");
                    return null;
                }
                if (parsed instanceof TimeValue.UnexpectedCharacter unexpected) {
                    alert(line, owner + "unexpected character '" + unexpected.character() + "'.");
                    return null;
                }
                TimeValue.Valid valid = (TimeValue.Valid) parsed;
                if (valid.trailingCharacter().isPresent()) {
                    alert(line, owner + "unexpected character '" + valid.trailingCharacter().get() + "'.");
                    return null;
                }
                time = valid.millis();
            } else {
                bytes = sizeValue(value);
                if (bytes < 0) {
                    alert(line, owner + "unexpected character '" + value.charAt((int) -bytes - 1) + "'.");
                    return null;
                }
            }
            at += 2;
        }
        if (time < 0) {
            alert(line, owner + "expects time <time> [ at-least <bytes> ].");
            return null;
        }
        waitForBodyNext = at;
        return new WaitForBody(time, bytes);
    }

    /**
     * HAProxy's {@code parse_size_err()}: digits and an optional k, m or g (powers of 1024); the
     * size, or -(position + 1) of the first character it cannot take.
     */
    static long sizeValue(String text) {
        long value = 0;
        int i = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            value = value * 10 + (text.charAt(i) - '0');
            if (value > 0xFFFFFFFFL) {
                return -(i + 1);
            }
            i++;
        }
        if (i == text.length()) {
            return value;
        }
        long unit = switch (text.charAt(i)) {
            case 'k', 'K' -> 1024L;
            case 'm', 'M' -> 1024L * 1024;
            case 'g', 'G' -> 1024L * 1024 * 1024;
            default -> 0;
        };
        if (unit == 0 || i + 1 != text.length()) {
            return -((unit == 0 ? i : i + 1) + 1);
        }
        return value * unit;
    }

    /** {@code set-log-level LEVEL|silent}, its level at word {@code at} (HAProxy's {@code stream_parse_set_log_level()}). */
    private CommonAction parseSetLogLevel(Line line, int at, String owner) {
        String level = line.word(at);
        int value = level.equals("silent") ? dev.bascule.api.config.SetLogLevel.SILENT : LogParser.LEVELS.indexOf(level);
        if (level.isEmpty() || value == -1 && !level.equals("silent")) {
            alert(line, owner + "expects exactly 1 argument (log level name or 'silent').");
            return CommonAction.FAILED;
        }
        return new CommonAction(new dev.bascule.api.config.SetLogLevel(value), at + 1);
    }

    /** HTTP rules are not taken in defaults sections: HAProxy's alert in an anonymous one. */
    private boolean rulesAllowedIn(Line line) {
        ProxySection section = line.section;
        if (section.kind != ProxySection.Kind.DEFAULTS) {
            return true;
        }
        if (section.name.isEmpty()) {
            alert(line, "'" + line.keyword() + "' not allowed in anonymous 'defaults' section.");
            return false;
        }
        if (line.keyword().equals("http-request") || line.keyword().equals("http-response")
                || line.keyword().equals("http-after-response")) {
            section.carriesRules = true;
            return true;
        }
        alert(line, "'" + line.keyword() + "' rules in 'defaults' sections are not implemented yet by Bascule");
        return false;
    }

    /** HAProxy's warning for a rule written after a final one without condition. */
    private void warnIfAfterFinal(Line line, boolean previousIsFinal) {
        if (previousIsFinal) {
            diagnostics.warning(line.location, "previous '" + line.keyword() + "' action is final and has no"
                    + " condition attached, further entries are NOOP.");
        }
    }

    private static boolean isFinal(Object action) {
        return action instanceof HttpRequestAction.Return || action instanceof HttpDeny || action instanceof HttpAllow
                || action instanceof HttpRedirect || action instanceof HttpAuth;
    }

    private void unknownHttpRequestAction(Line line, String action) {
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

    /** {@code deny [deny_status N]}: the legacy form, replying with the built-in error page. */
    private Optional<HttpDeny> parseDeny(Line line, int defaultStatus, String owner) {
        denyNext = 0;
        String argument = line.word(2);
        if (argument.isEmpty() || argument.equals("if") || argument.equals("unless")) {
            return Optional.of(new HttpDeny(defaultStatus));
        }
        if (argument.equals("deny_status")) {
            String value = line.word(3);
            if (value.isEmpty()) {
                alert(line, owner + "'deny_status' expects a status code.");
                return Optional.empty();
            }
            long status = CText.atol(value);
            if (status < 200 || status > 599) {
                alert(line, owner + "'status' expects a status code between 200 and 599.");
                return Optional.empty();
            }
            if (!HTTP_ERROR_CODES.contains((int) status)) {
                alert(line, owner + "status code '" + status + "' not handled by default with 'default-errorfiles'"
                        + " argument.");
                return Optional.empty();
            }
            String after = line.word(4);
            if (!after.isEmpty() && !after.equals("if") && !after.equals("unless")) {
                return denyWithReply(line, owner);
            }
            return Optional.of(new HttpDeny((int) status));
        }
        return denyWithReply(line, owner);
    }

    /** The index after the last word of the latest deny with a reply, for the rule's condition. */
    private int denyNext;

    /** {@code deny [status N] [content-type T] [errorfile F | errorfiles S | string S | lf-string F ...] [hdr N V]}. */
    private Optional<HttpDeny> denyWithReply(Line line, String owner) {
        HttpReturnParser parser = new HttpReturnParser(line.tokens, line.location, diagnostics,
                line.section.describe(), logFormats, tuning.get()).forAction(line.keyword() + " deny", 2, HttpDeny.DEFAULT_STATUS,
                true, errorSections);
        Optional<HttpRequestAction.Return> reply = parser.parse();
        if (reply.isEmpty()) {
            return Optional.empty();
        }
        denyNext = parser.nextIndex();
        int status = reply.get().status();
        if (parser.builtIn()) {
            return Optional.of(new HttpDeny(status));
        }
        return Optional.of(new HttpDeny(status, parser.silent() ? Optional.empty() : reply, parser.silent()));
    }

    /** The statuses HAProxy has a built-in page for ({@code http_err_codes}). */
    private static final java.util.Set<Integer> HTTP_ERROR_CODES = java.util.Set.of(200, 400, 401, 403, 404, 405, 407,
            408, 410, 413, 421, 422, 425, 429, 500, 501, 502, 503, 504);

    /** {@code http-error status N [reply]}: the proxy's reply for N (HAProxy's http reply arguments). */
    private void parseHttpError(Line line) {
        if (!line.word(1).equals("status") || line.word(2).isEmpty()) {
            alert(line, "'http-error' expects 'status' followed by a status code.");
            return;
        }
        int status = (int) CText.atol(line.word(2));
        if (!ErrorFiles.CODES.contains(status)) {
            alert(line, "'http-error' : status code '" + line.word(2) + "' not handled.");
            return;
        }
        HttpReturnParser parser = new HttpReturnParser(line.tokens, line.location, diagnostics,
                line.section.describe(), logFormats, tuning.get()).forAction("http-error", 1, 200, false, errorSections);
        Optional<HttpRequestAction.Return> reply = parser.parse();
        if (reply.isEmpty()) {
            return;
        }
        if (parser.nextIndex() < line.args.size() && !line.word(parser.nextIndex()).isEmpty()) {
            alert(line, "'http-error' : unexpected argument '" + line.word(parser.nextIndex()) + "'.");
            return;
        }
        line.section.errorReferences.add(new ErrorFiles.Reference(status,
                parser.silent() ? Optional.empty() : reply, null, List.of(), line.location, parser.builtIn()));
    }

    /** {@code errorfiles NAME [CODE...]}: an {@code http-errors} section's replies, all or some. */
    private void parseErrorFiles(Line line) {
        if (line.word(1).isEmpty()) {
            alert(line, "'errorfiles' expects <name> as argument.");
            return;
        }
        List<Integer> codes = new ArrayList<>();
        for (int i = 2; !line.word(i).isEmpty(); i++) {
            try {
                int code = Integer.parseInt(line.word(i));
                if (!ErrorFiles.CODES.contains(code)) {
                    throw new NumberFormatException();
                }
                codes.add(code);
            } catch (NumberFormatException e) {
                diagnostics.warning(line.location, "'errorfiles' : status code '" + line.word(i) + "' not handled.");
            }
        }
        line.section.errorReferences.add(new ErrorFiles.Reference(0, Optional.empty(), line.word(1), codes,
                line.location));
    }

    /**
     * {@code stick-table type T [len N] size N [expire T] [nopurge] [store D,...]} (HAProxy's
     * {@code parse_stick_table()}, its messages as haproxy 2.6.12 prints them); {@code peers} and
     * {@code srvkey} are refused as not implemented.
     */
    private void parseStickTable(Line line) {
        ProxySection section = line.section;
        String prefix = "stick-table: ";
        if (section.kind == ProxySection.Kind.DEFAULTS) {
            alert(line, "'stick-table' is not supported in 'defaults' section.");
            return;
        }
        if (section.stickTable != null) {
            alert(line, "stick-table name '" + section.name + "' conflicts with table declared in "
                    + section.kind.typeName() + " '" + section.name + "' at " + section.stickTable.location().file()
                    + ":" + section.stickTable.location().line() + ".");
            return;
        }
        StickTableConfig.KeyType type = null;
        int keyLength = 0;
        long size = 0;
        Optional<Duration> expire = Optional.empty();
        boolean noPurge = false;
        List<StickTableConfig.Stored> store = new ArrayList<>();
        java.util.Set<dev.bascule.api.sample.StickCounter> stored = java.util.EnumSet.noneOf(
                dev.bascule.api.sample.StickCounter.class);
        int index = 1;
        while (!line.word(index).isEmpty()) {
            String word = line.word(index);
            switch (word) {
                case "size" -> {
                    index++;
                    String value = line.word(index);
                    if (value.isEmpty()) {
                        alert(line, prefix + "missing argument after 'size'.");
                        return;
                    }
                    long parsed = tableSize(value);
                    if (parsed < 0) {
                        int at = (int) -parsed - 1;
                        alert(line, prefix + "unexpected character '" + value.charAt(at) + "' in argument of 'size'.");
                        return;
                    }
                    size = parsed;
                    index++;
                }
                case "expire" -> {
                    index++;
                    String value = line.word(index);
                    if (value.isEmpty()) {
                        alert(line, prefix + "missing argument after 'expire'.");
                        return;
                    }
                    TimeValue parsed = TimeValue.parseMillis(value);
                    if (parsed instanceof TimeValue.Overflow) {
                        alert(line, prefix + "timer overflow in argument <" + value + "> to <expire>, maximum value"
                                + " is 2147483647 ms (~24.8 days).");
                        return;
                    }
                    if (parsed instanceof TimeValue.Underflow) {
                        alert(line, prefix + "timer underflow in argument <" + value + "> to <expire>, minimum"
                                + " non-null value is 1 ms.");
                        return;
                    }
                    if (parsed instanceof TimeValue.UnexpectedCharacter unexpected) {
                        alert(line, prefix + "unexpected character '" + unexpected.character()
                                + "' in argument of 'expire'.");
                        return;
                    }
                    TimeValue.Valid valid = (TimeValue.Valid) parsed;
                    if (valid.trailingCharacter().isPresent()) {
                        alert(line, prefix + "unexpected character '" + valid.trailingCharacter().get()
                                + "' in argument of 'expire'.");
                        return;
                    }
                    expire = valid.millis() > 0 ? Optional.of(Duration.ofMillis(valid.millis())) : Optional.empty();
                    index++;
                }
                case "nopurge" -> {
                    noPurge = true;
                    index++;
                }
                case "type" -> {
                    index++;
                    String name = line.word(index);
                    StickTableConfig.KeyType parsed = switch (name) {
                        case "ip" -> StickTableConfig.KeyType.IP;
                        case "ipv6" -> StickTableConfig.KeyType.IPV6;
                        case "integer" -> StickTableConfig.KeyType.INTEGER;
                        case "string" -> StickTableConfig.KeyType.STRING;
                        case "binary" -> StickTableConfig.KeyType.BINARY;
                        default -> null;
                    };
                    if (parsed == null) {
                        alert(line, prefix + "unknown type '" + name + "'.");
                        return;
                    }
                    index++;
                    // a string key holds 31 bytes and its NUL by default, a binary key 32 bytes
                    keyLength = parsed == StickTableConfig.KeyType.STRING ? 31
                            : parsed == StickTableConfig.KeyType.BINARY ? 32 : 0;
                    boolean custom = parsed == StickTableConfig.KeyType.STRING
                            || parsed == StickTableConfig.KeyType.BINARY;
                    if (custom && line.word(index).equals("len")) {
                        index++;
                        long length = CText.atol(line.word(index));
                        if (length <= 0) {
                            alert(line, prefix + "unknown type '" + line.word(index) + "'.");
                            return;
                        }
                        keyLength = (int) Math.min(Integer.MAX_VALUE - 1, length);
                        index++;
                    }
                    type = parsed;
                }
                case "store" -> {
                    index++;
                    String list = line.word(index);
                    int at = 0;
                    while (at < list.length()) {
                        int comma = list.indexOf(',', at);
                        String item = list.substring(at, comma < 0 ? list.length() : comma);
                        at = comma < 0 ? list.length() : comma + 1;
                        String name = item;
                        String argument = null;
                        int open = item.indexOf('(');
                        if (open >= 0) {
                            name = item.substring(0, open);
                            int close = item.indexOf(')', open);
                            if (close < 0) {
                                alert(line, prefix + "missing closing parenthesis after store option '" + name + "'.");
                                return;
                            }
                            argument = item.substring(open + 1, close);
                        }
                        dev.bascule.api.sample.StickCounter counter = dev.bascule.api.sample.StickCounter.of(name);
                        if (counter == null) {
                            if (HaproxyKeywords.STICK_STORE_TYPES.contains(name)) {
                                alert(line, prefix + "store option '" + name + "' is not implemented by Bascule.");
                            } else {
                                alert(line, prefix + "unknown store option '" + name + "'.");
                            }
                            return;
                        }
                        if (counter == dev.bascule.api.sample.StickCounter.BYTES_IN_CNT) {
                            // the transport does not measure what clients send yet: never a counter stuck at 0
                            alert(line, prefix + "store option '" + name + "' is not implemented by Bascule.");
                            return;
                        }
                        if (stored.contains(counter)) {
                            diagnostics.warning(line.location, prefix + "store option '" + name
                                    + "' already enabled, ignored.");
                            continue;
                        }
                        Optional<Duration> period = Optional.empty();
                        if (counter.rate()) {
                            if (argument == null) {
                                alert(line, prefix + "missing argument to store option '" + name + "'.");
                                return;
                            }
                            TimeValue parsed = TimeValue.parseMillis(argument);
                            if (!(parsed instanceof TimeValue.Valid valid) || valid.trailingCharacter().isPresent()
                                    || valid.millis() <= 0) {
                                alert(line, prefix + "error when processing store option '" + name + "'.");
                                return;
                            }
                            period = Optional.of(Duration.ofMillis(valid.millis()));
                        } else if (argument != null) {
                            alert(line, prefix + "unexpected argument to store option '" + name + "'.");
                            return;
                        }
                        stored.add(counter);
                        store.add(new StickTableConfig.Stored(counter, period));
                    }
                    index++;
                }
                case "peers", "srvkey" -> {
                    alert(line, prefix + "'" + word + "' is not implemented by Bascule.");
                    return;
                }
                default -> {
                    alert(line, prefix + "unknown argument '" + word + "'.");
                    return;
                }
            }
        }
        if (size == 0) {
            alert(line, prefix + "missing size.");
            return;
        }
        if (type == null) {
            alert(line, prefix + "missing type.");
            return;
        }
        section.stickTable = new StickTableConfig(section.name, type, keyLength, size, expire, noPurge, store,
                line.location);
    }

    /**
     * A size as HAProxy's {@code parse_size_err()} reads it: digits, then an optional k, m or g;
     * -(1 + the index of the first wrong character) when it is not one.
     */
    private static long tableSize(String text) {
        long value = 0;
        int i = 0;
        if (text.isEmpty() || !Character.isDigit(text.charAt(0))) {
            return -1;
        }
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            value = value * 10 + text.charAt(i) - '0';
            if (value > 0xffffffffL) {
                return -(i + 1);
            }
            i++;
        }
        if (i == text.length()) {
            return value;
        }
        int shift = switch (text.charAt(i)) {
            case 'k', 'K' -> 10;
            case 'm', 'M' -> 20;
            case 'g', 'G' -> 30;
            default -> -1;
        };
        if (shift < 0 || value > (0xffffffffL >> shift)) {
            return -(i + 1);
        }
        if (i + 1 < text.length()) {
            return -(i + 2);
        }
        return value << shift;
    }

    /** {@code capture request|response header NAME len N}; {@code capture cookie} is not implemented. */
    private void parseCapture(Line line) {
        if (!line.section.hasFrontend()) {
            diagnostics.warning(line.location, "'capture' ignored because " + line.section.describe()
                    + " has no frontend capability.");
            return;
        }
        if (line.section.kind == ProxySection.Kind.DEFAULTS) {
            alert(line, "'capture' not allowed in 'defaults' section.");
            return;
        }
        String what = line.word(1);
        if (what.equals("cookie")) {
            notImplemented(line, "capture cookie");
            return;
        }
        boolean request = what.equals("request");
        if (!request && !what.equals("response") || !line.word(2).equals("header")) {
            alert(line, "'capture' expects 'cookie', 'request header' or 'response header'.");
            return;
        }
        if (line.word(3).isEmpty() || !line.word(4).equals("len") || line.word(5).isEmpty()) {
            alert(line, "'capture " + what + " header' expects <header> 'len' <len>.");
            return;
        }
        int length;
        try {
            length = Integer.parseInt(line.word(5));
        } catch (NumberFormatException e) {
            length = 0;
        }
        if (length <= 0) {
            alert(line, "'capture " + what + " header' expects a positive length.");
            return;
        }
        (request ? line.section.requestCaptures : line.section.responseCaptures)
                .add(new dev.bascule.api.config.HeaderCapture(line.word(3), length));
    }

    /**
     * {@code declare capture request|response len N} (HAProxy's {@code proxy_parse_declare()}): a
     * capture slot no header fills, for {@code http-request|http-response capture ... id N}.
     */
    private void parseDeclare(Line line) {
        if (line.section.kind == ProxySection.Kind.DEFAULTS) {
            alert(line, "'declare' not available in default section");
            return;
        }
        if (!line.section.kind.frontend) {
            alert(line, "'declare' only available in frontend or listen section");
            return;
        }
        if (line.word(1).isEmpty()) {
            alert(line, "'declare' needs a second keyword that specify the type of declaration ('capture')");
            return;
        }
        if (!line.word(1).equals("capture")) {
            alert(line, "unknown declaration type '" + line.word(1) + "' (supports 'capture')");
            return;
        }
        String direction = line.word(2);
        if (!direction.equals("request") && !direction.equals("response")) {
            alert(line, "'declare capture' requires a direction ('request' or 'response')");
            return;
        }
        if (!line.word(3).equals("len")) {
            alert(line, "'declare capture' requires a capture length ('len')");
            return;
        }
        String value = line.word(4);
        if (value.isEmpty()) {
            alert(line, "'declare capture': 'len' requires a numeric value that represents the capture length");
            return;
        }
        long length;
        try {
            length = Long.parseLong(value);
        } catch (NumberFormatException e) {
            // HAProxy 2.6 quotes the word before the value
            alert(line, "'declare capture': cannot parse the length '" + line.word(3) + "'.");
            return;
        }
        if (length <= 0 || length > Integer.MAX_VALUE) {
            alert(line, "length must be > 0");
            return;
        }
        (direction.equals("request") ? line.section.requestCaptures : line.section.responseCaptures)
                .add(new dev.bascule.api.config.HeaderCapture("", (int) length));
    }

    /** The log-format variables Bascule's log lines can write. */
    static final java.util.Set<String> LOG_VARIABLES = java.util.Set.of("ci", "cp", "fi", "fp", "f", "ft", "b", "s",
            "B", "ST", "TR", "Tw", "Tc", "Tr", "Ta", "Tt", "Tq", "Th", "Ti", "Td", "t", "tr", "trg", "trl", "ts", "tsc",
            "ac", "fc", "bc", "sc", "rc", "r", "HM", "HU", "HP", "HPO", "HQ", "HV", "H", "pid", "ID", "ms", "hr", "hs",
            "CC", "CS", "T", "Tl", "Ts", "Tu", "U", "bi", "bp", "si", "sp", "bq", "sq", "rt", "lc", "hrl", "hsl",
            "sslc", "sslv");

    /** {@code log-format FMT}: the line each stream logs. */
    private void parseLogFormat(Line line) {
        if (line.word(1).isEmpty()) {
            alert(line, "'log-format' expects a format string as argument.");
            return;
        }
        if (!line.word(2).isEmpty()) {
            alert(line, "'log-format' expects only one argument, please use quotes.");
            return;
        }
        if (!line.section.hasFrontend()) {
            diagnostics.warning(line.location, "'log-format' ignored because " + line.section.describe()
                    + " has no frontend capability.");
            return;
        }
        try {
            LogFormat format = logFormats.parse(line.word(1), LOG_VARIABLES, "log-format strings",
                    dev.bascule.api.sample.Phase.LOG);
            line.section.logFormat = LogSettings.LineFormat.CUSTOM;
            line.section.customLogFormat = format;
            line.section.logFormatLocation = line.location;
        } catch (AclParser.AclException e) {
            alert(line, "failed to parse log-format : " + e.getMessage());
        }
    }

    /** {@code set-path FMT}, {@code replace-path REGEX FMT} and the like. */
    private Optional<RequestLineRewrite> parseRequestLineRewrite(Line line, String action, String owner) {
        boolean replace = action.startsWith("replace-");
        String regex = replace ? line.word(2) : null;
        String format = line.word(replace ? 3 : 2);
        if (format.isEmpty() || replace && regex.isEmpty()) {
            alert(line, owner + (replace ? "expects exactly 2 arguments <match-regex> and <replace-format>."
                    : "expects exactly 1 argument <format>."));
            return Optional.empty();
        }
        if (replace) {
            try {
                java.util.regex.Pattern.compile(regex);
            } catch (java.util.regex.PatternSyntaxException e) {
                alert(line, owner + "invalid regex '" + regex + "' : " + e.getDescription() + ".");
                return Optional.empty();
            }
        }
        RequestLineRewrite.Part part = switch (action.substring(action.indexOf('-') + 1)) {
            case "path" -> RequestLineRewrite.Part.PATH;
            case "pathq" -> RequestLineRewrite.Part.PATHQ;
            case "query" -> RequestLineRewrite.Part.QUERY;
            case "method" -> RequestLineRewrite.Part.METHOD;
            default -> RequestLineRewrite.Part.URI;
        };
        try {
            return Optional.of(new RequestLineRewrite(part, Optional.ofNullable(regex), logFormats.parse(format,
                    HEADER_VARIABLES, "'http-request " + action + "' formats", dev.bascule.api.sample.Phase.HTTP_REQUEST)));
        } catch (AclParser.AclException e) {
            alert(line, owner + e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code unique-id-format FMT}: the request's ID, made once per request. */
    private void parseUniqueIdFormat(Line line) {
        if (line.word(1).isEmpty()) {
            alert(line, "'unique-id-format' expects an argument.");
            return;
        }
        if (!line.word(2).isEmpty()) {
            alert(line, "'unique-id-format' expects only one argument, please use quotes.");
            return;
        }
        try {
            line.section.uniqueIdFormat = logFormats.parse(line.word(1), HEADER_VARIABLES, "'unique-id-format'",
                    dev.bascule.api.sample.Phase.HTTP_REQUEST);
        } catch (AclParser.AclException e) {
            alert(line, "failed to parse unique-id : " + e.getMessage());
        }
    }

    /** {@code replace-header|replace-value NAME REGEX FMT}. */
    private CommonAction parseReplaceHeader(Line line, String action, String owner) {
        String name = line.word(2);
        String regex = line.word(3);
        String format = line.word(4);
        if (name.isEmpty() || regex.isEmpty() || format.isEmpty()) {
            alert(line, owner + "expects exactly 3 arguments.");
            return CommonAction.FAILED;
        }
        try {
            java.util.regex.Pattern.compile(regex);
        } catch (java.util.regex.PatternSyntaxException e) {
            alert(line, owner + "invalid regex '" + regex + "' : " + e.getDescription() + ".");
            return CommonAction.FAILED;
        }
        dev.bascule.api.sample.Phase phase = phaseOf(line);
        try {
            return new CommonAction(new dev.bascule.api.config.ReplaceHeader(name, regex, logFormats.parse(format,
                    HEADER_VARIABLES, "'" + line.keyword() + " " + action + "' formats", phase),
                    action.equals("replace-value")), 5);
        } catch (AclParser.AclException e) {
            alert(line, owner + e.getMessage());
            return CommonAction.FAILED;
        }
    }

    /**
     * {@code set-var NAME EXPR} / {@code set-var-fmt NAME FMT} of the global section (HAProxy's
     * {@code vars_parse_global_set_var()}): a {@code proc.} variable set at start.
     */
    Optional<SetVariable> globalVariable(List<String> args, SourceLocation location) {
        String keyword = args.get(0);
        boolean format = keyword.equals("set-var-fmt");
        String name = args.size() > 1 ? args.get(1) : "";
        String argument = args.size() > 2 ? args.get(2) : "";
        if (name.isEmpty() || argument.isEmpty()) {
            diagnostics.alert(location, "'" + keyword + "' requires a process-wide variable name ('proc.<name>') and "
                    + (format ? "a format string." : "a sample expression."));
            return Optional.empty();
        }
        if (!dev.bascule.api.sample.Variables.validName(name)) {
            diagnostics.alert(location, "'" + keyword + "(" + name + ")' : invalid variable '" + name + "'. Expects"
                    + " 'proc', 'sess', 'txn', 'req' or 'res' as a scope, then a dot and a name.");
            return Optional.empty();
        }
        if (!name.startsWith("proc.")) {
            diagnostics.alert(location, "'" + keyword + "': cannot set variable '" + name + "', only scope 'proc' is"
                    + " permitted in the global section.");
            return Optional.empty();
        }
        try {
            if (format) {
                return Optional.of(new SetVariable(name, Optional.empty(), Optional.of(logFormats.parse(argument,
                        java.util.Set.of("pid", "H"), "'set-var-fmt' formats", Phase.TCP_CONNECTION))));
            }
            LogFormat.Expression expression = aclParser.expression(argument, List.of(), Phase.TCP_CONNECTION,
                    argument);
            if (!HaproxyKeywords.INTERNAL_FETCHES.contains(expression.fetch())) {
                diagnostics.alert(location, "fetch method 'set-var(" + name + ")' extracts information from the"
                        + " traffic, none of which is available here");
                return Optional.empty();
            }
            return Optional.of(new SetVariable(name, Optional.of(expression), Optional.empty()));
        } catch (AclParser.AclException e) {
            diagnostics.alert(location, "'" + keyword + "' : " + e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code set-var(NAME) EXPR}, {@code set-var-fmt(NAME) FMT}, {@code unset-var(NAME)} of an HTTP rule. */
    private CommonAction parseVariableAction(Line line, String action, String owner) {
        return parseVariableAction(line, 1, action, owner, phaseOf(line));
    }

    /**
     * A variable action written at word {@code at} (its expression or format next), its samples
     * evaluated in {@code phase}; {@link CommonAction#next()} is the word after it.
     */
    private CommonAction parseVariableAction(Line line, int at, String action, String owner,
                                             dev.bascule.api.sample.Phase phase) {
        int open = action.indexOf('(');
        String verb = action.substring(0, open);
        if (!action.endsWith(")")) {
            alert(line, owner + "missing closing ')' after '" + verb + "' variable name.");
            return CommonAction.FAILED;
        }
        String[] parts = action.substring(open + 1, action.length() - 1).split(",", -1);
        String name = parts[0];
        if (!dev.bascule.api.sample.Variables.validName(name)) {
            alert(line, owner + "invalid variable '" + name + "'. Expects 'proc', 'sess', 'txn', 'req' or 'res' as"
                    + " a scope, then a dot and a name.");
            return CommonAction.FAILED;
        }
        if (parts.length > 1 && verb.equals("unset-var")) {
            alert(line, owner + "unset-var does not expect parameters after the variable name. Only \"set-var\" and"
                    + " \"set-var-fmt\" manage conditions.");
            return CommonAction.FAILED;
        }
        int conditions = 0;
        for (int i = 1; i < parts.length; i++) {
            int condition = dev.bascule.api.sample.Variables.condition(parts[i]);
            if (condition == 0 || i > 4) {
                alert(line, owner + (condition == 0 ? "unknown condition \"" + parts[i] + "\"."
                        : "too many conditions (at most 4)."));
                return CommonAction.FAILED;
            }
            conditions |= condition;
        }
        if (verb.equals("unset-var")) {
            return new CommonAction(new UnsetVariable(name), at + 1);
        }
        String argument = line.word(at + 1);
        if (argument.isEmpty()) {
            alert(line, owner + "expects an expression.");
            return CommonAction.FAILED;
        }
        try {
            if (verb.equals("set-var-fmt")) {
                return new CommonAction(new SetVariable(name, Optional.empty(), Optional.of(logFormats.parse(argument,
                        HEADER_VARIABLES, "'" + line.keyword() + " " + verb + "' formats", phase)), conditions), at + 2);
            }
            return new CommonAction(new SetVariable(name, Optional.of(aclParser.expression(argument, List.of(), phase,
                    argument)), Optional.empty(), conditions), at + 2);
        } catch (AclParser.AclException e) {
            alert(line, owner + e.getMessage());
            return CommonAction.FAILED;
        }
    }

    /** What a rule's samples may see: the response for http-response and http-after-response lines. */
    private static dev.bascule.api.sample.Phase phaseOf(Line line) {
        return line.keyword().equals("http-response") || line.keyword().equals("http-after-response")
                ? dev.bascule.api.sample.Phase.HTTP_RESPONSE : dev.bascule.api.sample.Phase.HTTP_REQUEST;
    }

    /** A header name and its value, a log-format string. */
    private record HeaderValue(String name, LogFormat format) {
    }

    /** The log-format variables a header value can use: the connection's addresses, the host, the process. */
    static final java.util.Set<String> HEADER_VARIABLES = java.util.Set.of("ci", "cp", "fi", "fp", "f", "ft", "b", "s",
            "H", "pid", "rt", "Ts", "ms");

    /** {@code NAME VALUE} of add-header and set-header; the value is a log-format string. */
    private Optional<HeaderValue> parseHeaderValue(Line line, String owner) {
        String name = line.word(2);
        String value = line.word(3);
        if (name.isEmpty() || value.isEmpty()) {
            alert(line, owner + "expects exactly 2 arguments.");
            return Optional.empty();
        }
        try {
            return Optional.of(new HeaderValue(name, logFormats.parse(value, HEADER_VARIABLES,
                    "'" + line.keyword() + " " + line.word(1) + "' values", phaseOf(line))));
        } catch (AclParser.AclException e) {
            alert(line, owner + e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<DelHeader> parseDelHeader(Line line, String owner) {
        String name = line.word(2);
        if (name.isEmpty()) {
            alert(line, owner + "expects at least 1 argument.");
            return Optional.empty();
        }
        if (!line.word(3).equals("-m")) {
            return Optional.of(new DelHeader(name, "str"));
        }
        String method = line.word(4);
        if (method.isEmpty()) {
            alert(line, owner + "-m flag expects exactly 1 argument.");
            return Optional.empty();
        }
        switch (method) {
            case "str", "beg", "end", "sub" -> {
                return Optional.of(new DelHeader(name, method));
            }
            case "reg" -> {
                try {
                    java.util.regex.Pattern.compile(name);
                } catch (java.util.regex.PatternSyntaxException e) {
                    alert(line, owner + "regex '" + name + "' is invalid: " + e.getDescription() + ".");
                    return Optional.empty();
                }
                return Optional.of(new DelHeader(name, method));
            }
            default -> {
                alert(line, owner + "-m with unsupported matching method '" + method + "'.");
                return Optional.empty();
            }
        }
    }

    private record RedirectResult(HttpRedirect redirect, int next) {
    }

    /** HAProxy's {@code http_parse_redirect_rule()} from word {@code index}; null after an alert. */
    private RedirectResult parseRedirectArguments(Line line, int index, String owner) {
        HttpRedirect.Type type = null;
        String destination = null;
        int code = 302;
        boolean dropQuery = false;
        boolean appendSlash = false;
        boolean ignoreEmpty = false;
        String cookie = null;
        boolean cookieSet = false;
        int cursor = index;
        while (cursor < line.args.size() && !line.word(cursor).isEmpty()) {
            String argument = line.word(cursor);
            if (argument.equals("if") || argument.equals("unless")) {
                break;
            }
            switch (argument) {
                case "location", "prefix", "scheme", "set-cookie", "clear-cookie", "code" -> {
                    if (line.word(cursor + 1).isEmpty()) {
                        alert(line, owner + "missing argument for '" + argument + "'.");
                        return null;
                    }
                    String value = line.word(cursor + 1);
                    switch (argument) {
                        case "location" -> {
                            type = HttpRedirect.Type.LOCATION;
                            destination = value;
                        }
                        case "prefix" -> {
                            type = HttpRedirect.Type.PREFIX;
                            destination = value;
                        }
                        case "scheme" -> {
                            type = HttpRedirect.Type.SCHEME;
                            destination = value;
                        }
                        case "set-cookie" -> {
                            cookie = value;
                            cookieSet = true;
                        }
                        case "clear-cookie" -> {
                            cookie = value;
                            cookieSet = false;
                        }
                        default -> {
                            code = (int) CText.atol(value);
                            if (code < 301 || code > 308 || (code > 303 && code < 307)) {
                                alert(line, owner + "'code': unsupported HTTP code '" + value + "' (must be one of 301,"
                                        + " 302, 303, 307 or 308).");
                                return null;
                            }
                        }
                    }
                    cursor += 2;
                }
                case "drop-query" -> {
                    dropQuery = true;
                    cursor++;
                }
                case "append-slash" -> {
                    appendSlash = true;
                    cursor++;
                }
                case "ignore-empty" -> {
                    ignoreEmpty = true;
                    cursor++;
                }
                default -> {
                    alert(line, owner + "expects 'code', 'prefix', 'location', 'scheme', 'set-cookie', 'clear-cookie',"
                            + " 'drop-query', 'ignore-empty' or 'append-slash' (was '" + argument + "').");
                    return null;
                }
            }
        }
        if (type == null) {
            alert(line, owner + "redirection type expected ('prefix', 'location', or 'scheme').");
            return null;
        }
        Optional<LogFormat> format = Optional.empty();
        if (destination.indexOf('%') >= 0 && !line.keyword().equals("redirect")) {
            // http-request and http-response redirect targets are log-format strings; a 'redirect' line's are not
            try {
                format = Optional.of(logFormats.parse(destination, HEADER_VARIABLES, "'" + line.keyword()
                        + " redirect' targets", phaseOf(line)));
            } catch (AclParser.AclException e) {
                alert(line, owner + e.getMessage());
                return null;
            }
        }
        Optional<String> cookieValue = Optional.empty();
        if (cookie != null) {
            // as HAProxy: set-cookie appends "; path=/;", clear-cookie "; path=/; Max-Age=0;"
            cookieValue = Optional.of(cookie + (cookieSet ? "; path=/;" : "; path=/; Max-Age=0;"));
        }
        return new RedirectResult(new HttpRedirect(type, destination, code, dropQuery, appendSlash, cookieValue,
                format, ignoreEmpty), cursor);
    }

    private void parseRedirect(Line line) {
        ProxySection section = line.section;
        if (section.kind == ProxySection.Kind.DEFAULTS) {
            alert(line, "'redirect' not allowed in 'defaults' section.");
            return;
        }
        String owner = "error detected in " + section.kind.typeName() + " '" + section.name
                + "' while parsing redirect rule : ";
        RedirectResult redirect = parseRedirectArguments(line, 1, owner);
        if (redirect == null) {
            return;
        }
        ConditionResult condition = ConditionResult.NONE;
        if (!line.word(redirect.next()).isEmpty()) {
            condition = condition(line, redirect.next(), owner + "error in condition: ");
            if (!condition.ok()) {
                return;
            }
        }
        section.redirectRules.add(new HttpRequestRule(redirect.redirect(), condition.condition(), line.location));
        warnIfMisplacedRedirect(line);
    }

    private void parseHttpResponse(Line line) {
        ProxySection section = line.section;
        if (!rulesAllowedIn(line)) {
            return;
        }
        boolean after = line.keyword().equals("http-after-response");
        List<HttpResponseRule> rules = after ? section.afterResponseRules : section.httpResponseRules;
        if (!rules.isEmpty()) {
            HttpResponseRule last = rules.get(rules.size() - 1);
            warnIfAfterFinal(line, last.condition().isEmpty() && isFinal(last.action()));
        }
        String action = line.word(1);
        if (after && (action.equals("deny") || action.equals("redirect") || action.equals("set-log-level"))) {
            alert(line, "'http-after-response' expects 'add-header', 'allow', 'capture', 'del-header',"
                    + " 'replace-header', 'replace-value', 'set-header', 'set-status', 'strict-mode', 'set-var-fmt(*)',"
                    + " 'set-var(*)', 'unset-var(*)', but got '" + action + "'.");
            return;
        }
        String rule = line.keyword() + " " + action;
        String owner = "error detected in " + section.describe() + " while parsing '" + rule + "' rule : ";
        HttpResponseAction parsed;
        int next;
        switch (action) {
            case "set-status" -> {
                String code = line.word(2);
                long status = code.isEmpty() ? -1 : CText.atol(code);
                if (status < 100 || status > 999) {
                    alert(line, owner + "expects an HTTP status code between 100 and 999.");
                    return;
                }
                Optional<String> reason = Optional.empty();
                next = 3;
                if (line.word(3).equals("reason")) {
                    if (line.word(4).isEmpty()) {
                        alert(line, owner + "expects a string after 'reason'.");
                        return;
                    }
                    reason = Optional.of(line.word(4));
                    next = 5;
                }
                parsed = new dev.bascule.api.config.SetStatus((int) status, reason);
            }
            case "redirect" -> {
                // HAProxy: a response is only redirected to a location, the server's answer dropped
                if (!line.word(2).equals("location")) {
                    alert(line, owner + "response only supports redirect type 'location'.");
                    return;
                }
                RedirectResult redirect = parseRedirectArguments(line, 2, owner);
                if (redirect == null) {
                    return;
                }
                parsed = redirect.redirect();
                next = redirect.next();
            }
            default -> {
                // HAProxy's default deny_status of http-response is 502
                CommonAction common = parseCommonAction(line, action, 502, owner);
                if (common == null) {
                    if (action.isEmpty()) {
                        alert(line, "'http-response' expects an action (missing argument).");
                    } else {
                        alert(line, "'" + line.keyword() + " " + action + "' is not implemented yet by Bascule");
                    }
                    return;
                }
                if (common.action() == null) {
                    return;
                }
                parsed = common.action();
                next = common.next();
            }
        }
        ConditionResult condition = trailingCondition(line, next, rule);
        if (!condition.ok()) {
            return;
        }
        condition.condition().ifPresent(written -> warnIfNeverMatches(line, written, Phase.HTTP_RESPONSE,
                section.kind.typeName() + (after ? " http-after-response" : " http-response header") + " rule"));
        rules.add(new HttpResponseRule(parsed, condition.condition(), line.location));
    }

    /**
     * {@code reqadd} and {@code rspadd}, which HAProxy 2.1 removed: accepted with a warning naming
     * their modern form, and run as it would, after the other rules of their direction.
     */
    private void parseLegacyAdd(Line line, boolean request) {
        ProxySection section = line.section;
        String keyword = line.keyword();
        String modern = request ? "http-request add-header" : "http-response add-header";
        if (section.kind == ProxySection.Kind.DEFAULTS) {
            alert(line, "'" + keyword + "' not allowed in 'defaults' section.");
            return;
        }
        String text = line.word(1);
        if (text.isEmpty()) {
            alert(line, "'" + keyword + "' expects <header> as an argument.");
            return;
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            alert(line, "'" + keyword + " " + text + "' : a header line 'Name: value' is expected.");
            return;
        }
        String name = text.substring(0, colon).strip();
        String value = text.substring(colon + 1).strip();
        ConditionResult condition = ConditionResult.NONE;
        String next = line.word(2);
        if (next.equals("if") || next.equals("unless")) {
            condition = condition(line, 2, "error detected while parsing a '" + keyword + "' condition : ");
            if (!condition.ok()) {
                return;
            }
        } else if (!next.isEmpty()) {
            alert(line, "'" + keyword + "' : expects 'if' or 'unless' after the header, found '" + next + "'.");
            return;
        }
        diagnostics.warning(line.location, "The '" + keyword + "' directive is not supported anymore since HAProxy 2.1;"
                + " Bascule runs it as '" + modern + " " + name + " " + value + "'. Use '" + modern
                + "' instead.");
        AddHeader add = new AddHeader(name, value);
        if (request) {
            section.legacyRequestAdds.add(new HttpRequestRule(add, condition.condition(), line.location));
        } else {
            section.legacyResponseAdds.add(new HttpResponseRule(add, condition.condition(), line.location));
        }
    }
}
