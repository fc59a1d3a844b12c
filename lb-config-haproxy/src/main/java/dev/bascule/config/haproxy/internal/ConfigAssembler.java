package dev.bascule.config.haproxy.internal;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.config.AclConfig;
import dev.bascule.api.config.AclTerm;
import dev.bascule.api.config.ActionCall;
import dev.bascule.api.config.BackendConfig;
import dev.bascule.api.config.BackendLogConfig;
import dev.bascule.api.config.BalanceConfig;
import dev.bascule.api.config.Condition;
import dev.bascule.api.config.FrontendConfig;
import dev.bascule.api.config.FrontendOption;
import dev.bascule.api.config.GlobalConfig;
import dev.bascule.api.config.HealthCheckConfig;
import dev.bascule.api.config.HttpPolicy;
import dev.bascule.api.config.HttpRequestRule;
import dev.bascule.api.config.HttpResponseRule;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.ServerStateConfig;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.config.LogSettings;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.config.ResolversConfig;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.StickTableConfig;
import dev.bascule.api.config.TcpPolicy;
import dev.bascule.api.config.TcpRule;
import dev.bascule.api.config.Timeouts;
import dev.bascule.api.config.UseBackendRule;
import dev.bascule.api.config.UserlistConfig;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.sample.Phase;
import dev.bascule.api.sample.SampleFetchFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The checks HAProxy's {@code check_config_validity()} runs once every file is read, proxy by
 * proxy in file order, then the translation into the model. HAProxy prints these messages
 * without a location; here each carries the line it is about: the {@code default_backend} or
 * {@code use_backend} line for references, the section's first line otherwise.
 */
final class ConfigAssembler {
    /** The health-check plugin that serves {@code option httpchk}. */
    static final String HTTP_CHECK = "httpchk";
    static final String TCP_CHECK = "tcp-check";

    private final List<ProxySection> proxies;
    private final Diagnostics diagnostics;

    private final ErrorFiles.Sections errorSections;

    private final List<UserlistConfig> userlists;

    ConfigAssembler(List<ProxySection> proxies, Diagnostics diagnostics, ErrorFiles.Sections errorSections,
                    List<UserlistConfig> userlists) {
        this.userlists = List.copyOf(userlists);
        this.errorSections = errorSections;
        this.proxies = proxies;
        this.diagnostics = diagnostics;
    }

    private KeywordRegistry registry;
    private ServerStateConfig serverState = ServerStateConfig.NONE;

    /** The server state files read at start ({@link ServerStateKeywords#resolve}). */
    ConfigAssembler withServerState(ServerStateConfig state) {
        this.serverState = state;
        return this;
    }

    /** The registry the stick-counter fetches' table arguments are found through. */
    ConfigAssembler withRegistry(KeywordRegistry keywords) {
        this.registry = keywords;
        return this;
    }

    private List<ProxySection> defaultsSections = List.of();
    private List<ResolversConfig> resolvers = List.of();

    /** The {@code resolvers} sections. */
    ConfigAssembler withResolvers(List<ResolversConfig> sections) {
        this.resolvers = List.copyOf(sections);
        return this;
    }

    /** The defaults sections: those carrying rules have their track-sc rules checked. */
    ConfigAssembler withDefaults(List<ProxySection> sections) {
        this.defaultsSections = List.copyOf(sections);
        return this;
    }

