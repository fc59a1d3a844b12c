package dev.bascule.benchmarks.rules;

import dev.bascule.algorithms.AlgorithmsPlugin;
import dev.bascule.api.Plugin;
import dev.bascule.api.loader.ConfigSource;
import dev.bascule.api.sample.Sample;
import dev.bascule.benchmarks.AbstractLbBenchmark;
import dev.bascule.benchmarks.RequestView;
import dev.bascule.builtin.action.BuiltinActionsPlugin;
import dev.bascule.builtin.sample.BuiltinSamplesPlugin;
import dev.bascule.config.haproxy.HaproxyConfigPlugin;
import dev.bascule.core.Bascule;
import dev.bascule.core.plugin.LoadedPlugin;
import dev.bascule.core.plugin.PluginDescriptor;
import dev.bascule.core.plugin.PluginException;
import dev.bascule.core.plugin.PluginRegistry;
import dev.bascule.core.plugin.Plugins;
import dev.bascule.core.rules.HttpRule;
import dev.bascule.core.rules.HttpRules;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.FrontendRuntime;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.Map;

/**
 * The seed configuration's rules for one request, as the proxy runs them: the frontend's
 * {@code http-request} rules (a header ACL each), its {@code redirect} (an anonymous
 * {@code ssl_fc}), then {@code use_backend} (an {@code hdr_end} ACL). Loaded through the real
 * loader, plugins and compiler. Expected: 0 B/op.
 */
@State(Scope.Benchmark)
public class SeedRulesBenchmark extends AbstractLbBenchmark {
    /** The seed's rules, on a plain port (the TLS bind needs a certificate file and changes nothing here). */
    static final String CONFIG = String.join("\n",
            "defaults",
            "    timeout connect 10s",
            "    timeout client 10m",
            "    timeout server 10m",
            "frontend http-in",
            "    mode http",
            "    option forwardfor",
            "    bind 127.0.0.1:8080",
            "    http-request add-header X-Forwarded-Proto https",
            "    redirect scheme https if !{ ssl_fc }",
            "    default_backend back2",
            "    acl restricted-access-outside-domain hdr(host) -i www.backend1.co.kr",
            "    acl is_use_back2 hdr_end(host) -i www.backend2.co.kr",
            "    use_backend back2 if is_use_back2",
            "    http-request deny if restricted-access-outside-domain",
            "backend back2",
            "    mode http",
            "    server back2 127.0.0.1:5655",
            "backend back1",
            "    mode http",
            "    server back1 127.0.0.1:5656",
            "");

    /** The Host header of the request. */
    @Param({"www.backend2.co.kr", "www.backend1.co.kr", "other.example"})
    public String host;

    /** Whether the request came over TLS (else the redirect answers it). */
    @Param({"true", "false"})
    public boolean secure;

    private FrontendRuntime frontend;
    private final Sample sample = new Sample();
    private RequestView view;

    @Setup
    public void setUp() throws PluginException {
        PluginRegistry registry = builtIns();
        Bascule.LoadOutcome outcome = Bascule.load(registry, List.of(new ConfigSource("seed.cfg", CONFIG)), Map.of());
        frontend = outcome.runtime().orElseThrow(() -> new IllegalStateException(outcome.diagnostics().toString()))
                .frontends().get(0);
        view = new RequestView(8080, secure, new String[] {"Host", "User-Agent", "Accept", "Cookie"},
                new String[] {host, "curl/8.0", "*/*", "session=abc; theme=dark"});
    }

    /**
     * The built-in plugins, listed by hand: the shaded benchmarks jar keeps only one plugin
     * descriptor of the three, so discovery would find one plugin.
     */
    public static PluginRegistry builtIns() throws PluginException {
        ClassLoader loader = SeedRulesBenchmark.class.getClassLoader();
        return Plugins.of(List.of(
                builtIn("algorithms", new AlgorithmsPlugin(), loader),
                builtIn("samples", List.of(new BuiltinSamplesPlugin(), new BuiltinActionsPlugin()), loader),
                builtIn("haproxy-config", new HaproxyConfigPlugin(), loader)));
    }

    private static LoadedPlugin builtIn(String name, Plugin plugin, ClassLoader loader) {
        return builtIn(name, List.of(plugin), loader);
    }

    private static LoadedPlugin builtIn(String name, List<Plugin> plugins, ClassLoader loader) {
        PluginDescriptor descriptor = new PluginDescriptor(name, "benchmark", "1.0",
                plugins.stream().map(plugin -> plugin.getClass().getPackageName()).toList(), "benchmark");
        return new LoadedPlugin(descriptor, loader, plugins);
    }

    /**
     * Runs the rules' conditions; returns what happens: the index of the deciding http-request rule
     * + 1 (a final one: {@code deny}; {@code add-header} goes on, its action not run here), 100 for
     * a redirect, else 200 + the identity of the chosen backend's name length (never 0).
     */
    @Benchmark
    public int evaluate() {
        HttpRules rules = frontend.http();
        for (int i = 0; i < rules.requestCount(); i++) {
            HttpRule rule = rules.request(i);
            if (rule.applies(view, sample) && rule.finalAction()) {
                return i + 1;
            }
        }
        for (int i = 0; i < rules.redirectCount(); i++) {
            if (rules.redirect(i).applies(view, sample)) {
                return 100;
            }
        }
        BackendRuntime backend = frontend.selectBackend(view, sample);
        return 200 + backend.name().length();
    }
}
