package dev.bascule.core.check;

import dev.bascule.api.Nullable;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.balance.Server;
import dev.bascule.api.balance.ServerPicker;
import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.check.CheckTarget;
import dev.bascule.api.check.HealthCheck;
import dev.bascule.api.check.HealthCheckFactory;
import dev.bascule.api.check.ProbeClient;
import dev.bascule.api.check.ProbeContext;
import dev.bascule.api.config.BackendConfig;
import dev.bascule.api.config.BalanceConfig;
import dev.bascule.api.config.GlobalConfig;
import dev.bascule.api.config.HealthCheckConfig;
import dev.bascule.api.config.HttpPolicy;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.config.ServerAddress;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.Timeouts;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.sample.AclMatcherFactory;
import dev.bascule.api.sample.SampleFetchFactory;
import dev.bascule.core.runtime.ProxyRuntime;
import dev.bascule.core.runtime.RuntimeCompiler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** Hand-written fakes for the scheduler tests: a scripted check, a recording log, a tiny registry. */
final class Fixtures {
    static final SourceLocation HERE = new SourceLocation("test.cfg", 1);

    private Fixtures() {
    }

    /** Answers each server's probe with the status the test set for it; never-answering when set to null. */
    static final class ScriptedCheck implements HealthCheck, HealthCheckFactory {
        final Map<String, Optional<CheckStatus>> statuses = new ConcurrentHashMap<>();
        final List<String> probes = new ArrayList<>();
        private final FakeTimer timer;

        ScriptedCheck(FakeTimer timer) {
            this.timer = timer;
        }

        void set(String server, @Nullable CheckStatus status) {
            statuses.put(server, Optional.ofNullable(status));
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public HealthCheck create(List<String> arguments) {
            return this;
        }

        @Override
        public CompletionStage<CheckResult> check(CheckTarget target, ProbeContext context) {
            probes.add(timer.nowMillis() + " " + target.serverName());
            Optional<CheckStatus> status = statuses.getOrDefault(target.serverName(), Optional.of(CheckStatus.L4OK));
            if (status.isEmpty()) {
                return new CompletableFuture<>();
            }
            CheckStatus value = status.get();
            return CompletableFuture.completedFuture(value.passed() ? new CheckResult(value, "")
                    : new CheckResult(value, value == CheckStatus.L4CON ? "Connection refused" : ""));
        }
    }

    /** Keeps every event in order. */
    static final class RecordingLog implements EventLog {
        final List<String> events = new ArrayList<>();

        @Override
        public void warning(String message) {
            events.add("[WARNING] " + message);
        }

        @Override
        public void alert(String message) {
            events.add("[ALERT] " + message);
        }
    }

    static final ProbeClient NO_CLIENT = (address, timeout) -> {
        throw new AssertionError("the scripted check does not connect");
    };

    /** An algorithm that always picks the first usable server. */
    static final BalancingAlgorithmFactory FIRST = new BalancingAlgorithmFactory() {
        @Override
        public String name() {
            return "first";
        }

        @Override
        public dev.bascule.api.balance.BalancingAlgorithm create(List<String> arguments) {
            return (snapshot, previous) -> {
                Server first = snapshot.servers().get(0);
                ServerPicker picker = context -> first;
                return picker;
            };
        }
    };

    static ProxyRuntime runtime(HealthCheckFactory check, List<ServerConfig> servers) {
        return runtime(check, servers, dev.bascule.api.config.BackendLogConfig.NONE);
    }

    static ProxyRuntime runtime(HealthCheckFactory check, List<ServerConfig> servers,
                                dev.bascule.api.config.BackendLogConfig log) {
        return runtime(check, servers, log, false);
    }

    /** With {@code disableOn404}: {@code http-check disable-on-404}. */
    static ProxyRuntime runtime(HealthCheckFactory check, List<ServerConfig> servers,
                                dev.bascule.api.config.BackendLogConfig log, boolean disableOn404) {
        BackendConfig backend = new BackendConfig("b", ProxyMode.HTTP, new BalanceConfig("first", List.of(), HERE),
                servers, Optional.empty(), Timeouts.none(), 3, HttpPolicy.NONE, Optional.empty(), HERE,
                new HealthCheckConfig(check.name(), List.of(), HERE, disableOn404),
                Optional.empty(), OptionalInt.empty(), dev.bascule.api.config.HttpReuse.SAFE,
                dev.bascule.api.config.TcpPolicy.NONE, log);
        RuntimeCompiler.Result result = new RuntimeCompiler(registry(check))
                .compile(new LbConfig(GlobalConfig.defaults(), List.of(), List.of(backend)));
        return result.runtime().orElseThrow(() -> new AssertionError(result.diagnostics()));
    }

    static ServerConfig server(String name, int port, dev.bascule.api.config.ServerCheck check, boolean backup) {
        return new ServerConfig(name, new ServerAddress("127.0.0.1", port), 1, Optional.empty(), HERE, check, backup);
    }

    private static KeywordRegistry registry(HealthCheckFactory check) {
        return new KeywordRegistry() {
            @Override
            public Optional<BalancingAlgorithmFactory> balancingAlgorithm(String name) {
                return name.equals("first") ? Optional.of(FIRST) : Optional.empty();
            }

            @Override
            public SortedSet<String> balancingAlgorithmNames() {
                return new TreeSet<>(List.of("first"));
            }

            @Override
            public Optional<HealthCheckFactory> healthCheck(String name) {
                return name.equals(check.name()) ? Optional.of(check) : Optional.empty();
            }

            @Override
            public SortedSet<String> healthCheckNames() {
                return new TreeSet<>(List.of(check.name()));
            }

            @Override
            public Optional<SampleFetchFactory> sampleFetch(String keyword) {
                return Optional.empty();
            }

            @Override
            public SortedSet<String> sampleFetchNames() {
                return new TreeSet<>();
            }

            @Override
            public Optional<AclMatcherFactory> aclMatcher(String name) {
                return Optional.empty();
            }

            @Override
            public SortedSet<String> aclMatcherNames() {
                return new TreeSet<>();
            }

            @Override
            public Optional<dev.bascule.api.sample.AclKeyword> aclKeyword(String name) {
                return Optional.empty();
            }

            @Override
            public SortedSet<String> aclKeywordNames() {
                return new TreeSet<>();
            }
        };
    }
}