    /** Checks the proxies and builds the configuration; empty when an alert was found at any time. */
    Optional<LbConfig> assemble(GlobalConfig global) {
        if (diagnostics.hasAlerts()) {
            // as HAProxy, whose check_config_validity() does not run after an alert while parsing: none of its
            // warnings ('has no bind directive' after a refused bind line) or alerts follow those of the parser
            return Optional.empty();
        }
        for (ProxySection proxy : proxies) {
            check(proxy);
        }
        for (ProxySection defaults : defaultsSections) {
            if (defaults.carriesRules) {
                checkStickTables(defaults);
            }
        }
        for (ProxySection proxy : proxies) {
            checkStickTables(proxy);
        }
        if (diagnostics.hasAlerts()) {
            return Optional.empty();
        }
        List<FrontendConfig> frontends = new ArrayList<>();
        List<BackendConfig> backends = new ArrayList<>();
        List<AclConfig> acls = new ArrayList<>();
        for (ProxySection proxy : proxies) {
            List<AclConfig> declared = new ArrayList<>();
            proxy.acls.values().forEach(declared::addAll);
            declared.sort(Comparator.comparingInt(acl -> acl.location().line()));
            acls.addAll(declared);
            if (proxy.hasFrontend()) {
                frontends.add(frontend(proxy));
            }
            if (proxy.hasBackend()) {
                backends.add(backend(proxy));
            }
        }
        List<StickTableConfig> tables = proxies.stream()
                .filter(proxy -> proxy.stickTable != null).map(proxy -> proxy.stickTable).toList();
        return Optional.of(new LbConfig(global, frontends, backends, acls, tables, userlists, errorSections.byName,
                resolvers, serverState));
    }

    /** The algorithms HAProxy marks {@code BE_LB_NEED_HTTP}. */
    private static final Set<String> LAYER7_ALGORITHMS = Set.of("uri", "url_param", "hdr");

