package dev.bascule.core.rules;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.action.ParsedReply;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.check.HealthCheckFactory;
import dev.bascule.api.config.AclConfig;
import dev.bascule.api.config.AclTerm;
import dev.bascule.api.config.ActionCall;
import dev.bascule.api.config.Condition;
import dev.bascule.api.config.ForwardFor;
import dev.bascule.api.config.HeaderCapture;
import dev.bascule.api.config.HeaderField;
import dev.bascule.api.config.HttpPolicy;
import dev.bascule.api.config.HttpRequestAction;
import dev.bascule.api.config.HttpRequestRule;
import dev.bascule.api.config.HttpResponseRule;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.config.SetVariable;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.StatsPage;
import dev.bascule.api.config.TcpAction;
import dev.bascule.api.config.TcpPolicy;
import dev.bascule.api.config.TcpRule;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.loader.SampleSyntax;
import dev.bascule.api.sample.AclKeyword;
import dev.bascule.api.sample.AclMatcherFactory;
import dev.bascule.api.sample.ConverterContext;
import dev.bascule.api.sample.FetchContext;
import dev.bascule.api.sample.MatchOptions;
import dev.bascule.api.sample.PatternReference;
import dev.bascule.api.sample.Phase;
import dev.bascule.api.sample.SampleConverterFactory;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFetchFactory;
import dev.bascule.api.sample.SampleType;
import dev.bascule.core.format.TrafficFormat;
import dev.bascule.core.runtime.DirectResponse;
import dev.bascule.core.sample.ConvertedFetch;
import dev.bascule.core.sample.ProcessVariables;
import dev.bascule.core.sample.SampleHost;
import dev.bascule.core.sample.pattern.PatternRegistry;
import dev.bascule.core.stick.StickTable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;

/**
 * Compiles conditions and HTTP rules from the config model, creating every fetch and matcher
 * through the plugin registry. The loader has already validated them; a failure here is reported
 * as an {@link InvalidArgumentException} naming the line.
 */
public final class RuleCompiler {
    private static final SourceLocation NOWHERE = new SourceLocation("", 0);

    private final KeywordRegistry registry;
    private final SampleHost host;
    private final PatternRegistry patterns;
    private final Map<AclConfig, CompiledAcl> acls;
    /** The stick tables by name, and the proxy whose rules are compiled (its table is the default one). */
    private Map<String, StickTable> stickTables = Map.of();
    private @Nullable String proxy;
    /** The registry log-format expressions are compiled through: the proxy's table as the default one. */
    private KeywordRegistry formats;
    /** The configuration language's grammar, for the arguments of plugin actions. */
    private SampleSyntax syntax = SampleSyntax.NONE;
    /** The line being compiled: where its converters' pattern files are used. */
    private SourceLocation at = NOWHERE;

    /** A compiler with pattern references and variables of its own. */
    public RuleCompiler(KeywordRegistry registry) {
        this(registry, new SampleHost(), new HashMap<>());
    }

    /** As {@link #RuleCompiler(KeywordRegistry, SampleHost, Map)}, with variables of its own. */
    public RuleCompiler(KeywordRegistry registry, PatternRegistry patterns, Map<AclConfig, CompiledAcl> acls) {
        this(registry, new SampleHost(patterns, new ProcessVariables()), acls);
    }

    /**
     * A compiler creating fetches and converters with the configuration's {@code host} (pattern
     * references, variables), sharing with the other compilers of the configuration the ACLs
     * already compiled ({@code acls}): an ACL line used by several conditions loads its pattern
     * files once.
     */
    public RuleCompiler(KeywordRegistry registry, SampleHost host, Map<AclConfig, CompiledAcl> acls) {
        this.registry = registry;
        this.host = host;
        this.patterns = host.patterns();
        this.acls = acls;
        this.formats = registry;
    }

    /**
     * Compiles the rules of the proxy named {@code name}: a {@code track-sc} rule or a stick-counter
     * fetch without a table means its table.
     */
    public RuleCompiler forProxy(String name, Map<String, StickTable> tables) {
        this.proxy = name;
        this.stickTables = Map.copyOf(tables);
        this.formats = new DefaultTableRegistry();
        return this;
    }

