package dev.bascule.core.runtime;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.balance.BalancingAlgorithm;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.check.HealthCheck;
import dev.bascule.api.check.HealthCheckFactory;
import dev.bascule.api.config.AclConfig;
import dev.bascule.api.config.BackendConfig;
import dev.bascule.api.config.BackendOption;
import dev.bascule.api.config.BalanceConfig;
import dev.bascule.api.config.FrontendConfig;
import dev.bascule.api.config.FrontendOption;
import dev.bascule.api.config.GlobalConfig;
import dev.bascule.api.config.HealthCheckConfig;
import dev.bascule.api.config.HttpPolicy;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.config.ProxyV2Options;
import dev.bascule.api.config.ResolversConfig;
import dev.bascule.api.config.ServerAddress;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.config.ServerTls;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.StatsPage;
import dev.bascule.api.config.StickTableConfig;
import dev.bascule.api.config.UseBackendRule;
import dev.bascule.api.config.UserlistConfig;
import dev.bascule.api.loader.Diagnostic;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.loader.SampleSyntax;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.api.sample.Userlist;
import dev.bascule.api.sample.Variables;
import dev.bascule.core.auth.CryptUserlist;
import dev.bascule.core.dns.ResolvedBy;
import dev.bascule.core.format.TrafficFormat;
import dev.bascule.core.log.LogRuntime;
import dev.bascule.core.rules.CompiledAcl;
import dev.bascule.core.rules.HttpRules;
import dev.bascule.core.rules.LocatedArgumentException;
import dev.bascule.core.rules.RuleCompiler;
import dev.bascule.core.rules.TcpRules;
import dev.bascule.core.sample.ProcessVariables;
import dev.bascule.core.sample.SampleHost;
import dev.bascule.core.sample.VariableStore;
import dev.bascule.core.sample.pattern.PatternRegistry;
import dev.bascule.core.stats.StatsReport;
import dev.bascule.core.stick.StickTable;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Compiles a valid {@link LbConfig} into a {@link ProxyRuntime}: resolves server addresses once
 * (as HAProxy does at start-up), creates each backend's algorithm and first picker, and resolves
 * routing. What can still fail here (a host name that does not resolve) becomes a diagnostic.
 */
public final class RuntimeCompiler {
    private final KeywordRegistry registry;
    private final SampleSyntax syntax;
    /** The {@code resolvers} sections of the configuration being compiled. */
    private List<ResolversConfig> resolvers = List.of();

    public RuntimeCompiler(KeywordRegistry registry) {
        this(registry, SampleSyntax.NONE);
    }

    /** A compiler parsing the arguments of plugin actions with {@code syntax}, the loader's grammar. */
    public RuntimeCompiler(KeywordRegistry registry, SampleSyntax syntax) {
        this.registry = registry;
        this.syntax = syntax;
    }

    /**
     * The outcome of a compilation.
     *
     * @param runtime     present when there was no alert
     * @param diagnostics what went wrong
     */
    public record Result(Optional<ProxyRuntime> runtime, List<Diagnostic> diagnostics) {
        public Result {
            diagnostics = List.copyOf(diagnostics);
        }
    }