    private void check(ProxySection proxy) {
        for (ServerConfig server : proxy.servers) {
            if (server.address().clientPort() && server.check().enabled() && server.check().port().isEmpty()) {
                // HAProxy 2.6's srv_init_addr()/check init: a server without a port cannot be checked without 'port'
                diagnostics.alert("config: " + proxy.describe() + ": server '" + server.name() + "' has neither"
                        + " service port nor check port.");
            }
        }
        if (proxy.hasFrontend() && proxy.binds.isEmpty()) {
            // check_config_validity()'s warnings carry no file:line
            diagnostics.warning(proxy.describe() + " has no 'bind' directive. Please declare it as a backend if this"
                    + " was intended.");
        }
        if (proxy.hasFrontend() && proxy.defaultBackend != null) {
            boolean valid = checkTarget(proxy, proxy.defaultBackend, proxy.defaultBackendLocation, "default_backend",
                    "as its default backend");
            if (valid && !proxy.servers.isEmpty()) {
                diagnostics.warning(proxy.defaultBackendLocation, "In proxy '" + proxy.name + "', the 'default_backend'"
                        + " rule always has precedence over the servers, which will never be used.");
            }
        }
        if (proxy.hasFrontend()) {
            for (UseBackendRule rule : proxy.useBackendRules) {
                if (rule.dynamic().isEmpty()) {
                    // a log-format name is resolved per request, as HAProxy does
                    checkTarget(proxy, rule.backend(), rule.location(), "use_backend", "in a 'use_backend' rule");
                }
            }
        }
        boolean frontendMissing = proxy.hasFrontend() && proxy.timeout(ProxySection.Timeout.CLIENT).isEmpty();
        boolean backendMissing = proxy.hasBackend() && !proxy.servers.isEmpty()
                && (proxy.timeout(ProxySection.Timeout.CONNECT).isEmpty()
                || proxy.timeout(ProxySection.Timeout.SERVER).isEmpty()
                // cfgparse.c: in TCP, timeout tunnel stands for timeout server
                && (proxy.mode == ProxyMode.HTTP || proxy.timeout(ProxySection.Timeout.TUNNEL).isEmpty()));
        if (frontendMissing || backendMissing) {
            diagnostics.warning("missing timeouts for " + proxy.describe() + ".\n"
                    + "   | While not properly invalid, you will certainly encounter various problems\n"
                    + "   | with such a configuration. To fix this, please ensure that all following\n"
                    + "   | timeouts are set to a non-zero value: 'client', 'connect', 'server'.");
        }
        if (proxy.hasFrontend() && proxy.mode != ProxyMode.HTTP && (proxy.logFormat == LogSettings.LineFormat.HTTP
                || proxy.logFormat == LogSettings.LineFormat.HTTP_CLF)) {
            diagnostics.warning(proxy.logFormatLocation, "'option httplog' not usable with " + proxy.describe()
                    + " (needs 'mode http'). Falling back to 'option tcplog'.");
            proxy.logFormat = LogSettings.LineFormat.TCP;
        }
        if (proxy.hasFrontend() && proxy.logTargets.isEmpty() && proxy.logFormat != LogSettings.LineFormat.CONNECT) {
            diagnostics.warning(proxy.location, "log format ignored for " + proxy.describe() + " since it has no log"
                    + " address.");
        }
        if (proxy.hasBackend() && proxy.kind != ProxySection.Kind.DEFAULTS && proxy.httpCheckRequest == null
                && proxy.httpCheckRulesOwn && proxy.httpCheckRulesWarning) {
            // HAProxy 2.6's check_proxy_tcpcheck(): a warning without file:line, and the servers' checks stay
            // layer-4 connects (backend() builds tcpConnect); rules inherited from defaults are dropped silently
            diagnostics.warning(proxy.describe() + " uses http-check rules without 'option httpchk', so the rules"
                    + " are ignored.");
        }
        if (proxy.hasBackend() && proxy.kind != ProxySection.Kind.DEFAULTS
                && (proxy.tcpCheck || proxy.protocolCheck != null) && proxy.httpCheckDisableOn404) {
            // check_config_validity(): the option needs HTTP checks; without any check option it stays, unused
            diagnostics.warning("'disable-on-404' will be ignored for " + proxy.describe()
                    + " (requires 'option httpchk').");
            proxy.httpCheckDisableOn404 = false;
        }
        if (proxy.hasBackend() && proxy.kind != ProxySection.Kind.DEFAULTS && !proxy.tcpCheck
                && proxy.tcpCheckRulesOwn && proxy.tcpCheckRulesWarning) {
            diagnostics.warning(proxy.describe() + " uses tcp-check rules without 'option tcp-check', so the rules"
                    + " are ignored.");
        }
        if (proxy.mode != ProxyMode.HTTP && proxy.stats != null) {
            diagnostics.warning(proxy.location, "'stats' statement ignored for " + proxy.describe()
                    + " as it requires HTTP mode.");
            proxy.stats = null;
        }
        if (proxy.hasBackend() && proxy.mode != ProxyMode.HTTP && proxy.balance != null
                && LAYER7_ALGORITHMS.contains(proxy.balance.algorithm())) {
            // HAProxy's proxy_cfg_ensure_no_http()
            diagnostics.warning("Layer 7 hash not possible for " + proxy.describe()
                    + " (needs 'mode http'). Falling back to round robin.");
            proxy.balance = new BalanceConfig(BalanceConfig.DEFAULT_ALGORITHM, List.of(), proxy.balance.location());
        }
        if (proxy.mode != ProxyMode.HTTP && !proxy.httpRequestRules.isEmpty()) {
            diagnostics.warning(proxy.location, "'http-request' rules ignored for " + proxy.describe()
                    + " as they require HTTP mode.");
            proxy.httpRequestRules.clear();
        }
        if (proxy.mode != ProxyMode.HTTP && proxy.hasFrontend()
                && proxy.frontendOptions.remove(FrontendOption.HTTP_USE_PROXY_HEADER)) {
            diagnostics.warning("'option http-use-proxy-header' ignored for " + proxy.describe()
                    + " as it requires HTTP mode.");
        }
        if (proxy.mode != ProxyMode.HTTP && proxy.hasBackend() && proxy.pretendKeepAlive) {
            // check_config_validity(): a cfg_opts2 option of mode http in another mode
            diagnostics.warning("'option http-pretend-keepalive' ignored for " + proxy.describe()
                    + " as it requires HTTP mode.");
            proxy.pretendKeepAlive = false;
        }
    }

