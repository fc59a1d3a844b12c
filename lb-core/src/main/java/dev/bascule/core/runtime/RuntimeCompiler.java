package dev.bascule.core.runtime;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.balance.BalancingAlgorithm;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.check.HealthCheck;
import dev.bascule.api.check.HealthCheckFactory;
import dev.bascule.api.config.BackendConfig;
import dev.bascule.api.config.FrontendConfig;
import dev.bascule.api.config.HeaderField;
import dev.bascule.api.config.HealthCheckConfig;
import dev.bascule.api.config.HttpRequestAction;
import dev.bascule.api.config.HttpRequestRule;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.ServerAddress;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.loader.Diagnostic;
import dev.bascule.api.loader.KeywordRegistry;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles a valid {@link LbConfig} into a {@link ProxyRuntime}: resolves server addresses once
 * (as HAProxy does at start-up), creates each backend's algorithm and first picker, and resolves
 * routing. What can still fail here (a host name that does not resolve) becomes a diagnostic.
 */
public final class RuntimeCompiler {
    private final KeywordRegistry registry;

    public RuntimeCompiler(KeywordRegistry registry) {
        this.registry = registry;
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
        List<Diagnostic> diagnostics = new ArrayList<>();
        Map<String, BackendRuntime> backends = new LinkedHashMap<>();
        for (BackendConfig backend : config.backends()) {
            boolean listen = config.frontends().stream().anyMatch(frontend -> frontend.name().equals(backend.name()));
            BackendRuntime runtime = compileBackend(backend, listen ? "proxy" : "backend", diagnostics);
            if (runtime != null) {
                backends.put(backend.name(), runtime);
            }
        }
        List<FrontendRuntime> frontends = new ArrayList<>();
        for (FrontendConfig frontend : config.frontends()) {
            frontends.add(compileFrontend(frontend, backends));
        }
        if (!diagnostics.isEmpty()) {
            return new Result(Optional.empty(), diagnostics);
        }
        return new Result(Optional.of(new ProxyRuntime(config.global(), frontends, List.copyOf(backends.values()))),
                diagnostics);
    }

    private BackendRuntime compileBackend(BackendConfig backend, String typeName, List<Diagnostic> diagnostics) {
        Optional<BalancingAlgorithmFactory> factory = registry.balancingAlgorithm(backend.balance().algorithm());
        if (factory.isEmpty()) {
            diagnostics.add(Diagnostic.alert(backend.balance().location(),
                    "unknown balance algorithm '" + backend.balance().algorithm() + "'"));
            return null;
        }
        BalancingAlgorithm algorithm;
        try {
            algorithm = factory.get().create(backend.balance().arguments());
        } catch (InvalidArgumentException e) {
            diagnostics.add(Diagnostic.alert(backend.balance().location(), e.getMessage()));
            return null;
        }
        List<ServerRuntime> servers = new ArrayList<>();
        for (ServerConfig server : backend.servers()) {
            InetSocketAddress address = resolve(server.address(), server.location(),
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
            servers.add(new ServerRuntime(server.name(), backend.name(), address, server.weight(), server.location(),
                    server.check(), checkAddress, server.backup()));
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
                healthCheck = checkFactory.get().create(check.arguments());
            } catch (InvalidArgumentException e) {
                diagnostics.add(Diagnostic.alert(check.location(), e.getMessage()));
                return null;
            }
        }
        ServerRuntime dispatch = null;
        if (backend.dispatch().isPresent()) {
            InetSocketAddress address = resolve(backend.dispatch().get(), backend.location(),
                    "'dispatch' of '" + backend.name() + "'", diagnostics);
            if (address != null) {
                dispatch = new ServerRuntime("<dispatch>", backend.name(), address, 1, backend.location());
            }
        }
        return new BackendRuntime(backend.name(), backend.mode(), servers, algorithm, dispatch,
                Millis.of(backend.timeouts().connect()), Millis.of(backend.timeouts().server()), backend.retries(),
                typeName, healthCheck, Millis.of(backend.checkTimeout()), backend.redispatch(),
                backend.balance().algorithm());
    }

    private static FrontendRuntime compileFrontend(FrontendConfig frontend, Map<String, BackendRuntime> backends) {
        DirectResponse direct = null;
        for (HttpRequestRule rule : frontend.httpRequestRules()) {
            if (rule.action() instanceof HttpRequestAction.Return action) {
                direct = compileReturn(action);
                break;
            }
        }
        String backendName = frontend.useBackendRules().isEmpty()
                ? frontend.defaultBackend().orElse(null)
                : frontend.useBackendRules().get(0).backend();
        BackendRuntime backend = backendName == null ? null : backends.get(backendName);
        long client = Millis.of(frontend.timeouts().client());
        long httpRequest = Millis.firstSet(Millis.of(frontend.timeouts().httpRequest()), client);
        long keepAlive = Millis.firstSet(Millis.of(frontend.timeouts().httpKeepAlive()), httpRequest);
        return new FrontendRuntime(frontend.name(), frontend.mode(), frontend.binds(), direct, backend, client,
                httpRequest, keepAlive);
    }

    private static DirectResponse compileReturn(HttpRequestAction.Return action) {
        List<HeaderField> headers = new ArrayList<>();
        byte[] body = action.body().orElse(new byte[0]);
        if (action.contentType().isPresent()) {
            headers.add(new HeaderField("content-type", action.contentType().get()));
        }
        headers.addAll(action.headers());
        return new DirectResponse(action.status(), headers, body);
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
