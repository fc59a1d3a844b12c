package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.HttpTuning;
import dev.bascule.api.config.LogTarget;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.loader.KeywordRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The keywords of {@code defaults}, {@code frontend}, {@code backend} and {@code listen} sections
 * (HAProxy's {@code cfg_parse_listen()}). A keyword that HAProxy accepts in the section but that
 * makes no sense there (it warns {@code "'bind' ignored because backend 'b' has no frontend
 * capability."}) is an alert here, with HAProxy's words: Bascule refuses what it would ignore.
 * The exception is the frontend-only log options in a backend ({@code option httplog},
 * {@code tcplog}, {@code dontlognull}...): a backend writes no log line of its own, so ignoring them
 * changes nothing, and they are HAProxy's warning (common in real files that share one block).
 *
 * <p>Each keyword is parsed in the class of its feature ({@link BindKeywords}, {@link ServerKeywords},
 * {@link HttpRuleKeywords}...), which registers it in a {@link ProxyKeywordTable} with the sections
 * it is allowed in. This class checks those section rules, dispatches through the table, and
 * answers the keywords no feature registers: removed ones, known but not implemented ones, and
 * unknown ones with a did-you-mean.
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
    private final Diagnostics diagnostics;
    private final AclParser aclParser;
    private final ServerKeywords servers;

    /** The keywords each feature registers, found by their first word, with the sections they are allowed in. */
    private final ProxyKeywordTable keywords = new ProxyKeywordTable();
    /** {@code log}, which also takes the {@code no} and {@code default} modifiers. */
    private final LogKeywords logs;
    /** The actions the rule keywords share, and {@code set-var} of the global section. */
    private final RuleActions actions;

    private ErrorFiles.Sections errorSections = new ErrorFiles.Sections();
    /** {@code bind}, which inherits the global TLS defaults. */
    private final BindKeywords binds;

    /** Where the global section's TLS defaults are read into ({@code ssl-default-bind-*}, {@code crt-base}...). */
    void tlsDefaults(TlsDefaults defaults) {
        binds.tlsDefaults(defaults);
        servers.tlsDefaults(defaults);
    }

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
        this.diagnostics = diagnostics;
        this.aclParser = new AclParser(registry);
        LogFormatParser logFormats = new LogFormatParser(aclParser);
        Supplier<HttpTuning> currentTuning = () -> tuning.get();
        Supplier<ErrorFiles.Sections> currentErrorSections = () -> errorSections;
        Conditions conditions = new Conditions(aclParser, registry);
        this.actions = new RuleActions(registry, diagnostics, aclParser, logFormats, currentTuning,
                currentErrorSections);
        this.logs = new LogKeywords(environment, globalLogTargets, logFormats);
        // one class per feature, as HAProxy's cfg_register_keywords()
        this.binds = new BindKeywords(environment, diagnostics);
        binds.register(keywords);
        this.servers = new ServerKeywords(environment, aclParser);
        servers.register(keywords);
        TimeoutKeywords.register(keywords);
        QueueKeywords.register(keywords);
        new BalanceKeywords(registry).register(keywords);
        OptionKeywords.register(keywords);
        TcpKeepAliveKeywords.register(keywords);
        HealthCheckKeywords.register(keywords);
        ServerStateKeywords.register(keywords);
        TcpCheckKeywords.register(keywords);
        CookieKeywords.register(keywords);
        new StatsKeywords(conditions).register(keywords);
        new HttpRuleKeywords(conditions, actions).register(keywords);
        new TcpRuleKeywords(conditions, actions).register(keywords);
        StickTableKeywords.register(keywords);
        logs.register(keywords);
        new ErrorKeywords(diagnostics, logFormats, currentTuning, currentErrorSections).register(keywords);
        new SwitchingKeywords(logFormats, conditions).register(keywords);
        new MiscKeywords(aclParser, conditions).register(keywords);
        new PersistKeywords(conditions).register(keywords);
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

    /**
     * A keyword without modifier: its feature's parser from the table, else HAProxy's alert for a
     * removed keyword, Bascule's for a known but unimplemented one, or an unknown keyword with a
     * did-you-mean.
     */
    private void parseKeyword(ProxyLine line, String sectionKeyword) {
        String keyword = line.keyword();
        Optional<ProxyKeywordTable.Entry> entry = keywords.find(keyword);
        if (entry.isPresent()) {
            if (allowed(line, entry.get().rule())) {
                entry.get().parser().parse(line);
            }
            return;
        }
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

    /** Checks the section against the keyword's rule: HAProxy's alert (or Bascule's refusal) if not allowed. */
    private static boolean allowed(ProxyLine line, ProxyKeywordTable.SectionRule rule) {
        return switch (rule) {
            case ANY -> true;
            case FRONTEND -> line.requireFrontend();
            case BACKEND -> line.requireBackend();
            case FRONTEND_NOT_DEFAULTS -> line.notInDefaults() && line.requireFrontend();
            case BACKEND_NOT_DEFAULTS -> line.notInDefaults() && line.requireBackend();
        };
    }

    /** The keywords that take the {@code no} and {@code default} modifiers: {@code option} and {@code log}. */
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

    /**
     * {@code set-var}/{@code set-var-fmt} of the global section, which share the rules' actions
     * (see {@link RuleActions#globalVariable}).
     */
    GlobalVariableKeywords globalVariables() {
        return new GlobalVariableKeywords(actions);
    }
}