    /** The configuration compiled: the {@code http-errors} sections and tuning its replies read. */
    private dev.bascule.api.config.@Nullable LbConfig config;

    /** Compiles the rules of {@code configuration} (its replies read its {@code http-errors} sections). */
    public RuleCompiler withConfig(LbConfig configuration) {
        this.config = configuration;
        return this;
    }

    /** The reply arguments of an action, read with the loader's grammar and compiled. */
    ParsedReply httpReply(List<String> words, int from, int defaultStatus)
            throws InvalidArgumentException {
        if (config == null) {
            throw new IllegalStateException("a reply is compiled within a configuration (withConfig)");
        }
        // parsed for the request, as the loader checked them (a response's deny sends the proxy's reply)
        SampleSyntax.Reply parsed = syntax.reply(words, from, defaultStatus, Phase.HTTP_REQUEST,
                config);
        return new ParsedReply(reply(parsed), parsed.next());
    }

    /** Parses the arguments of plugin actions with {@code grammar} (the loader's). */
    public RuleCompiler withSyntax(SampleSyntax grammar) {
        this.syntax = grammar;
        return this;
    }

    /** The plugin registry, its stick-counter fetches completed with the proxy's table. */
    private final class DefaultTableRegistry implements KeywordRegistry {
        @Override
        public Optional<BalancingAlgorithmFactory> balancingAlgorithm(String name) {
            return registry.balancingAlgorithm(name);
        }

        @Override
        public SortedSet<String> balancingAlgorithmNames() {
            return registry.balancingAlgorithmNames();
        }

        @Override
        public Optional<HealthCheckFactory> healthCheck(String name) {
            return registry.healthCheck(name);
        }

        @Override
        public SortedSet<String> healthCheckNames() {
            return registry.healthCheckNames();
        }

        @Override
        public Optional<SampleFetchFactory> sampleFetch(String keyword) {
            return registry.sampleFetch(keyword).map(factory -> factory.tableArgument() < 0 ? factory
                    : new SampleFetchFactory() {
                        @Override
                        public String keyword() {
                            return factory.keyword();
                        }

                        @Override
                        public SampleType outputType() {
                            return factory.outputType();
                        }

                        @Override
                        public Set<Phase> availableIn() {
                            return factory.availableIn();
                        }

                        @Override
                        public int tableArgument() {
                            return factory.tableArgument();
                        }

                        @Override
                        public boolean tableDefaultsToProxy() {
                            return factory.tableDefaultsToProxy();
                        }

                        @Override
                        public SampleFetch create(List<String> arguments) throws InvalidArgumentException {
                            return factory.create(withDefaultTable(factory, arguments));
                        }

                        @Override
                        public SampleFetch create(List<String> arguments, FetchContext context)
                                throws InvalidArgumentException {
                            return factory.create(withDefaultTable(factory, arguments), context);
                        }
                    });
        }

        @Override
        public SortedSet<String> sampleFetchNames() {
            return registry.sampleFetchNames();
        }

        @Override
        public Optional<SampleConverterFactory> sampleConverter(String keyword) {
            return registry.sampleConverter(keyword);
        }

        @Override
        public SortedSet<String> sampleConverterNames() {
            return registry.sampleConverterNames();
        }

        @Override
        public Optional<AclMatcherFactory> aclMatcher(String name) {
            return registry.aclMatcher(name);
        }

        @Override
        public SortedSet<String> aclMatcherNames() {
            return registry.aclMatcherNames();
        }

        @Override
        public Optional<AclKeyword> aclKeyword(String name) {
            return registry.aclKeyword(name);
        }

        @Override
        public SortedSet<String> aclKeywordNames() {
            return registry.aclKeywordNames();
        }
    }

    /** The arguments of a fetch, with the proxy's table where a table argument is absent. */
    private List<String> withDefaultTable(SampleFetchFactory factory, List<String> arguments) {
        int index = factory.tableArgument();
        if (index < 0 || !factory.tableDefaultsToProxy() || proxy == null
                || index < arguments.size() && !arguments.get(index).isEmpty()) {
            return arguments;
        }
        if (index > arguments.size()) {
            // sc_*(): the slot is missing, the factory refuses it
            return arguments;
        }
        List<String> completed = new ArrayList<>(arguments.subList(0, Math.min(index, arguments.size())));
        completed.add(proxy);
        return completed;
    }