    /**
     * HAProxy's {@code check_trk_action()} and argument resolution: the table a {@code track-sc}
     * rule names (its proxy's when none) and the table arguments of stick-counter fetches in
     * conditions must be proxies with a {@code stick-table}.
     */
    private void checkStickTables(ProxySection proxy) {
        List<TcpRule> tcp = new ArrayList<>(proxy.tcpConnectionRules);
        tcp.addAll(proxy.tcpSessionRules);
        tcp.addAll(proxy.tcpContentRules);
        List<Optional<Condition>> conditions = new ArrayList<>();
        for (TcpRule rule : tcp) {
            if (checkTrack(proxy, rule.location())) {
                warnIfSessionLevel(proxy, rule, (ActionCall) rule.action());
            }
            conditions.add(rule.condition());
        }
        for (HttpRequestRule rule : proxy.httpRequestRules) {
            checkTrack(proxy, rule.location());
            conditions.add(rule.condition());
        }
        proxy.httpResponseRules.forEach(rule -> conditions.add(rule.condition()));
        proxy.useBackendRules.forEach(rule -> conditions.add(rule.condition()));
        // a defaults section's track rules are checked as its own (haproxy 2.6.12), not its conditions
        if (registry == null || proxy.kind == ProxySection.Kind.DEFAULTS) {
            return;
        }
        for (Optional<Condition> condition : conditions) {
            if (condition.isEmpty()) {
                continue;
            }
            for (List<AclTerm> terms : resolve(condition, proxy).get().alternatives()) {
                for (AclTerm term : terms) {
                    for (AclConfig acl : term.acls()) {
                        checkTableArgument(proxy, acl);
                    }
                }
            }
        }
    }

    /** HAProxy's warning for a content tracking rule of an HTTP frontend whose key is known at accept. */
    private void warnIfSessionLevel(ProxySection proxy, TcpRule rule, ActionCall track) {
        if (registry == null || !proxy.hasFrontend() || proxy.kind == ProxySection.Kind.DEFAULTS
                || proxy.mode != ProxyMode.HTTP
                || !proxy.tcpContentRules.contains(rule)) {
            return;
        }
        // the rule's key, its first argument, as the action read it
        String text = track.arguments().get(0);
        LogFormat.Expression key;
        try {
            key = new AclParser(registry).expression(text, List.of(), Phase.HTTP_REQUEST, text);
        } catch (AclParser.AclException e) {
            return;
        }
        boolean connectionLevel = registry.sampleFetch(key.fetch())
                .map(fetch -> fetch.availableIn().contains(Phase.TCP_CONNECTION))
                .orElse(false);
        if (connectionLevel && key.converters().isEmpty()) {
            diagnostics.warning(rule.location(), proxy.kind.typeName() + " '" + proxy.name + "' : a 'tcp-request"
                    + " content track-sc*' rule not depending on request contents for an HTTP frontend should be"
                    + " executed at the session level, using a 'tcp-request session' rule (mandatory to track"
                    + " invalid HTTP requests).");
        }
    }

    /** Checks the table of the {@code track-sc} rule at {@code location}; whether the rule is one. */
    private boolean checkTrack(ProxySection proxy, SourceLocation location) {
        boolean track = false;
        for (ProxySection.TrackReference reference : proxy.trackReferences) {
            if (!reference.location().equals(location)) {
                continue;
            }
            track = true;
            String name = reference.table().orElse(proxy.name);
            if (!hasTable(name)) {
                diagnostics.alert(location, "Proxy '" + proxy.name + "': unable to find table '" + name
                        + "' referenced by track-sc" + reference.slot() + ".");
            }
        }
        return track;
    }

    private void checkTableArgument(ProxySection proxy, AclConfig acl) {
        Optional<SampleFetchFactory> factory = registry.sampleFetch(acl.fetch());
        if (factory.isEmpty() || factory.get().tableArgument() < 0) {
            return;
        }
        int index = factory.get().tableArgument();
        List<String> arguments = acl.fetchArguments();
        if (index > arguments.size()) {
            return;
        }
        boolean given = index < arguments.size() && !arguments.get(index).isEmpty();
        if (!given && !factory.get().tableDefaultsToProxy()) {
            return;
        }
        String name = given ? arguments.get(index) : proxy.name;
        if (!hasTable(name)) {
            diagnostics.alert(acl.location(), "unable to find table '" + name + "' referenced in arg " + (index + 1)
                    + " of ACL keyword '" + acl.keyword() + "' in proxy '" + proxy.name + "'.");
        }
    }