    public Result compile(LbConfig config) {
        resolvers = config.resolvers();
        // the configuration's own pattern references and proc. variables, which its plugins reach through their contexts
        SampleHost host = new SampleHost();
        PatternRegistry patterns = host.patterns();
        Map<AclConfig, CompiledAcl> acls = new HashMap<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        setGlobalVariables(config.global().variables(), host.variables(), diagnostics);
        RuleCompiler declarations = new RuleCompiler(registry, host, acls).withSyntax(syntax).withConfig(config);
        for (AclConfig acl : config.acls()) {
            try {
                declarations.declare(acl);
            } catch (InvalidArgumentException e) {
                diagnostics.add(Diagnostic.alert(acl.location(), e.getMessage()));
            }
        }
        Map<String, Userlist> userlists = userlists(config, diagnostics);
        Map<String, StickTable> tables = new LinkedHashMap<>();
        for (StickTableConfig table : config.stickTables()) {
            tables.put(table.name(), new StickTable(table));
        }
        LogRuntime log = new LogRuntime(config.global().log());
        Map<String, BackendRuntime> backends = new LinkedHashMap<>();
        Map<String, OptionalInt> fullConnections = fullConnections(config);
        for (BackendConfig backend : config.backends()) {
            boolean listen = config.frontends().stream().anyMatch(frontend -> frontend.name().equals(backend.name()));
            BackendRuntime runtime = compileBackend(backend, listen ? "proxy" : "backend", diagnostics,
                    fullConnections.getOrDefault(backend.name(), OptionalInt.empty()).orElse(0),
                    new RuleCompiler(registry, host, acls).withSyntax(syntax).withConfig(config).forProxy(backend.name(), tables));
            if (runtime != null) {
                runtime.withLog(log.proxy(backend.log().targets()), backend.log().healthChecks())
                        .withDisableOn404(backend.healthCheck().disableOn404());
                backends.put(backend.name(), runtime);
            }
        }
        List<FrontendRuntime> frontends = new ArrayList<>();
        for (FrontendConfig frontend : config.frontends()) {
            FrontendRuntime runtime = compileFrontend(frontend, backends, diagnostics, log,
                    new RuleCompiler(registry, host, acls).withSyntax(syntax).withConfig(config).forProxy(frontend.name(), tables), host);
            if (runtime != null) {
                frontends.add(runtime.withUserlists(userlists));
            }
        }
        if (InitialAddresses.failed(diagnostics)) {
            // HAProxy's srv_init_addr() runs once everything else is checked, and ends the start-up
            diagnostics.add(new Diagnostic(Diagnostic.Severity.ALERT, Optional.empty(), InitialAddresses.FAILED));
        }
        if (diagnostics.stream().anyMatch(diagnostic -> diagnostic.severity() == Diagnostic.Severity.ALERT)) {
            return new Result(Optional.empty(), diagnostics);
        }
        patterns.finish();
        assignProxyIds(config, frontends, backends, tables);
        return new Result(Optional.of(new ProxyRuntime(config.global(), frontends, List.copyOf(backends.values()),
                log, patterns, tables, host.variables())), diagnostics);
    }

    /** The userlist sections, each user's stored password checked usable (HAProxy tries {@code crypt("", hash)}). */
    private static Map<String, Userlist> userlists(LbConfig config,
                                                                         List<Diagnostic> diagnostics) {
        Map<String, Userlist> userlists = new HashMap<>();
        for (UserlistConfig userlist : config.userlists()) {
            boolean usable = true;
            for (UserlistConfig.User user : userlist.users()) {
                Optional<String> reason = CryptUserlist.unsupported(user);
                if (reason.isPresent()) {
                    diagnostics.add(Diagnostic.alert(user.location(), reason.get()));
                    usable = false;
                }
            }
            if (usable) {
                userlists.put(userlist.name(), CryptUserlist.of(userlist));
            }
        }
        // each page's 'stats auth' accounts (clear passwords), found by the name its challenge rule names
        BiConsumer<String, HttpPolicy> stats = (proxy, http) ->
                http.stats().flatMap(StatsPage::users).ifPresent(users -> userlists.put(
                        RuleCompiler.statsUserlist(proxy), CryptUserlist.of(users)));
        config.frontends().forEach(frontend -> stats.accept(frontend.name(), frontend.http()));
        config.backends().forEach(backend -> stats.accept(backend.name(), backend.http()));
        return Map.copyOf(userlists);
    }