    private ConverterContext context() {
        return host.context(at, false);
    }

    /** The compiled condition of a request-side rule, or null for none. */
    public CompiledCondition condition(Optional<Condition> condition) throws InvalidArgumentException {
        return condition(condition, Phase.HTTP_REQUEST);
    }

    /**
     * The compiled condition, or null for none. A fetch unavailable in {@code phase} (a request
     * path in a response rule) never returns a sample there, as in HAProxy, which warns about it
     * at load time.
     */
    public CompiledCondition condition(Optional<Condition> condition, Phase phase) throws InvalidArgumentException {
        if (condition.isEmpty()) {
            return null;
        }
        List<List<AclTerm>> alternatives = condition.get().alternatives();
        CompiledCondition.Term[][] compiled = new CompiledCondition.Term[alternatives.size()][];
        for (int i = 0; i < alternatives.size(); i++) {
            List<AclTerm> terms = alternatives.get(i);
            compiled[i] = new CompiledCondition.Term[terms.size()];
            for (int j = 0; j < terms.size(); j++) {
                AclTerm term = terms.get(j);
                CompiledAcl[] acls = new CompiledAcl[term.acls().size()];
                for (int k = 0; k < acls.length; k++) {
                    acls[k] = acl(term.acls().get(k), phase);
                }
                compiled[i][j] = new CompiledCondition.Term(term.negated(), acls);
            }
        }
        return new CompiledCondition(condition.get().unless(), compiled);
    }

    /**
     * Loads the pattern files of an {@code acl} line, as HAProxy does for every line, used or
     * not; a condition using it later shares them.
     */
    public void declare(AclConfig acl) throws InvalidArgumentException {
        compiled(acl);
    }

    /** The ACL line compiled once: its fetch and converters, then its pattern references, in HAProxy's order. */
    private CompiledAcl compiled(AclConfig acl) throws InvalidArgumentException {
        SampleFetchFactory fetchFactory = registry.sampleFetch(acl.fetch()).orElseThrow(() ->
                new InvalidArgumentException(acl.location() + ": no plugin serves fetch '" + acl.fetch() + "'"));
        List<String> arguments = withDefaultTable(fetchFactory, acl.fetchArguments());
        // an ACL meaning its proxy's table is compiled per proxy
        boolean shared = arguments == acl.fetchArguments();
        CompiledAcl compiled = shared ? acls.get(acl) : null;
        if (compiled != null) {
            return compiled;
        }
        AclMatcherFactory matcherFactory = registry.aclMatcher(acl.matcher()).orElseThrow(() ->
                new InvalidArgumentException(acl.location() + ": no plugin serves match method '" + acl.matcher()
                        + "'"));
        ConverterContext context = host.context(acl.location(), false);
        SampleFetch fetch = ConvertedFetch.of(registry, fetchFactory.create(arguments, context),
                fetchFactory.outputType(), acl.converters(), context);
        // a reference per -f file, then one for the inline patterns
        PatternRegistry.Use use = new PatternRegistry.Use(acl.location(), false, false);
        List<PatternReference> references = new ArrayList<>();
        for (AclConfig.PatternFile file : acl.patternFiles()) {
            references.add(file.map() ? patterns.mapFile(file.path(), use)
                    : patterns.aclFile(file.path(), file.patterns(), use));
        }
        references.add(patterns.aclInline(acl.keyword(), acl.inlinePatterns(), use));
        compiled = new CompiledAcl(acl.name(), fetch, LiveAclMatcher.of(matcherFactory, acl.options(), references));
        if (shared) {
            acls.put(acl, compiled);
        }
        return compiled;
    }

    private CompiledAcl acl(AclConfig acl, Phase phase) throws InvalidArgumentException {
        CompiledAcl compiled = compiled(acl);
        boolean available = registry.sampleFetch(acl.fetch()).orElseThrow().availableIn().contains(phase);
        return available ? compiled : compiled.withoutSample();
    }

    /** A value's format, or null when it is plain text. */
    /** A log-format string of the proxy ({@code use_backend} names), with its converters' context. */
    public TrafficFormat format(LogFormat format, ConverterContext context)
            throws InvalidArgumentException {
        return TrafficFormat.compile(formats, format, context, false);
    }