    private boolean hasTable(String name) {
        return proxies.stream().anyMatch(candidate -> candidate.kind != ProxySection.Kind.DEFAULTS
                && candidate.name.equals(name) && candidate.stickTable != null);
    }

    /** Resolves a backend reference as HAProxy does; true when it is usable. */
    private boolean checkTarget(ProxySection proxy, String name, SourceLocation location, String keyword,
                                String role) {
        Optional<ProxySection> target = proxies.stream()
                .filter(candidate -> candidate.hasBackend() && candidate.name.equals(name))
                .findFirst();
        if (target.isEmpty()) {
            diagnostics.alert(location, "Proxy '" + proxy.name + "': unable to find required " + keyword + ": '" + name
                    + "'.");
            return false;
        }
        ProxySection backend = target.get();
        if (backend == proxy) {
            diagnostics.alert(location, "Proxy '" + proxy.name + "': loop detected for " + keyword + ": '" + name
                    + "'.");
            return false;
        }
        if (backend.mode != proxy.mode && !(proxy.mode == ProxyMode.TCP && backend.mode == ProxyMode.HTTP)) {
            diagnostics.alert(location, modeName(proxy.mode) + " " + proxy.describe() + " (" + proxy.location
                    + ") tries to use incompatible " + modeName(backend.mode) + " " + backend.describe() + " ("
                    + backend.location + ") " + role + " (see 'mode').");
            return false;
        }
        return true;
    }