    /**
     * HAProxy's automatic proxy ids: frontends, backends and listen sections (one proxy for both
     * halves) numbered from 1 in declaration order (files in the order first seen, then lines).
     */
    private static void assignProxyIds(LbConfig config, List<FrontendRuntime> frontends,
            Map<String, BackendRuntime> backends, Map<String, StickTable> tables) {
        List<String> files = new ArrayList<>();
        Map<String, SourceLocation> declared = new LinkedHashMap<>();
        for (FrontendConfig frontend : config.frontends()) {
            declared.putIfAbsent(frontend.name(), frontend.location());
        }
        for (BackendConfig backend : config.backends()) {
            declared.putIfAbsent(backend.name(), backend.location());
        }
        for (SourceLocation location : declared.values()) {
            if (!files.contains(location.file())) {
                files.add(location.file());
            }
        }
        List<String> order = new ArrayList<>(declared.keySet());
        order.sort(Comparator.<String>comparingInt(name -> files.indexOf(declared.get(name).file()))
                .thenComparingInt(name -> declared.get(name).line()));
        // a 'stats socket' creates HAProxy's CLI frontend "GLOBAL" first, which takes id 1
        int first = config.global().statsSockets().isEmpty() ? 1 : 2;
        for (FrontendRuntime frontend : frontends) {
            frontend.id(order.indexOf(frontend.name()) + first);
            frontend.stickTables(tables);
            frontend.allBackends(backends);
        }
        for (BackendRuntime backend : backends.values()) {
            backend.id(order.indexOf(backend.name()) + first);
        }
        // the statistics page lists the proxies by id: a listen section once, with both halves
        List<StatsReport.Proxy> proxies = new ArrayList<>();
        for (String name : order) {
            FrontendRuntime frontend = frontends.stream().filter(candidate -> candidate.name().equals(name))
                    .findFirst().orElse(null);
            BackendRuntime backend = backends.get(name);
            if (frontend != null || backend != null) {
                proxies.add(new StatsReport.Proxy(name, order.indexOf(name) + first, frontend,
                        backend));
            }
        }
        StatsReport report = new StatsReport(proxies,
                config.global().maxConnections(), fullConnections(config), config.global().threads(),
                List.copyOf(tables.values()));
        for (FrontendRuntime frontend : frontends) {
            frontend.statsReport(report);
        }
        for (BackendRuntime backend : backends.values()) {
            backend.statsReport(report);
        }
    }

    /**
     * HAProxy's {@code proxy_adjust_all_maxconn()}: a backend's {@code fullconn} is a tenth of the
     * {@code maxconn} of the frontends that can reach it (rounded up, at least 1). Known only when
     * every such frontend's limit is: its own {@code maxconn}, or the global one when set (HAProxy
     * otherwise derives the global limit from the process's file limit).
     */
    private static Map<String, OptionalInt> fullConnections(LbConfig config) {
        Map<String, Long> totals = new HashMap<>();
        Set<String> unknown = new HashSet<>();
        for (BackendConfig backend : config.backends()) {
            totals.put(backend.name(), 0L);
        }
        Map<String, OptionalInt> result = new HashMap<>();
        for (FrontendConfig frontend : config.frontends()) {
            OptionalInt limit = frontend.maxConnections().isPresent() ? frontend.maxConnections()
                    : config.global().maxConnections();
            Set<String> reached = new LinkedHashSet<>();
            frontend.defaultBackend().ifPresent(reached::add);
            for (UseBackendRule rule : frontend.useBackendRules()) {
                if (rule.dynamic().isEmpty()) {
                    reached.add(rule.backend());
                }
            }
            for (String name : reached) {
                if (limit.isEmpty()) {
                    unknown.add(name);
                } else {
                    totals.computeIfPresent(name, (key, total) -> total + limit.getAsInt());
                }
            }
        }
        totals.forEach((name, total) -> result.put(name, unknown.contains(name) ? OptionalInt.empty()
                : OptionalInt.of((int) Math.min(Integer.MAX_VALUE, Math.max(1, (total + 9) / 10)))));
        for (BackendConfig backend : config.backends()) {
            if (backend.fullConn() > 0) {
                result.put(backend.name(), OptionalInt.of(backend.fullConn()));
            }
        }
        return result;
    }