    /** The compiled rules of one proxy section. */
    public HttpRules rules(HttpPolicy policy) throws InvalidArgumentException {
        if (policy.requestRules().isEmpty() && policy.redirectRules().isEmpty() && policy.responseRules().isEmpty()
                && policy.forwardFor().isEmpty() && !policy.bufferRequest() && policy.monitorUri().isEmpty()
                && policy.uniqueIdFormat().isEmpty() && policy.errorReplies().isEmpty()
                && policy.originalTo().isEmpty() && policy.afterResponseRules().isEmpty()
                && policy.monitorFail().isEmpty() && policy.stats().isEmpty() && policy.ignorePersist().isEmpty()) {
            return HttpRules.NONE;
        }
        List<HttpRule> request = new ArrayList<>();
        for (HttpRequestRule rule : policy.requestRules()) {
            request.add(requestRule(rule));
        }
        List<HttpRule> redirects = new ArrayList<>();
        for (HttpRequestRule rule : policy.redirectRules()) {
            redirects.add(requestRule(rule));
        }
        List<HttpRule> response = new ArrayList<>();
        for (HttpResponseRule rule : policy.responseRules()) {
            response.add(responseRule(rule, RuleSet.HTTP_RESPONSE));
        }
        return new HttpRules(request.toArray(new HttpRule[0]), redirects.toArray(new HttpRule[0]),
                response.toArray(new HttpRule[0]), policy.forwardFor().map(RuleCompiler::lowerCase).orElse(null),
                policy.originalTo().map(RuleCompiler::lowerCase).orElse(null),
                policy.bufferRequest()).withFrontendOptions(policy.monitorUri().orElse(null),
                policy.uniqueIdFormat().isPresent() ? TrafficFormat.compile(formats, policy.uniqueIdFormat().get(),
                        host.context(NOWHERE, true)) : null, policy.uniqueIdHeader().orElse(null))
                .withErrorReplies(errorReplies(policy.errorReplies()))
                .withAfterResponse(afterResponse(policy.afterResponseRules()))
                .withMonitorFail(conditions(policy.monitorFail()))
                .withStats(policy.stats().orElse(null), statsChallengeCondition(policy.stats()), statsChallenge(policy.stats()))
                .withStatsAdmin(conditions(policy.stats().map(StatsPage::admin).orElse(List.of())))
                .withTarpit(policy.tarpitTimeout().map(Duration::toMillis).orElse(0L))
                .withIgnorePersist(conditions(policy.ignorePersist()));
    }

    /** The name under which the runtime finds the {@code stats auth} accounts of a proxy's page. */
    public static String statsUserlist(String proxy) {
        // a space cannot appear in a userlist section's name
        return "stats auth " + proxy;
    }

    /**
     * HAProxy's rule for {@code stats auth}: {@code auth realm <realm> unless { http_auth(<accounts>) }},
     * run when the page is asked for; null when the page is open.
     */
    private @Nullable CompiledCondition statsChallengeCondition(Optional<StatsPage> stats)
            throws InvalidArgumentException {
        if (stats.isEmpty() || stats.get().users().isEmpty()) {
            return null;
        }
        StatsPage page = stats.get();
        AclConfig good = new AclConfig("{ http_auth }", "http_auth", List.of(statsUserlist(proxy == null ? "" : proxy)),
                "bool", new MatchOptions(false), List.of(), page.location());
        Condition unless = new Condition(true, List.of(List.of(new AclTerm(false, good.name(), List.of(good)))));
        return condition(Optional.of(unless));
    }

    /** The reply of {@code stats auth}'s rule: the proxy's 401 with the page's realm in its challenge. */
    private static @Nullable CompiledReply statsChallenge(Optional<StatsPage> stats) {
        if (stats.isEmpty() || stats.get().users().isEmpty()) {
            return null;
        }
        return CompiledReply.proxy(401).withHeader("www-authenticate", "Basic realm=\""
                + stats.get().realm().orElse(StatsPage.DEFAULT_REALM) + "\"");
    }