    private static String modeName(ProxyMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    private FrontendConfig frontend(ProxySection proxy) {
        checkCaptureIds(proxy);
        Timeouts timeouts = new Timeouts(Optional.empty(), proxy.timeout(ProxySection.Timeout.CLIENT),
                Optional.empty(), proxy.timeout(ProxySection.Timeout.HTTP_REQUEST),
                proxy.timeout(ProxySection.Timeout.HTTP_KEEP_ALIVE), Optional.empty(),
                proxy.timeout(ProxySection.Timeout.CLIENT_FIN), Optional.empty());
        Optional<String> defaultBackend = Optional.ofNullable(proxy.defaultBackend);
        if (defaultBackend.isEmpty() && proxy.kind == ProxySection.Kind.LISTEN) {
            defaultBackend = Optional.of(proxy.name);
        }
        List<UseBackendRule> useBackendRules = proxy.useBackendRules.stream()
                .map(rule -> new UseBackendRule(rule.backend(), resolve(rule.condition(), proxy), rule.location(),
                        rule.dynamic()))
                .toList();
        return new FrontendConfig(proxy.name, proxy.mode, proxy.binds, timeouts, http(proxy), useBackendRules,
                defaultBackend, proxy.location,
                new LogSettings(proxy.logTargets, proxy.logFormat, proxy.dontLogNull, proxy.logSeparateErrors,
                        proxy.logFormat == LogSettings.LineFormat.CUSTOM ? Optional.of(proxy.customLogFormat)
                                : Optional.empty(), proxy.requestCaptures, proxy.responseCaptures, proxy.logAsap,
                        proxy.dontLogNormal),
                proxy.maxConnections > 0 ? OptionalInt.of((int) Math.min(Integer.MAX_VALUE, proxy.maxConnections))
                        : OptionalInt.empty(),
                new TcpPolicy(resolveTcp(proxy.tcpConnectionRules, proxy), resolveTcp(proxy.tcpSessionRules, proxy),
                        resolveTcp(proxy.tcpContentRules, proxy), proxy.tcpInspectDelay, List.of(), 0),
                proxy.httpMode, proxy.abortOnClose,
                TcpKeepAliveKeywords.settings(proxy.clientKeepAlive, proxy.clientKeepAliveProbes),
                proxy.frontendOptions);
    }

    /** The algorithm must accept the backend's {@code hash-type}: a factory may refuse one it cannot serve. */
    private void checkHashType(BalanceConfig balance, SourceLocation hashTypeLocation) {
        if (registry == null || hashTypeLocation == null) {
            return;
        }
        Optional<BalancingAlgorithmFactory> factory =
                registry.balancingAlgorithm(balance.algorithm());
        if (factory.isEmpty()) {
            return;
        }
        try {
            factory.get().create(balance.arguments(), balance.hashType());
        } catch (InvalidArgumentException e) {
            diagnostics.alert(hashTypeLocation, "'balance " + balance.algorithm() + "' : " + e.getMessage());
        }
    }

    private BackendConfig backend(ProxySection proxy) {
        Timeouts timeouts = new Timeouts(proxy.timeout(ProxySection.Timeout.CONNECT), Optional.empty(),
                proxy.timeout(ProxySection.Timeout.SERVER), proxy.timeout(ProxySection.Timeout.HTTP_REQUEST),
                proxy.timeout(ProxySection.Timeout.HTTP_KEEP_ALIVE), proxy.timeout(ProxySection.Timeout.TUNNEL),
                Optional.empty(), proxy.timeout(ProxySection.Timeout.SERVER_FIN),
                proxy.timeout(ProxySection.Timeout.QUEUE));
        BalanceConfig balance = (proxy.balance != null ? proxy.balance
                : new BalanceConfig(BalanceConfig.DEFAULT_ALGORITHM, List.of(), proxy.location))
                .withHashType(proxy.hashType);
        checkHashType(balance, proxy.hashTypeLocation);
        HealthCheckConfig healthCheck = HealthCheckConfig.tcpConnect(proxy.location);
        if (proxy.httpCheckRequest != null) {
            List<String> arguments = new ArrayList<>();
            if (proxy.httpCheckSendState) {
                arguments.addAll(List.of("send-state", "0"));
            }
            arguments.addAll(proxy.httpCheckRules.arguments());
            healthCheck = new HealthCheckConfig(HTTP_CHECK, arguments, proxy.httpCheckLocation,
                    proxy.httpCheckDisableOn404);
        } else if (proxy.tcpCheck) {
            List<String> arguments = new ArrayList<>();
            proxy.tcpCheckRules.forEach(arguments::addAll);
            healthCheck = new HealthCheckConfig(TCP_CHECK, arguments, proxy.tcpCheckLocation);
        } else if (proxy.protocolCheck != null) {
            healthCheck = new HealthCheckConfig(proxy.protocolCheck, proxy.protocolCheckArguments,
                    proxy.protocolCheckLocation);
        }
        return new BackendConfig(proxy.name, proxy.mode, balance, proxy.servers, Optional.ofNullable(proxy.dispatch),
                timeouts, proxy.retries, http(proxy), Optional.ofNullable(proxy.cookie), proxy.location, healthCheck,
                proxy.timeout(ProxySection.Timeout.CHECK),
                proxy.redispatch == null ? OptionalInt.empty() : OptionalInt.of(proxy.redispatch), proxy.reuse,
                // a listen section's content rules run once, as its frontend's
                new TcpPolicy(List.of(), List.of(), proxy.kind == ProxySection.Kind.LISTEN ? List.of()
                        : resolveTcp(proxy.tcpContentRules, proxy), proxy.tcpInspectDelay,
                        resolveTcp(proxy.tcpResponseRules, proxy), proxy.tcpResponseInspectDelay,
                        Optional.ofNullable(proxy.rdpCookiePersist)),
                proxy.logTargets.isEmpty() && !proxy.logHealthChecks ? BackendLogConfig.NONE
                        : new BackendLogConfig(proxy.logTargets, proxy.logHealthChecks),
                proxy.httpMode, proxy.pretendKeepAlive, proxy.abortOnClose, proxy.fullConn,
                TcpKeepAliveKeywords.settings(proxy.serverKeepAlive, proxy.serverKeepAliveProbes), proxy.allBackups,
                proxy.backendOptions);
    }

    /**
     * HAProxy's {@code check_http_req_capture()} / {@code check_http_res_capture()}: a capture rule
     * of a frontend names one of its slots.
     */
    private void checkCaptureIds(ProxySection proxy) {
        for (HttpRequestRule rule : proxy.httpRequestRules) {
            checkCaptureIds(proxy, rule.location(), RuleSet.HTTP_REQUEST);
        }
        for (HttpResponseRule rule : proxy.httpResponseRules) {
            checkCaptureIds(proxy, rule.location(), RuleSet.HTTP_RESPONSE);
        }
        for (HttpResponseRule rule : proxy.afterResponseRules) {
            checkCaptureIds(proxy, rule.location(), RuleSet.HTTP_AFTER_RESPONSE);
        }
    }

    /** The slot the capture rule at {@code location} names, if it does. */
    private void checkCaptureIds(ProxySection proxy, SourceLocation location,
                                 RuleSet set) {
        boolean request = set == RuleSet.HTTP_REQUEST;
        for (ProxySection.CaptureReference reference : proxy.captureReferences) {
            if (reference.set() == set && reference.location().equals(location)
                    && reference.id() >= (request ? proxy.requestCaptures : proxy.responseCaptures).size()) {
                diagnostics.alert(location, "Proxy '" + proxy.name + "': unable to find capture id '"
                        + reference.id() + "' referenced by http-" + (request ? "request" : "response")
                        + " capture rule.");
            }
        }
    }

    /** The section's HTTP rules, {@code reqadd}/{@code rspadd} last, conditions naming every line of their ACLs. */
    private HttpPolicy http(ProxySection proxy) {
        List<HttpRequestRule> request = new ArrayList<>(proxy.httpRequestRules);
        request.addAll(proxy.legacyRequestAdds);
        List<HttpResponseRule> response = new ArrayList<>(proxy.httpResponseRules);
        response.addAll(proxy.legacyResponseAdds);
        return new HttpPolicy(
                request.stream().map(rule -> new HttpRequestRule(rule.action(), resolve(rule.condition(), proxy),
                        rule.location())).toList(),
                proxy.redirectRules.stream().map(rule -> new HttpRequestRule(rule.action(),
                        resolve(rule.condition(), proxy), rule.location())).toList(),
                response.stream().map(rule -> new HttpResponseRule(rule.action(), resolve(rule.condition(), proxy),
                        rule.location())).toList(),
                Optional.ofNullable(proxy.forwardFor), proxy.bufferRequest, Optional.ofNullable(proxy.monitorUri),
                Optional.ofNullable(proxy.uniqueIdFormat), Optional.ofNullable(proxy.uniqueIdHeader),
                ErrorFiles.resolve(proxy.errorReferences, errorSections, diagnostics), Optional.ofNullable(proxy.originalTo),
                proxy.afterResponseRules.stream().map(rule -> new HttpResponseRule(rule.action(),
                        resolve(rule.condition(), proxy), rule.location())).toList(),
                proxy.monitorFail.stream().map(condition -> AclParser.resolve(condition, proxy.acls)).toList(),
                Optional.ofNullable(proxy.stats).map(stats -> stats.toPage(proxy.acls)), tarpitTimeout(proxy),
                proxy.ignorePersist.stream().map(condition -> AclParser.resolve(condition, proxy.acls)).toList());
    }

    /**
     * How long the section's {@code http-request tarpit} rules hold a request: HAProxy's
     * {@code timeout tarpit}, else {@code timeout connect} (which only a section with a backend
     * has); empty when no rule tarpits.
     */
    private static Optional<Duration> tarpitTimeout(ProxySection proxy) {
        boolean tarpits = proxy.httpRequestRules.stream()
                .anyMatch(rule -> rule.action() instanceof ActionCall call && call.keyword().equals("tarpit"));
        if (!tarpits) {
            return Optional.empty();
        }
        return proxy.timeout(ProxySection.Timeout.TARPIT).or(() -> proxy.hasBackend()
                ? proxy.timeout(ProxySection.Timeout.CONNECT) : Optional.empty());
    }

    private static List<TcpRule> resolveTcp(List<TcpRule> rules, ProxySection proxy) {
        return rules.stream().map(rule -> new TcpRule(rule.action(), resolve(rule.condition(), proxy), rule.location()))
                .toList();
    }

    private static Optional<Condition> resolve(Optional<Condition> condition, ProxySection proxy) {
        return condition.map(written -> AclParser.resolve(written, proxy.acls));
    }
}
