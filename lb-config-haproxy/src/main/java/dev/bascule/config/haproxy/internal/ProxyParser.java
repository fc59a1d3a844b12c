package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.AddHeader;
import dev.bascule.api.config.Condition;
import dev.bascule.api.config.DelHeader;
import dev.bascule.api.config.HttpAllow;
import dev.bascule.api.config.HttpAuth;
import dev.bascule.api.config.HttpCommonAction;
import dev.bascule.api.config.HttpDeny;
import dev.bascule.api.config.HttpRedirect;
import dev.bascule.api.config.HttpResponseAction;
import dev.bascule.api.config.HttpResponseRule;
import dev.bascule.api.config.HttpTuning;
import dev.bascule.api.config.SetHeader;
import dev.bascule.api.config.HttpRequestAction;
import dev.bascule.api.config.HttpRequestRule;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.config.RequestLineRewrite;
import dev.bascule.api.config.SetVariable;
import dev.bascule.api.config.UnsetVariable;
import dev.bascule.api.config.LogTarget;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.TrackCounter;
import dev.bascule.api.config.TcpAction;
import dev.bascule.api.config.TcpRule;
import dev.bascule.api.config.WaitForBody;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.sample.Phase;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

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

    private final KeywordRegistry registry;
    private final Map<String, String> environment;
    private final Diagnostics diagnostics;
    private final AclParser aclParser;
    private final LogFormatParser logFormats;

    /** The keywords each feature registers, found by their first word. */
    private final ProxyKeywordTable keywords = new ProxyKeywordTable();
    /** {@code log}, which also takes the {@code no} and {@code default} modifiers. */
    private final LogKeywords logs;
    private final Conditions conditions;

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
        this.conditions = new Conditions(aclParser, registry);
        StatsKeywords.register(keywords);
        new SwitchingKeywords(logFormats, conditions).register(keywords);
        new MiscKeywords(aclParser, conditions).register(keywords);
        new ErrorKeywords(diagnostics, logFormats, () -> tuning.get(), () -> errorSections).register(keywords);
        this.logs = new LogKeywords(environment, globalLogTargets, logFormats);
        logs.register(keywords);
        OptionKeywords.register(keywords);
        HealthCheckKeywords.register(keywords);
        StickTableKeywords.register(keywords);
        CookieKeywords.register(keywords);
        new BalanceKeywords(registry).register(keywords);
        TimeoutKeywords.register(keywords);
        new BindKeywords(environment, diagnostics).register(keywords);
        new ServerKeywords(environment).register(keywords);
    }

    private static String removedSince(String keyword, String advice) {
        return "The '" + keyword + "' directive is not supported anymore since HAProxy 2.1. " + advice;
    }

    /**
     * Parses one line of the section.
     *
     * @param args     the words, without the {@code no} or {@code default} modifier
     * @param modifier {@code no}, {@code default}, or null
     */
    void parse(TokenizedLine tokens, List<String> args, SourceLocation location, ProxySection section,
               String sectionKeyword, String modifier) {
        ProxyLine line = new ProxyLine(tokens, args, location, section, sectionKeyword, diagnostics);
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

    private void parseKeyword(ProxyLine line, String sectionKeyword) {
        String keyword = line.keyword();
        Optional<ProxyKeywordTable.KeywordParser> parser = keywords.find(keyword);
        if (parser.isPresent()) {
            parser.get().parse(line);
            return;
        }
        switch (keyword) {
            case "http-request" -> parseHttpRequest(line);
            case "http-response" -> parseHttpResponse(line);
            case "http-after-response" -> parseHttpResponse(line);
            case "tcp-request" -> parseTcpRequest(line);
            case "tcp-response" -> parseTcpResponse(line);
            case "redirect" -> parseRedirect(line);
            case "reqadd" -> parseLegacyAdd(line, true);
            case "rspadd" -> parseLegacyAdd(line, false);
            default -> {
                if (REMOVED.containsKey(keyword)) {
                    line.alert(REMOVED.get(keyword));
                } else if (HaproxyKeywords.PROXY_KNOWN.contains(keyword)) {
                    line.notImplemented(keyword);
                } else {
                    Optional<String> best = DidYouMean.bestMatch(keyword, HaproxyKeywords.PROXY_SUGGESTIONS);
                    line.alert("unknown keyword '" + keyword + "' in '" + sectionKeyword + "' section"
                            + best.map(match -> "; did you mean '" + match + "' maybe ?").orElse(""));
                }
            }
        }
    }

    private void parseModified(ProxyLine line, String modifier) {
        switch (line.keyword()) {
            case "option" -> OptionKeywords.parseOption(line, modifier + " ");
            case "log" -> logs.parseModified(line, modifier);
            default -> {
                Optional<String> best = DidYouMean.bestMatch(line.keyword(), HaproxyKeywords.PROXY_SUGGESTIONS);
                line.alert("unknown keyword '" + line.keyword() + "' in '" + line.sectionKeyword + "' section"
                        + best.map(match -> "; did you mean '" + match + "' maybe ?").orElse(""));
            }
        }
    }

    KeywordRegistry registry() {
        return registry;
    }

    /** HAProxy's {@code warnif_misplaced_http_req()}: an http-request rule after a redirect or use_backend rule. */
    private void warnIfMisplacedHttpRequest(ProxyLine line) {
        if (!line.section.redirectRules.isEmpty()) {
            line.warning("a '" + line.keyword() + "' rule placed after a 'redirect' rule will"
                    + " still be processed before.");
        } else {
            warnIfMisplacedRedirect(line);
        }
    }

    /** HAProxy's {@code warnif_misplaced_redirect()}. */
    private void warnIfMisplacedRedirect(ProxyLine line) {
        if (!line.section.useBackendRules.isEmpty()) {
            line.warning("a '" + line.keyword() + "' rule placed after a 'use_backend' rule will"
                    + " still be processed before.");
        }
    }

    private void parseHttpRequest(ProxyLine line) {
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
                    line.alert(owner + "expects exactly 1 argument.");
                    return;
                }
                try {
                    parsed = new dev.bascule.api.config.SetAddress(action.equals("set-src"), aclParser.expression(
                            line.word(2), List.of(), dev.bascule.api.sample.Phase.HTTP_REQUEST, line.word(2)));
                } catch (AclParser.AclException e) {
                    line.alert(owner + e.getMessage());
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
                        line.alert(owner + "missing realm value.");
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
        ConditionResult condition = conditions.trailingCondition(line, next, rule);
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
    private CommonAction parseCommonAction(ProxyLine line, String action, int denyStatus, String owner) {
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
    private CommonAction parseCaptureAction(ProxyLine line, String owner) {
        boolean request = line.keyword().equals("http-request");
        int conditionAt = 2;
        while (conditionAt < 5 && !line.word(conditionAt).isEmpty() && !line.word(conditionAt).equals("if")
                && !line.word(conditionAt).equals("unless")) {
            conditionAt++;
        }
        if (conditionAt < 5) {
            line.alert(owner + (request ? "expects <expression> [ 'len' <length> | id <idx> ]"
                    : "expects <expression> id <idx>") + ".");
            return CommonAction.FAILED;
        }
        String expression = line.word(2);
        LogFormat.Expression parsed;
        try {
            parsed = aclParser.expression(expression, List.of(), phaseOf(line), expression);
        } catch (AclParser.AclException e) {
            line.alert(owner + e.getMessage());
            return CommonAction.FAILED;
        }
        String kind = line.word(3);
        String value = line.word(4);
        if (request && kind.equals("len")) {
            if (!line.section.kind.frontend) {
                line.alert(owner + "proxy '" + line.section.name + "' has no frontend capability.");
                return CommonAction.FAILED;
            }
            int length = CText.atoi(value);
            if (length <= 0) {
                line.alert(owner + "length must be > 0.");
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
                line.alert(owner + "cannot parse id '" + value + "'.");
                return CommonAction.FAILED;
            }
            return new CommonAction(new dev.bascule.api.config.CaptureSample(parsed, id), 5);
        }
        line.alert(owner + (request ? "expects 'len' or 'id', found '" + kind + "'." : "expects 'id', found '"
                + kind + "'."));
        return CommonAction.FAILED;
    }

    /**
     * {@code tcp-request inspect-delay|connection|session|content} (HAProxy's
     * {@code tcp_parse_tcp_req()}).
     */
    private void parseTcpRequest(ProxyLine line) {
        ProxySection section = line.section;
        String stage = line.word(1);
        boolean defaults = section.kind == ProxySection.Kind.DEFAULTS;
        if (stage.isEmpty()) {
            line.alert(defaults ? "missing argument for 'tcp-request' in defaults section"
                    : "missing argument for 'tcp-request' in " + section.describe());
            return;
        }
        if (stage.equals("inspect-delay")) {
            if (defaults && section.name.isEmpty()) {
                line.alert("tcp-request inspect-delay is not allowed in anonymous 'defaults' sections");
                return;
            }
            long delay = inspectDelay(line, "tcp-request");
            if (delay < 0) {
                return;
            }
            if (section.tcpInspectDelay != 0) {
                line.warning("ignoring tcp-request inspect-delay (was already defined) in "
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
                    line.alert("tcp-request " + stage + " is not allowed because " + section.kind.typeName() + " "
                            + section.name + " is not a frontend");
                    return;
                }
                rules = stage.equals("connection") ? section.tcpConnectionRules : section.tcpSessionRules;
                phase = Phase.TCP_CONNECTION;
            }
            default -> {
                line.alert("'tcp-request' expects 'inspect-delay', 'connection', or 'content' in "
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
    private void parseTcpResponse(ProxyLine line) {
        ProxySection section = line.section;
        String stage = line.word(1);
        if (stage.isEmpty()) {
            line.alert("missing argument for 'tcp-response' in " + section.describe());
            return;
        }
        boolean anonymous = section.kind == ProxySection.Kind.DEFAULTS && section.name.isEmpty();
        if (stage.equals("inspect-delay") || stage.equals("content")) {
            if (anonymous || !section.kind.backend) {
                line.alert("tcp-response " + stage + " is only allowed in 'backend' sections or 'defaults' section"
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
                line.warning("ignoring tcp-response inspect-delay (was already defined) in "
                        + section.describe());
                return;
            }
            section.tcpResponseInspectDelay = delay;
            return;
        }
        if (!stage.equals("content")) {
            line.alert("'tcp-response' expects 'inspect-delay' or 'content' in " + section.describe() + " (got '"
                    + stage + "')");
            return;
        }
        parseTcpRule(line, section.tcpResponseRules, Phase.TCP_CONTENT, List.of("accept", "close", "reject"),
                "'accept', 'close', 'reject', 'set-log-level', 'set-nice', 'sc-inc-gpc(*)', 'sc-inc-gpc0(*)',"
                + " 'sc-inc-gpc1(*)', 'sc-set-gpt(*)', 'sc-set-gpt0(*)', 'send-spoe-group', 'set-var-fmt(*)',"
                + " 'set-var(*)', 'unset-var(*)', 'set-mark', 'set-tos', 'silent-drop'");
    }

    /** The value of an {@code inspect-delay}, or -1 after an alert. */
    private long inspectDelay(ProxyLine line, String keyword) {
        String value = line.word(2);
        String error = "'" + keyword + " inspect-delay' expects a positive delay in milliseconds, in "
                + line.section.describe();
        if (value.isEmpty()) {
            line.alert(error);
            return -1;
        }
        TimeValue parsed = TimeValue.parseMillis(value);
        if (parsed instanceof TimeValue.Overflow) {
            line.alert(error + " (timer overflow in '" + value + "', maximum value is 2147483647 ms or ~24.8 days)");
            return -1;
        }
        if (parsed instanceof TimeValue.Underflow) {
            line.alert(error + " (timer underflow in '" + value + "', minimum non-null value is 1 ms)");
            return -1;
        }
        if (parsed instanceof TimeValue.UnexpectedCharacter unexpected) {
            line.alert(error + " (unexpected character '" + unexpected.character() + "')");
            return -1;
        }
        TimeValue.Valid valid = (TimeValue.Valid) parsed;
        if (valid.trailingCharacter().isPresent()) {
            line.alert(error + " (unexpected character '" + valid.trailingCharacter().get() + "')");
            return -1;
        }
        return valid.millis();
    }

    /**
     * The action and condition of a {@code tcp-request} or {@code tcp-response} rule (HAProxy's
     * {@code tcp_parse_request_rule()} / {@code tcp_parse_response_rule()}), from word 2.
     */
    private void parseTcpRule(ProxyLine line, List<TcpRule> rules, Phase phase, List<String> finals, String expected) {
        ProxySection section = line.section;
        String rule = line.keyword() + " " + line.word(1);
        if (section.kind == ProxySection.Kind.DEFAULTS) {
            if (section.name.isEmpty()) {
                line.alert(rule + " is not allowed in anonymous 'defaults' sections");
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
            line.alert("'" + rule + " " + action + "' is not implemented yet by Bascule");
            return;
        } else {
            line.alert("'" + rule + "' expects " + expected + " in " + section.describe() + " (got '" + action
                    + "').");
            return;
        }
        String after = line.word(next);
        Optional<Condition> condition = Optional.empty();
        if (after.equals("if") || after.equals("unless")) {
            ConditionResult result = conditions.condition(line, next, "'" + rule + " " + action
                    + "' : error detected in " + section.describe() + " while parsing '" + after + "' condition : ");
            if (!result.ok()) {
                return;
            }
            condition = result.condition();
            condition.ifPresent(written -> conditions.warnIfNeverMatches(line, written, phase,
                    section.kind.typeName() + " " + rule + " rule"));
        } else if (!after.isEmpty()) {
            line.alert("'" + rule + " " + action + "' only accepts 'if' or 'unless', in " + section.describe()
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
    private TrackCounter parseTrack(ProxyLine line, int at, String action, Phase phase, String owner, String end) {
        String number = action.substring("track-sc".length());
        long slot = CText.atol(number);
        if (number.isEmpty() || !number.chars().allMatch(Character::isDigit)) {
            line.alert(owner + "Wrong track-sc number '" + number + "'" + end);
            return null;
        }
        if (slot > 2) {
            // haproxy 2.6.12's words
            line.alert(owner + slot + " track-sc number exceeding 2 (MAX_SESS_STKCTR-1) value" + end);
            return null;
        }
        String key = line.word(at);
        if (key.isEmpty()) {
            line.alert(owner + "missing fetch method" + end);
            return null;
        }
        String fetch = key.replaceFirst("[(,].*", "");
        Optional<dev.bascule.api.sample.SampleFetchFactory> factory = registry.sampleFetch(fetch);
        if (factory.isPresent() && !factory.get().availableIn().contains(phase)) {
            line.alert(owner + "fetch method '" + key + "' extracts information from '"
                    + (factory.get().availableIn().contains(Phase.HTTP_REQUEST) ? "HTTP request headers"
                    : "HTTP response headers") + "', none of which is available here" + end);
            return null;
        }
        LogFormat.Expression expression;
        try {
            expression = aclParser.expression(key, List.of(), phase, key);
        } catch (AclParser.AclException e) {
            line.alert(owner + e.getMessage() + end);
            return null;
        }
        Optional<String> table = Optional.empty();
        trackNext = at + 1;
        if (line.word(trackNext).equals("table")) {
            String name = line.word(trackNext + 1);
            if (name.isEmpty() && end.equals(".")) {
                line.alert(owner + "missing table name" + end);
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
    private WaitForBody parseWaitForBody(ProxyLine line, String owner) {
        int at = 2;
        if (line.word(at).isEmpty()) {
            line.alert(owner + "expects time <time> [ at-least <bytes> ].");
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
                line.alert(owner + "missing argument for '" + word + "'.");
                return null;
            }
            if (word.equals("time")) {
                TimeValue parsed = TimeValue.parseMillis(value);
                if (parsed instanceof TimeValue.Overflow) {
                    line.alert(owner + "time overflow (maximum value is 2147483647 ms or ~24.8 days).");
                    return null;
                }
                if (parsed instanceof TimeValue.Underflow) {
                    line.alert(owner + "time underflow (minimum non-null value is 1 ms).");
                    return null;
                }
                if (parsed instanceof TimeValue.UnexpectedCharacter unexpected) {
                    line.alert(owner + "unexpected character '" + unexpected.character() + "'.");
                    return null;
                }
                TimeValue.Valid valid = (TimeValue.Valid) parsed;
                if (valid.trailingCharacter().isPresent()) {
                    line.alert(owner + "unexpected character '" + valid.trailingCharacter().get() + "'.");
                    return null;
                }
                time = valid.millis();
            } else {
                bytes = sizeValue(value);
                if (bytes < 0) {
                    line.alert(owner + "unexpected character '" + value.charAt((int) -bytes - 1) + "'.");
                    return null;
                }
            }
            at += 2;
        }
        if (time < 0) {
            line.alert(owner + "expects time <time> [ at-least <bytes> ].");
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
    private CommonAction parseSetLogLevel(ProxyLine line, int at, String owner) {
        String level = line.word(at);
        int value = level.equals("silent") ? dev.bascule.api.config.SetLogLevel.SILENT : LogParser.LEVELS.indexOf(level);
        if (level.isEmpty() || value == -1 && !level.equals("silent")) {
            line.alert(owner + "expects exactly 1 argument (log level name or 'silent').");
            return CommonAction.FAILED;
        }
        return new CommonAction(new dev.bascule.api.config.SetLogLevel(value), at + 1);
    }

    /** HTTP rules are not taken in defaults sections: HAProxy's alert in an anonymous one. */
    private boolean rulesAllowedIn(ProxyLine line) {
        ProxySection section = line.section;
        if (section.kind != ProxySection.Kind.DEFAULTS) {
            return true;
        }
        if (section.name.isEmpty()) {
            line.alert("'" + line.keyword() + "' not allowed in anonymous 'defaults' section.");
            return false;
        }
        if (line.keyword().equals("http-request") || line.keyword().equals("http-response")
                || line.keyword().equals("http-after-response")) {
            section.carriesRules = true;
            return true;
        }
        line.alert("'" + line.keyword() + "' rules in 'defaults' sections are not implemented yet by Bascule");
        return false;
    }

    /** HAProxy's warning for a rule written after a final one without condition. */
    private void warnIfAfterFinal(ProxyLine line, boolean previousIsFinal) {
        if (previousIsFinal) {
            line.warning("previous '" + line.keyword() + "' action is final and has no"
                    + " condition attached, further entries are NOOP.");
        }
    }

    private static boolean isFinal(Object action) {
        return action instanceof HttpRequestAction.Return || action instanceof HttpDeny || action instanceof HttpAllow
                || action instanceof HttpRedirect || action instanceof HttpAuth;
    }

    private void unknownHttpRequestAction(ProxyLine line, String action) {
        Optional<String> known = HaproxyKeywords.httpRequestAction(action);
        if (known.isPresent()) {
            line.notImplemented("http-request " + known.get());
            return;
        }
        Optional<String> best = DidYouMean.bestMatch(action, HaproxyKeywords.HTTP_REQUEST_ACTION_NAMES,
                name -> HaproxyKeywords.HTTP_REQUEST_ACTIONS.contains(name + "(*)"));
        String expected = HaproxyKeywords.HTTP_REQUEST_ACTIONS.stream().map(name -> "'" + name + "'")
                .collect(Collectors.joining(", "));
        line.alert("'http-request' expects " + expected + ", but got '" + action + "'"
                + (action.isEmpty() ? " (missing argument)" : "") + "."
                + best.map(match -> " Did you mean '" + match + "' maybe ?").orElse(""));
    }

    /** {@code deny [deny_status N]}: the legacy form, replying with the built-in error page. */
    private Optional<HttpDeny> parseDeny(ProxyLine line, int defaultStatus, String owner) {
        denyNext = 0;
        String argument = line.word(2);
        if (argument.isEmpty() || argument.equals("if") || argument.equals("unless")) {
            return Optional.of(new HttpDeny(defaultStatus));
        }
        if (argument.equals("deny_status")) {
            String value = line.word(3);
            if (value.isEmpty()) {
                line.alert(owner + "'deny_status' expects a status code.");
                return Optional.empty();
            }
            long status = CText.atol(value);
            if (status < 200 || status > 599) {
                line.alert(owner + "'status' expects a status code between 200 and 599.");
                return Optional.empty();
            }
            if (!HTTP_ERROR_CODES.contains((int) status)) {
                line.alert(owner + "status code '" + status + "' not handled by default with 'default-errorfiles'"
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
    private Optional<HttpDeny> denyWithReply(ProxyLine line, String owner) {
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

    /** {@code set-path FMT}, {@code replace-path REGEX FMT} and the like. */
    private Optional<RequestLineRewrite> parseRequestLineRewrite(ProxyLine line, String action, String owner) {
        boolean replace = action.startsWith("replace-");
        String regex = replace ? line.word(2) : null;
        String format = line.word(replace ? 3 : 2);
        if (format.isEmpty() || replace && regex.isEmpty()) {
            line.alert(owner + (replace ? "expects exactly 2 arguments <match-regex> and <replace-format>."
                    : "expects exactly 1 argument <format>."));
            return Optional.empty();
        }
        if (replace) {
            try {
                java.util.regex.Pattern.compile(regex);
            } catch (java.util.regex.PatternSyntaxException e) {
                line.alert(owner + "invalid regex '" + regex + "' : " + e.getDescription() + ".");
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
            line.alert(owner + e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code replace-header|replace-value NAME REGEX FMT}. */
    private CommonAction parseReplaceHeader(ProxyLine line, String action, String owner) {
        String name = line.word(2);
        String regex = line.word(3);
        String format = line.word(4);
        if (name.isEmpty() || regex.isEmpty() || format.isEmpty()) {
            line.alert(owner + "expects exactly 3 arguments.");
            return CommonAction.FAILED;
        }
        try {
            java.util.regex.Pattern.compile(regex);
        } catch (java.util.regex.PatternSyntaxException e) {
            line.alert(owner + "invalid regex '" + regex + "' : " + e.getDescription() + ".");
            return CommonAction.FAILED;
        }
        dev.bascule.api.sample.Phase phase = phaseOf(line);
        try {
            return new CommonAction(new dev.bascule.api.config.ReplaceHeader(name, regex, logFormats.parse(format,
                    HEADER_VARIABLES, "'" + line.keyword() + " " + action + "' formats", phase),
                    action.equals("replace-value")), 5);
        } catch (AclParser.AclException e) {
            line.alert(owner + e.getMessage());
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
    private CommonAction parseVariableAction(ProxyLine line, String action, String owner) {
        return parseVariableAction(line, 1, action, owner, phaseOf(line));
    }

    /**
     * A variable action written at word {@code at} (its expression or format next), its samples
     * evaluated in {@code phase}; {@link CommonAction#next()} is the word after it.
     */
    private CommonAction parseVariableAction(ProxyLine line, int at, String action, String owner,
                                             dev.bascule.api.sample.Phase phase) {
        int open = action.indexOf('(');
        String verb = action.substring(0, open);
        if (!action.endsWith(")")) {
            line.alert(owner + "missing closing ')' after '" + verb + "' variable name.");
            return CommonAction.FAILED;
        }
        String[] parts = action.substring(open + 1, action.length() - 1).split(",", -1);
        String name = parts[0];
        if (!dev.bascule.api.sample.Variables.validName(name)) {
            line.alert(owner + "invalid variable '" + name + "'. Expects 'proc', 'sess', 'txn', 'req' or 'res' as"
                    + " a scope, then a dot and a name.");
            return CommonAction.FAILED;
        }
        if (parts.length > 1 && verb.equals("unset-var")) {
            line.alert(owner + "unset-var does not expect parameters after the variable name. Only \"set-var\" and"
                    + " \"set-var-fmt\" manage conditions.");
            return CommonAction.FAILED;
        }
        int conditions = 0;
        for (int i = 1; i < parts.length; i++) {
            int condition = dev.bascule.api.sample.Variables.condition(parts[i]);
            if (condition == 0 || i > 4) {
                line.alert(owner + (condition == 0 ? "unknown condition \"" + parts[i] + "\"."
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
            line.alert(owner + "expects an expression.");
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
            line.alert(owner + e.getMessage());
            return CommonAction.FAILED;
        }
    }

    /** What a rule's samples may see: the response for http-response and http-after-response lines. */
    private static dev.bascule.api.sample.Phase phaseOf(ProxyLine line) {
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
    private Optional<HeaderValue> parseHeaderValue(ProxyLine line, String owner) {
        String name = line.word(2);
        String value = line.word(3);
        if (name.isEmpty() || value.isEmpty()) {
            line.alert(owner + "expects exactly 2 arguments.");
            return Optional.empty();
        }
        try {
            return Optional.of(new HeaderValue(name, logFormats.parse(value, HEADER_VARIABLES,
                    "'" + line.keyword() + " " + line.word(1) + "' values", phaseOf(line))));
        } catch (AclParser.AclException e) {
            line.alert(owner + e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<DelHeader> parseDelHeader(ProxyLine line, String owner) {
        String name = line.word(2);
        if (name.isEmpty()) {
            line.alert(owner + "expects at least 1 argument.");
            return Optional.empty();
        }
        if (!line.word(3).equals("-m")) {
            return Optional.of(new DelHeader(name, "str"));
        }
        String method = line.word(4);
        if (method.isEmpty()) {
            line.alert(owner + "-m flag expects exactly 1 argument.");
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
                    line.alert(owner + "regex '" + name + "' is invalid: " + e.getDescription() + ".");
                    return Optional.empty();
                }
                return Optional.of(new DelHeader(name, method));
            }
            default -> {
                line.alert(owner + "-m with unsupported matching method '" + method + "'.");
                return Optional.empty();
            }
        }
    }

    private record RedirectResult(HttpRedirect redirect, int next) {
    }

    /** HAProxy's {@code http_parse_redirect_rule()} from word {@code index}; null after an alert. */
    private RedirectResult parseRedirectArguments(ProxyLine line, int index, String owner) {
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
                        line.alert(owner + "missing argument for '" + argument + "'.");
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
                                line.alert(owner + "'code': unsupported HTTP code '" + value + "' (must be one of 301,"
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
                    line.alert(owner + "expects 'code', 'prefix', 'location', 'scheme', 'set-cookie', 'clear-cookie',"
                            + " 'drop-query', 'ignore-empty' or 'append-slash' (was '" + argument + "').");
                    return null;
                }
            }
        }
        if (type == null) {
            line.alert(owner + "redirection type expected ('prefix', 'location', or 'scheme').");
            return null;
        }
        Optional<LogFormat> format = Optional.empty();
        if (destination.indexOf('%') >= 0 && !line.keyword().equals("redirect")) {
            // http-request and http-response redirect targets are log-format strings; a 'redirect' line's are not
            try {
                format = Optional.of(logFormats.parse(destination, HEADER_VARIABLES, "'" + line.keyword()
                        + " redirect' targets", phaseOf(line)));
            } catch (AclParser.AclException e) {
                line.alert(owner + e.getMessage());
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

    private void parseRedirect(ProxyLine line) {
        ProxySection section = line.section;
        if (section.kind == ProxySection.Kind.DEFAULTS) {
            line.alert("'redirect' not allowed in 'defaults' section.");
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
            condition = conditions.condition(line, redirect.next(), owner + "error in condition: ");
            if (!condition.ok()) {
                return;
            }
        }
        section.redirectRules.add(new HttpRequestRule(redirect.redirect(), condition.condition(), line.location));
        warnIfMisplacedRedirect(line);
    }

    private void parseHttpResponse(ProxyLine line) {
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
            line.alert("'http-after-response' expects 'add-header', 'allow', 'capture', 'del-header',"
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
                    line.alert(owner + "expects an HTTP status code between 100 and 999.");
                    return;
                }
                Optional<String> reason = Optional.empty();
                next = 3;
                if (line.word(3).equals("reason")) {
                    if (line.word(4).isEmpty()) {
                        line.alert(owner + "expects a string after 'reason'.");
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
                    line.alert(owner + "response only supports redirect type 'location'.");
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
                        line.alert("'http-response' expects an action (missing argument).");
                    } else {
                        line.alert("'" + line.keyword() + " " + action + "' is not implemented yet by Bascule");
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
        ConditionResult condition = conditions.trailingCondition(line, next, rule);
        if (!condition.ok()) {
            return;
        }
        condition.condition().ifPresent(written -> conditions.warnIfNeverMatches(line, written, Phase.HTTP_RESPONSE,
                section.kind.typeName() + (after ? " http-after-response" : " http-response header") + " rule"));
        rules.add(new HttpResponseRule(parsed, condition.condition(), line.location));
    }

    /**
     * {@code reqadd} and {@code rspadd}, which HAProxy 2.1 removed: accepted with a warning naming
     * their modern form, and run as it would, after the other rules of their direction.
     */
    private void parseLegacyAdd(ProxyLine line, boolean request) {
        ProxySection section = line.section;
        String keyword = line.keyword();
        String modern = request ? "http-request add-header" : "http-response add-header";
        if (section.kind == ProxySection.Kind.DEFAULTS) {
            line.alert("'" + keyword + "' not allowed in 'defaults' section.");
            return;
        }
        String text = line.word(1);
        if (text.isEmpty()) {
            line.alert("'" + keyword + "' expects <header> as an argument.");
            return;
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            line.alert("'" + keyword + " " + text + "' : a header line 'Name: value' is expected.");
            return;
        }
        String name = text.substring(0, colon).strip();
        String value = text.substring(colon + 1).strip();
        ConditionResult condition = ConditionResult.NONE;
        String next = line.word(2);
        if (next.equals("if") || next.equals("unless")) {
            condition = conditions.condition(line, 2, "error detected while parsing a '" + keyword + "' condition : ");
            if (!condition.ok()) {
                return;
            }
        } else if (!next.isEmpty()) {
            line.alert("'" + keyword + "' : expects 'if' or 'unless' after the header, found '" + next + "'.");
            return;
        }
        line.warning("The '" + keyword + "' directive is not supported anymore since HAProxy 2.1;"
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