    /**
     * A proxy's {@code tcp-request} and {@code tcp-response} rules. Connection and session rules see
     * the connection only; content rules see the parsed request in {@code mode http} and the
     * connection in {@code mode tcp} (Bascule inspects no payload); response rules see the
     * connection, as HAProxy runs them before the response is parsed.
     */
    public TcpRules tcpRules(TcpPolicy policy, ProxyMode mode)
            throws InvalidArgumentException {
        if (policy.isEmpty()) {
            return policy.inspectDelayMillis() == 0 && policy.responseInspectDelayMillis() == 0 ? TcpRules.NONE
                    : new TcpRules(new HttpRule[0], new HttpRule[0], new HttpRule[0], policy.inspectDelayMillis(),
                    new HttpRule[0], policy.responseInspectDelayMillis());
        }
        boolean http = mode == ProxyMode.HTTP;
        return new TcpRules(tcpRules(policy.connectionRules(), Phase.TCP_CONNECTION, true,
                        RuleSet.TCP_REQUEST_CONNECTION),
                tcpRules(policy.sessionRules(), Phase.TCP_CONNECTION, true,
                        RuleSet.TCP_REQUEST_SESSION),
                tcpRules(policy.contentRules(), http ? Phase.HTTP_REQUEST : Phase.TCP_CONTENT, false,
                        RuleSet.TCP_REQUEST_CONTENT),
                policy.inspectDelayMillis(),
                // HAProxy inspects the response's contents before parsing them, HTTP or not
                tcpRules(policy.responseRules(), Phase.TCP_CONTENT, false,
                        RuleSet.TCP_RESPONSE_CONTENT),
                policy.responseInspectDelayMillis());
    }

    private HttpRule[] tcpRules(List<TcpRule> rules, Phase phase, boolean session,
                                RuleSet set) throws InvalidArgumentException {
        HttpRule[] compiled = new HttpRule[rules.size()];
        for (int i = 0; i < compiled.length; i++) {
            TcpRule rule = rules.get(i);
            CompiledCondition condition = condition(rule.condition(), phase);
            TcpAction action = rule.action();
            at = rule.location();
            compiled[i] = PluginActionCompiler.compile(this, (ActionCall) action, condition,
                    set, rule.location(), phase);
        }
        return compiled;
    }

    /** A {@code set-var} / {@code set-var-fmt} line of the global section, as a rule without condition. */
    public HttpRule variable(SetVariable set, SourceLocation location)
            throws InvalidArgumentException {
        // the status carries the set-var conditions
        HttpRule rule = new HttpRule(RuleKind.SET_VAR, null, set.conditions(), location);
        host.variables().declare(set.name());
        if (set.expression().isPresent()) {
            return rule.withVariable(set.name(), expression(set.expression().get()), null);
        }
        return rule.withVariable(set.name(), null,
                TrafficFormat.compile(formats, set.format().get(), context(), false));
    }

    /**
     * A {@code %[...]} of a {@code log-format} line as one fetch (the loader checked it; a failure
     * here is a bug, reported unchecked).
     */
    public SampleFetch logFetch(LogFormat.Expression expression) {
        try {
            return expression(expression);
        } catch (InvalidArgumentException e) {
            throw new IllegalArgumentException("log-format %[" + expression.fetch() + "]: " + e.getMessage(), e);
        }
    }

    /** The context of the converters and fetches of the line being compiled. */
    ConverterContext converterContext() {
        return context();
    }

    /** A sample expression written as text, parsed with the loader's grammar, as one fetch. */
    SampleFetch expression(String text, Phase phase) throws InvalidArgumentException {
        return expression(syntax.expression(text, phase));
    }

    /**
     * A log-format string written as text, parsed with the loader's grammar, compiled once;
     * {@code http}: for an HTTP rule set (HAProxy's {@code LOG_OPT_HTTP}: a missing sample is nothing, not "-").
     */
    TrafficFormat format(String text, Phase phase, boolean http) throws InvalidArgumentException {
        return TrafficFormat.compile(formats, syntax.format(text, phase), context(), http);
    }