    private BackendRuntime compileBackend(BackendConfig backend, String typeName, List<Diagnostic> diagnostics,
                                          int fullConn,
                                          RuleCompiler rules) {
        Optional<BalancingAlgorithmFactory> factory = registry.balancingAlgorithm(backend.balance().algorithm());
        if (factory.isEmpty()) {
            diagnostics.add(Diagnostic.alert(backend.balance().location(),
                    "unknown balance algorithm '" + backend.balance().algorithm() + "'"));
            return null;
        }
        BalancingAlgorithm algorithm;
        try {
            algorithm = factory.get().create(backend.balance().arguments(), backend.balance().hashType());
        } catch (InvalidArgumentException e) {
            diagnostics.add(Diagnostic.alert(backend.balance().location(), e.getMessage()));
            return null;
        }
        List<ServerRuntime> servers = new ArrayList<>();
        Map<ServerRuntime, String> cookies = new HashMap<>();
        Map<ServerRuntime, ServerConfig> limited = new HashMap<>();
        int[] ids = serverIds(backend.servers());
        // on-marked-up shutdown-backup-sessions on an active server: the backup servers' sessions are kept
        boolean backupsClosedOnUp = backend.servers().stream()
                .anyMatch(server -> !server.backup() && server.reactions().shutdownBackupSessionsOnUp());
        for (ServerConfig server : backend.servers()) {
            InetSocketAddress address = InitialAddresses.of(server,
                    "'server " + backend.name() + "/" + server.name() + "'", diagnostics);
            if (address == null) {
                continue;
            }
            InetSocketAddress checkAddress = address;
            if (server.check().address().isPresent() || server.check().port().isPresent()) {
                ServerAddress probed = new ServerAddress(server.check().address().orElse(server.address().host()),
                        server.check().port().orElse(server.address().port()));
                checkAddress = resolve(probed, server.location(), "'server " + backend.name() + "/" + server.name()
                        + "' : 'addr'", diagnostics);
                if (checkAddress == null) {
                    continue;
                }
            }
            ServerRuntime runtime = new ServerRuntime(server.name(), backend.name(), address, server.weight(),
                    server.location(), server.check(), checkAddress, server.backup());
            resolvedBy(server, runtime);
            runtime.poolMaxConn(server.poolMaxConn());
            runtime.sendProxy(server.sendProxy());
            if (server.address().unixPath().isPresent() || server.tls() != ServerTls.NONE
                    || server.proxyV2() != ProxyV2Options.NONE) {
                runtime.endpoint(new ServerEndpoint(server.address().unixPath().orElse(null), server.tls(),
                        server.tls().sni().map(rules::logFetch).orElse(null), server.proxyV2()));
            }
            if (server.agent().enabled()) {
                ServerAddress agentAt = new ServerAddress(server.agent().address().orElse(server.address().host()),
                        server.agent().port().orElseThrow());
                InetSocketAddress agentAddress = resolve(agentAt, server.location(), "'server " + backend.name()
                        + "/" + server.name() + "' : 'agent-addr'", diagnostics);
                if (agentAddress == null) {
                    continue;
                }
                runtime.agent(new ServerAgentState(server.agent(), agentAddress));
                limited.put(runtime, server);
            }
            if (server.maxConn() > 0) {
                limited.put(runtime, server);
                if (server.minConn() < server.maxConn() && fullConn == 0) {
                    diagnostics.add(Diagnostic.warning(server.location(), "'minconn' of server " + backend.name()
                            + "/" + server.name() + " needs the backend's 'fullconn', which HAProxy derives from"
                            + " the frontends' or the global 'maxconn' and none is set: the server's limit is its"
                            + " 'maxconn' (" + server.maxConn() + "). Set 'fullconn' in the backend."));
                }
            }
            runtime.slowStart((int) Math.min(Integer.MAX_VALUE, server.slowStart().getSeconds()),
                    dynamicWeights(backend.balance()));
            if (server.disabled()) {
                runtime.startInMaintenance();
            }
            runtime.id(ids[backend.servers().indexOf(server)]);
            runtime.reactions(server.reactions(), server.reactions().shutdownSessionsOnDown()
                    || server.backup() && backupsClosedOnUp);
            servers.add(runtime);
            server.cookie().ifPresent(value -> cookies.put(runtime, value));
        }
        HealthCheck healthCheck = null;
        if (backend.servers().stream().anyMatch(server -> server.check().enabled())) {
            HealthCheckConfig check = backend.healthCheck();
            Optional<HealthCheckFactory> checkFactory = registry.healthCheck(check.type());
            if (checkFactory.isEmpty()) {
                diagnostics.add(Diagnostic.alert(check.location(), "no plugin serves the health check '" + check.type() + "'"));
                return null;
            }
            try {
                healthCheck = checkFactory.get().create(check.arguments(), rules.checkSetup());
            } catch (InvalidArgumentException e) {
                // an expression of a rule (http-check set-var...) is reported at its own line
                diagnostics.add(Diagnostic.alert(LocatedArgumentException.of(e, check.location()), e.getMessage()));
                return null;
            }
        }
        CookiePersistence cookie = backend.cookie()
                .map(config -> new CookiePersistence(config, cookies, servers,
                        backend.options().contains(BackendOption.PERSIST))).orElse(null);
        ServerRuntime dispatch = null;
        if (backend.dispatch().isPresent()) {
            InetSocketAddress address = resolve(backend.dispatch().get(), backend.location(),
                    "'dispatch' of '" + backend.name() + "'", diagnostics);
            if (address != null) {
                dispatch = new ServerRuntime("<dispatch>", backend.name(), address, 1, backend.location());
            }
        }
        HttpRules http;
        TcpRules tcp;
        try {
            http = rules.rules(backend.http());
            tcp = rules.tcpRules(backend.tcp(), backend.mode());
        } catch (InvalidArgumentException e) {
            diagnostics.add(Diagnostic.alert(LocatedArgumentException.of(e,
                    backend.location()), e.getMessage()));
            return null;
        }
        BackendRuntime runtime = new BackendRuntime(backend.name(), backend.mode(), servers, algorithm, dispatch,
                Millis.of(backend.timeouts().connect()), Millis.of(backend.timeouts().server()), backend.retries(),
                http, cookie, typeName, healthCheck, Millis.of(backend.checkTimeout()), backend.redispatch(),
                backend.balance().algorithm(), backend.reuse()).withTcp(tcp)
                .withHttpMode(backend.httpMode(), backend.pretendKeepAlive())
                .withTunnel(Millis.of(backend.timeouts().tunnel()), Millis.of(backend.timeouts().serverFin()),
                        backend.abortOnClose())
                // HAProxy's default: timeout queue is timeout connect
                .withQueueTimeout(Millis.firstSet(Millis.of(backend.timeouts().queue()),
                        Millis.of(backend.timeouts().connect())))
                .withServerKeepAlive(backend.serverKeepAlive().orElse(null))
                .withAllBackups(backend.allBackups())
                .withPreferLastServer(backend.options().contains(BackendOption.PREFER_LAST_SERVER))
                .withRdpCookiePersistence(backend.tcp().rdpCookiePersist()
                        .map(name -> new RdpCookiePersistence(name, servers,
                                backend.options().contains(BackendOption.PERSIST))).orElse(null));
        if (!limited.isEmpty()) {
            runtime.withQueues(limited, fullConn);
        }
        return runtime;
    }

