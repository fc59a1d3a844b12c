package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.AclConfig;
import dev.bascule.api.config.BackendConfig;
import dev.bascule.api.config.BalanceConfig;
import dev.bascule.api.config.CaptureSample;
import dev.bascule.api.config.Condition;
import dev.bascule.api.config.HttpPolicy;
import dev.bascule.api.config.TcpPolicy;
import dev.bascule.api.config.TcpRule;
import dev.bascule.api.config.HttpRequestRule;
import dev.bascule.api.config.HttpResponseRule;
import dev.bascule.api.config.FrontendConfig;
import dev.bascule.api.config.GlobalConfig;
import dev.bascule.api.config.HealthCheckConfig;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.LogSettings;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.Timeouts;
import dev.bascule.api.config.UseBackendRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The checks HAProxy's {@code check_config_validity()} runs once every file is read, proxy by
 * proxy in file order, then the translation into the model. HAProxy prints these messages
 * without a location; here each carries the line it is about: the {@code default_backend} or
 * {@code use_backend} line for references, the section's first line otherwise.
 */
final class ConfigAssembler {
    /** The health-check plugin that serves {@code option httpchk}. */
    static final String HTTP_CHECK = "httpchk";

    private final List<ProxySection> proxies;
    private final Diagnostics diagnostics;

    private final ErrorFiles.Sections errorSections;

    ConfigAssembler(List<ProxySection> proxies, Diagnostics diagnostics, ErrorFiles.Sections errorSections) {
        this.errorSections = errorSections;
        this.proxies = proxies;
        this.diagnostics = diagnostics;
    }

    /** Checks the proxies and builds the configuration; empty when an alert was found at any time. */
    Optional<LbConfig> assemble(GlobalConfig global) {
        for (ProxySection proxy : proxies) {
            check(proxy);
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
            declared.sort(java.util.Comparator.comparingInt(acl -> acl.location().line()));
            acls.addAll(declared);
            if (proxy.hasFrontend()) {
                frontends.add(frontend(proxy));
            }
            if (proxy.hasBackend()) {
                backends.add(backend(proxy));
            }
        }
        return Optional.of(new LbConfig(global, frontends, backends, acls));
    }

    private void check(ProxySection proxy) {
        if (proxy.hasFrontend() && proxy.binds.isEmpty()) {
            diagnostics.warning(proxy.location, proxy.describe() + " has no 'bind' directive. Please declare it as a"
                    + " backend if this was intended.");
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
                || proxy.timeout(ProxySection.Timeout.SERVER).isEmpty());
        if (frontendMissing || backendMissing) {
            diagnostics.warning(proxy.location, "missing timeouts for " + proxy.describe() + ".\n"
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
                && !proxy.httpCheckRules.isEmpty()) {
            // HAProxy warns and ignores them; Bascule refuses what it would ignore
            diagnostics.alert(proxy.httpCheckRulesLocation, proxy.describe() + " uses http-check rules without"
                    + " 'option httpchk', so the rules are ignored.");
        }
        if (proxy.mode != ProxyMode.HTTP && proxy.stats != null) {
            diagnostics.warning(proxy.location, "'stats' statement ignored for " + proxy.describe()
                    + " as it requires HTTP mode.");
            proxy.stats = null;
        }
        if (proxy.mode != ProxyMode.HTTP && !proxy.httpRequestRules.isEmpty()) {
            diagnostics.warning(proxy.location, "'http-request' rules ignored for " + proxy.describe()
                    + " as they require HTTP mode.");
            proxy.httpRequestRules.clear();
        }
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
                proxy.timeout(ProxySection.Timeout.HTTP_KEEP_ALIVE));
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
                                : Optional.empty(), proxy.requestCaptures, proxy.responseCaptures, proxy.logAsap),
                proxy.maxConnections > 0 ? OptionalInt.of((int) Math.min(Integer.MAX_VALUE, proxy.maxConnections))
                        : OptionalInt.empty(),
                new TcpPolicy(resolveTcp(proxy.tcpConnectionRules, proxy), resolveTcp(proxy.tcpSessionRules, proxy),
                        resolveTcp(proxy.tcpContentRules, proxy), proxy.tcpInspectDelay, List.of(), 0));
    }

    private BackendConfig backend(ProxySection proxy) {
        Timeouts timeouts = new Timeouts(proxy.timeout(ProxySection.Timeout.CONNECT), Optional.empty(),
                proxy.timeout(ProxySection.Timeout.SERVER), proxy.timeout(ProxySection.Timeout.HTTP_REQUEST),
                proxy.timeout(ProxySection.Timeout.HTTP_KEEP_ALIVE));
        BalanceConfig balance = proxy.balance != null ? proxy.balance
                : new BalanceConfig(BalanceConfig.DEFAULT_ALGORITHM, List.of(), proxy.location);
        HealthCheckConfig healthCheck = HealthCheckConfig.tcpConnect(proxy.location);
        if (proxy.httpCheckRequest != null) {
            List<String> arguments = new ArrayList<>(proxy.httpCheckRequest);
            arguments.addAll(proxy.httpCheckRules);
            healthCheck = new HealthCheckConfig(HTTP_CHECK, arguments, proxy.httpCheckLocation);
        }
        return new BackendConfig(proxy.name, proxy.mode, balance, proxy.servers, Optional.ofNullable(proxy.dispatch),
                timeouts, proxy.retries, http(proxy), Optional.ofNullable(proxy.cookie), proxy.location, healthCheck,
                proxy.timeout(ProxySection.Timeout.CHECK),
                proxy.redispatch == null ? OptionalInt.empty() : OptionalInt.of(proxy.redispatch), proxy.reuse,
                // a listen section's content rules run once, as its frontend's
                new TcpPolicy(List.of(), List.of(), proxy.kind == ProxySection.Kind.LISTEN ? List.of()
                        : resolveTcp(proxy.tcpContentRules, proxy), proxy.tcpInspectDelay,
                        resolveTcp(proxy.tcpResponseRules, proxy), proxy.tcpResponseInspectDelay));
    }

    /**
     * HAProxy's {@code check_http_req_capture()} / {@code check_http_res_capture()}: a capture rule
     * of a frontend names one of its slots.
     */
    private void checkCaptureIds(ProxySection proxy) {
        for (HttpRequestRule rule : proxy.httpRequestRules) {
            if (rule.action() instanceof CaptureSample capture && capture.slot() >= proxy.requestCaptures.size()) {
                diagnostics.alert(rule.location(), "Proxy '" + proxy.name + "': unable to find capture id '"
                        + capture.slot() + "' referenced by http-request capture rule.");
            }
        }
        List<HttpResponseRule> response = new ArrayList<>(proxy.httpResponseRules);
        response.addAll(proxy.afterResponseRules);
        for (HttpResponseRule rule : response) {
            if (rule.action() instanceof CaptureSample capture && capture.slot() >= proxy.responseCaptures.size()) {
                diagnostics.alert(rule.location(), "Proxy '" + proxy.name + "': unable to find capture id '"
                        + capture.slot() + "' referenced by http-response capture rule.");
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
                Optional.ofNullable(proxy.stats).map(ProxySection.StatsSettings::toPage));
    }

    private static List<TcpRule> resolveTcp(List<TcpRule> rules, ProxySection proxy) {
        return rules.stream().map(rule -> new TcpRule(rule.action(), resolve(rule.condition(), proxy), rule.location()))
                .toList();
    }

    private static Optional<Condition> resolve(Optional<Condition> condition, ProxySection proxy) {
        return condition.map(written -> AclParser.resolve(written, proxy.acls));
    }
}