    /**
     * What a health check's rules compile their expressions and formats with ({@code http-check set-var},
     * {@code uri-lf}...): the response's fetches, the way HTTP formats write a missing sample (nothing).
     */
    public dev.bascule.api.check.CheckSetup checkSetup() {
        return new dev.bascule.api.check.CheckSetup() {
            @Override
            public SampleFetch expression(String text) throws InvalidArgumentException {
                return RuleCompiler.this.expression(text, Phase.HTTP_RESPONSE);
            }

            @Override
            public dev.bascule.api.sample.SampleFormat format(String text) throws InvalidArgumentException {
                return RuleCompiler.this.format(text, Phase.HTTP_RESPONSE, true);
            }

            @Override
            public SampleFetch expression(String text, SourceLocation at, String before, String after)
                    throws InvalidArgumentException {
                try {
                    return expression(text);
                } catch (InvalidArgumentException e) {
                    throw new LocatedArgumentException(at, before + e.getMessage() + after);
                }
            }

            @Override
            public dev.bascule.api.sample.SampleFormat format(String text, SourceLocation at, String before,
                                                             String after) throws InvalidArgumentException {
                try {
                    return format(text);
                } catch (InvalidArgumentException e) {
                    throw new LocatedArgumentException(at, before + formatError(text, e.getMessage()) + after);
                }
            }
        };
    }

    /**
     * HAProxy's {@code parse_logformat_string()} words for an expression of {@code text} it cannot compile:
     * {@code "failed to parse sample expression <rest> : unknown fetch method 'x'"}, the rest of the text from
     * the expression on.
     */
    private static String formatError(String text, String message) {
        String prefix = "unknown fetch method '";
        if (message.startsWith(prefix) && message.indexOf('\'', prefix.length()) > 0) {
            String fetch = message.substring(prefix.length(), message.indexOf('\'', prefix.length()));
            int at = text.indexOf("%[" + fetch);
            if (at >= 0) {
                return "failed to parse sample expression <" + text.substring(at + 2) + "> : " + message;
            }
        }
        return message;
    }

    /** The configuration language's grammar, lent by the loader. */
    SampleSyntax syntax() {
        return syntax;
    }

    /** The registry the actions are served by. */
    KeywordRegistry registry() {
        return registry;
    }

    /**
     * The request capture slot the {@code http-request capture ... len} line at {@code location}
     * declared in the frontend whose rules are compiled (the loader named the line in it).
     */
    int declaredCapture(SourceLocation location) throws InvalidArgumentException {
        List<HeaderCapture> captures = config == null || proxy == null ? List.of()
                : config.frontend(proxy).map(frontend -> frontend.log().requestCaptures()).orElse(List.of());
        for (int i = 0; i < captures.size(); i++) {
            if (captures.get(i).declaredBy().filter(location::equals).isPresent()) {
                return i;
            }
        }
        throw new InvalidArgumentException("proxy '" + proxyName() + "' declares no capture slot for this line.");
    }

    /** The name of the proxy whose rules are compiled, empty outside one. */
    String proxyName() {
        return proxy == null ? "" : proxy;
    }

    /** A sample expression ({@code fetch,conv,...}) as one fetch. */
    private SampleFetch expression(LogFormat.Expression expression)
            throws InvalidArgumentException {
        SampleFetchFactory factory = registry.sampleFetch(expression.fetch())
                .orElseThrow(() -> new InvalidArgumentException("no plugin serves fetch '" + expression.fetch() + "'"));
        ConverterContext context = context();
        return ConvertedFetch.of(registry, factory.create(withDefaultTable(factory, expression.arguments()), context),
                factory.outputType(),
                expression.converters(), context);
    }

    /** {@code monitor fail} and {@code stats admin} conditions, each compiled on its own. */
    private CompiledCondition[] conditions(List<Condition> conditions) throws InvalidArgumentException {
        CompiledCondition[] compiled = new CompiledCondition[conditions.size()];
        for (int i = 0; i < compiled.length; i++) {
            compiled[i] = condition(Optional.of(conditions.get(i)));
        }
        return compiled;
    }

    private HttpRule[] afterResponse(List<HttpResponseRule> rules) throws InvalidArgumentException {
        HttpRule[] compiled = new HttpRule[rules.size()];
        for (int i = 0; i < compiled.length; i++) {
            compiled[i] = responseRule(rules.get(i), RuleSet.HTTP_AFTER_RESPONSE);
        }
        return compiled;
    }