    /**
     * The servers' ids, as HAProxy's check_config_validity() assigns them: an {@code id} is kept;
     * a server without one takes the first id not taken at or after the count of servers before
     * it plus one.
     */
    static int[] serverIds(List<ServerConfig> servers) {
        Set<Integer> used = new HashSet<>();
        for (ServerConfig server : servers) {
            if (server.id() > 0) {
                used.add(server.id());
            }
        }
        int[] ids = new int[servers.size()];
        int next = 1;
        for (int i = 0; i < ids.length; i++) {
            int id = servers.get(i).id();
            if (id == 0) {
                while (used.contains(next)) {
                    next++;
                }
                id = next;
                used.add(id);
            }
            ids[i] = id;
            next++;
        }
        return ids;
    }

    /**
     * Whether the backend's algorithm weighs servers dynamically, so that a slowstart ramps the
     * weight (HAProxy's {@code BE_LB_PROP_DYN}, set at the end of parsing): roundrobin, leastconn,
     * first, random and consistent hashing; not static-rr nor map-based hashing.
     */
    private static boolean dynamicWeights(BalanceConfig balance) {
        return switch (balance.algorithm()) {
            case "roundrobin", "leastconn", "first", "random" -> true;
            case "static-rr" -> false;
            default -> balance.hashType().consistent();
        };
    }