    private CompiledReply @Nullable [] errorReplies(
            Map<Integer, Optional<HttpRequestAction.Return>> replies) throws InvalidArgumentException {
        if (replies.isEmpty()) {
            return null;
        }
        CompiledReply[] table = new CompiledReply[600];
        for (Map.Entry<Integer, Optional<HttpRequestAction.Return>> entry : replies.entrySet()) {
            table[entry.getKey()] = entry.getValue().isPresent() ? reply(entry.getValue().get())
                    : CompiledReply.silent(entry.getKey());
        }
        return table;
    }

    /** The forwardfor header name lower-cased, as HAProxy's HTX layer sends every name. */
    private static ForwardFor lowerCase(ForwardFor option) {
        return new ForwardFor(option.header().toLowerCase(Locale.ROOT), option.except(), option.ifNone());
    }

    private HttpRule requestRule(HttpRequestRule rule) throws InvalidArgumentException {
        at = rule.location();
        CompiledCondition condition = condition(rule.condition());
        HttpRequestAction action = rule.action();
        if (action instanceof ActionCall call) {
            return PluginActionCompiler.compile(this, call, condition, RuleSet.HTTP_REQUEST,
                    rule.location());
        }
        throw new IllegalArgumentException("unsupported action " + action + " at " + rule.location());
    }

    /**
     * The stick counter of a {@code track-sc} action: its table resolved (the proxy's own when it
     * names none), at the session level in {@code tcp-request connection|session} rules.
     */
    TrackedCounter stickCounter(int slot, @Nullable String table, RuleSet set)
            throws InvalidArgumentException {
        String name = table != null ? table : proxy;
        StickTable found = name == null ? null : stickTables.get(name);
        if (found == null) {
            throw new InvalidArgumentException("unable to find table '" + name + "' referenced by track-sc" + slot
                    + ".");
        }
        return new TrackedCounter(slot, found, set == RuleSet.TCP_REQUEST_CONNECTION
                || set == RuleSet.TCP_REQUEST_SESSION);
    }

    /**
     * A reply as the configuration language's reply arguments describe it, compiled: the proxy's
     * for its status, none (an empty errorfile), or its own with its log-format parts.
     */
    CompiledReply reply(SampleSyntax.Reply parsed) throws InvalidArgumentException {
        if (parsed.silent()) {
            return CompiledReply.silent(parsed.reply().status());
        }
        if (parsed.reply().proxyErrorReply()) {
            return CompiledReply.proxy(parsed.reply().status());
        }
        return reply(parsed.reply());
    }

    /** A reply of its own ({@code errorfile}, {@code string}, {@code lf-string}...), its log-format parts compiled. */
    private CompiledReply reply(HttpRequestAction.Return reply) throws InvalidArgumentException {
        boolean dynamicHeaders = reply.headerFormats().stream().anyMatch(format -> !format.isLiteral());
        if (reply.bodyFormat().isPresent() || dynamicHeaders) {
            TrafficFormat[] headerValues = new TrafficFormat[reply.headerFormats().size()];
            for (int i = 0; i < headerValues.length; i++) {
                headerValues[i] = TrafficFormat.compile(formats, reply.headerFormats().get(i), context());
            }
            return CompiledReply.own(directResponse(reply), reply.bodyFormat().isPresent()
                    ? TrafficFormat.compile(formats, reply.bodyFormat().get(), context()) : null, headerValues);
        }
        return CompiledReply.own(directResponse(reply), null, null);
    }

    private HttpRule responseRule(HttpResponseRule rule, RuleSet ruleSet)
            throws InvalidArgumentException {
        at = rule.location();
        // every http-response action is served by a factory
        return PluginActionCompiler.compile(this, (ActionCall) rule.action(),
                condition(rule.condition(), Phase.HTTP_RESPONSE), ruleSet, rule.location());
    }

    /** A reply of its own ({@code errorfile}, {@code return string ...}) as the bytes the proxy sends. */
    public static DirectResponse directResponse(HttpRequestAction.Return action) {
        List<HeaderField> headers = new ArrayList<>();
        byte[] body = action.body().orElse(new byte[0]);
        if (action.contentType().isPresent()) {
            headers.add(new HeaderField("content-type", action.contentType().get()));
        }
        headers.addAll(action.headers());
        return new DirectResponse(action.status(), headers, body);
    }
}