    private FrontendRuntime compileFrontend(FrontendConfig frontend, Map<String, BackendRuntime> backends,
                                            List<Diagnostic> diagnostics, LogRuntime log, RuleCompiler rules,
                                            SampleHost host) {
        HttpRules http;
        TcpRules tcp;
        List<FrontendRuntime.SwitchingRule> switching = new ArrayList<>();
        try {
            http = rules.rules(frontend.http());
            tcp = rules.tcpRules(frontend.tcp(), frontend.mode());
            for (UseBackendRule rule : frontend.useBackendRules()) {
                if (rule.dynamic().isPresent()) {
                    switching.add(new FrontendRuntime.SwitchingRule(rules.condition(rule.condition()),
                            // HAProxy parses use_backend formats once every section is read
                            rules.format(rule.dynamic().get(),
                                    host.context(rule.location(), true)), backends));
                    continue;
                }
                BackendRuntime backend = backends.get(rule.backend());
                if (backend == null) {
                    diagnostics.add(Diagnostic.alert(rule.location(), "no backend '" + rule.backend() + "'"));
                    continue;
                }
                switching.add(new FrontendRuntime.SwitchingRule(rules.condition(rule.condition()), backend));
            }
        } catch (InvalidArgumentException e) {
            diagnostics.add(Diagnostic.alert(LocatedArgumentException.of(e,
                    frontend.location()), e.getMessage()));
            return null;
        }
        BackendRuntime defaultBackend = frontend.defaultBackend().map(backends::get).orElse(null);
        long client = Millis.of(frontend.timeouts().client());
        long httpRequest = Millis.firstSet(Millis.of(frontend.timeouts().httpRequest()), client);
        long keepAlive = Millis.firstSet(Millis.of(frontend.timeouts().httpKeepAlive()), httpRequest);
        return new FrontendRuntime(frontend.name(), frontend.mode(), frontend.binds(), http,
                switching.toArray(new FrontendRuntime.SwitchingRule[0]), defaultBackend, client, httpRequest, keepAlive,
                log.frontend(frontend.name(), frontend.mode() == ProxyMode.HTTP, frontend.log(), rules::logFetch),
                frontend.maxConnections().orElse(0)).withTcp(tcp).withHttpMode(frontend.httpMode())
                .withClientFin(Millis.of(frontend.timeouts().clientFin()), frontend.abortOnClose())
                .withClientKeepAlive(frontend.clientKeepAlive().orElse(null))
                .withUseProxyHeader(frontend.options().contains(FrontendOption.HTTP_USE_PROXY_HEADER))
                .withSocketStats(frontend.options().contains(FrontendOption.SOCKET_STATS));
    }

    /**
     * The global section's {@code set-var} and {@code set-var-fmt} lines, in order: evaluated at
     * start, without traffic (a fetch that needs some gives no sample and the variable stays unset,
     * as in HAProxy), each seeing the variables set before it.
     */
    private void setGlobalVariables(List<GlobalConfig.Variable> variables,
                                    ProcessVariables process, List<Diagnostic> diagnostics) {
        if (variables.isEmpty()) {
            return;
        }
        VariableStore store = new VariableStore(process);
        TrafficView nothing = new TrafficView() {
            private final InetSocketAddress none = new InetSocketAddress(0);

            @Override
            public InetSocketAddress source() {
                return none;
            }

            @Override
            public InetSocketAddress destination() {
                return none;
            }

            @Override
            public Variables variables() {
                return store;
            }
        };
        RuleCompiler rules = new RuleCompiler(registry, new SampleHost(new PatternRegistry(), process), new HashMap<>())
                .withSyntax(syntax);
        Sample sample = new Sample();
        for (GlobalConfig.Variable variable : variables) {
            try {
                rules.variable(variable.action(), variable.location()).applyVariable(nothing, sample);
            } catch (InvalidArgumentException e) {
                diagnostics.add(Diagnostic.alert(variable.location(), e.getMessage()));
            }
        }
    }

    /** A server that names a {@code resolvers} section keeps its host name resolved at run time. */
    private void resolvedBy(ServerConfig server, ServerRuntime runtime) {
        Optional<ResolversConfig> section = server.resolution().resolvers().flatMap(this::resolversSection);
        if (section.isPresent() && !InitialAddresses.isLiteral(server.address().host())) {
            runtime.resolvedBy(new ResolvedBy(section.get(), server.resolution(), server.address().host(),
                    server.address().port()));
        }
    }

    private Optional<ResolversConfig> resolversSection(String name) {
        return resolvers.stream().filter(section -> section.name().equals(name)).findFirst();
    }

    private static InetSocketAddress resolve(ServerAddress address, SourceLocation location, String what,
                                             List<Diagnostic> diagnostics) {
        try {
            return new InetSocketAddress(InetAddress.getByName(address.host()), address.port());
        } catch (UnknownHostException e) {
            diagnostics.add(Diagnostic.alert(location, what + " : could not resolve address '" + address.host() + "'."));
            return null;
        }
    }
}
