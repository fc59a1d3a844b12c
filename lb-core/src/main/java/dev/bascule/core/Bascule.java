package dev.bascule.core;

import dev.bascule.api.config.ProcessConfig;
import dev.bascule.api.loader.AccountLookupException;
import dev.bascule.api.loader.ConfigLoader;
import dev.bascule.api.loader.ConfigLoaderFactory;
import dev.bascule.api.loader.ConfigSource;
import dev.bascule.api.loader.Diagnostic;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.loader.LoadResult;
import dev.bascule.api.loader.LoaderContext;
import dev.bascule.core.check.EventLog;
import dev.bascule.core.check.HealthCheckScheduler;
import dev.bascule.core.check.ServerStateFile;
import dev.bascule.core.dns.ServerResolvers;
import dev.bascule.core.runtime.InitialAddresses;
import dev.bascule.core.cli.CommandLine;
import dev.bascule.core.cli.ConditionEvaluator;
import dev.bascule.core.cli.Console;
import dev.bascule.core.log.ProxyLog;
import dev.bascule.core.os.Posix;
import dev.bascule.core.os.ProcessSetup;
import dev.bascule.core.plugin.LoadedPlugin;
import dev.bascule.core.plugin.PluginException;
import dev.bascule.core.plugin.PluginRegistry;
import dev.bascule.core.plugin.Plugins;
import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.core.runtime.ProxyRuntime;
import dev.bascule.core.runtime.RuntimeCompiler;
import dev.bascule.core.sample.CheckingRegistry;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;

/** The {@code bascule} command: HAProxy's command line on top of the core. */
public final class Bascule {
    /** The configuration format {@code -f} files are read in. */
    public static final String FORMAT = "haproxy";
    /** Set in the environment of a daemon's child process, so that it does not detach again. */
    static final String DAEMON_CHILD = "BASCULE_DAEMON_CHILD";

    private Bascule() {
    }

    public static void main(String[] args) {
        long pid = ProcessHandle.current().pid();
        int code = run(args, System.out, System.err, System.getenv(), pid);
        System.exit(code);
    }

    /**
     * What {@link #load} found: the runtime when the configuration is usable, and every diagnostic.
     *
     * @param runtime     present when there was no alert
     * @param diagnostics every diagnostic, loader's then compiler's
     */
    public record LoadOutcome(Optional<ProxyRuntime> runtime, List<Diagnostic> diagnostics) {
        public LoadOutcome {
            diagnostics = List.copyOf(diagnostics);
        }

        public boolean hasWarnings() {
            return diagnostics.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.WARNING);
        }
    }

    /** Loads and compiles configuration sources with the registry's {@value #FORMAT} loader. */
    public static LoadOutcome load(PluginRegistry registry, List<ConfigSource> sources, Map<String, String> environment) {
        ConfigLoaderFactory factory = registry.configLoader(FORMAT).orElseThrow(() ->
                new IllegalStateException("no plugin serves the '" + FORMAT + "' configuration format; plugins loaded: "
                        + registry.plugins().stream().map(LoadedPlugin::name).toList()));
        Map<String, String> env = Map.copyOf(environment);
        // the loader checks the converters it reads with the host's help (pattern files)
        KeywordRegistry checking = new CheckingRegistry(registry);
        ConfigLoader loader = factory.create(new LoaderContext() {
            @Override
            public KeywordRegistry registry() {
                return checking;
            }

            @Override
            public Map<String, String> environment() {
                return env;
            }

            @Override
            public boolean condition(String expression) {
                return ConditionEvaluator.evaluate(expression, Versions.HAPROXY_COMPAT, Versions.FEATURES,
                        env);
            }

            @Override
            public int userId(String name) throws AccountLookupException {
                return found(Posix.lookUpUser(name));
            }

            @Override
            public int groupId(String name) throws AccountLookupException {
                return found(Posix.lookUpGroup(name));
            }
        });
        LoadResult result = loader.load(sources);
        List<Diagnostic> diagnostics = new ArrayList<>(result.diagnostics());
        if (result.config().isEmpty()) {
            return new LoadOutcome(Optional.empty(), diagnostics);
        }
        RuntimeCompiler.Result compiled = new RuntimeCompiler(registry, loader.sampleSyntax()).compile(result.config().get());
        diagnostics.addAll(compiled.diagnostics());
        // HAProxy's apply_server_state(): after the configuration is checked, before any check runs
        compiled.runtime().ifPresent(runtime -> ServerStateFile.apply(runtime, result.config().get().serverState(),
                diagnostics));
        return new LoadOutcome(compiled.runtime(), diagnostics);
    }

    private static int found(Posix.Lookup lookup) throws AccountLookupException {
        if (lookup.id().isEmpty()) {
            throw new AccountLookupException(lookup.errno(), lookup.reason());
        }
        return lookup.id().getAsInt();
    }

    /** The transport registered with {@link ServiceLoader}. */
    public static Transport newTransport() {
        Iterator<Transport> transports = ServiceLoader.load(Transport.class, Bascule.class.getClassLoader()).iterator();
        if (!transports.hasNext()) {
            throw new IllegalStateException("no transport on the class path (lb-transport-netty is missing)");
        }
        return transports.next();
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment, long pid) {
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
        } catch (CommandLine.UsageException e) {
            new Console(err, pid, false).alert(e.getMessage());
            err.print(CommandLine.usage());
            return 1;
        }
        Console console = new Console(err, pid, commandLine.quiet());
        Map<String, String> env = new HashMap<>(environment);
        commandLine.localPeer().ifPresent(peer -> env.put("HAPROXY_LOCALPEER", peer));
        switch (commandLine.mode()) {
            case HELP:
                err.print(CommandLine.usage());
                return 1;
            case CHECK_CONDITION:
                try {
                    return ConditionEvaluator.evaluate(commandLine.condition().orElseThrow(), Versions.HAPROXY_COMPAT,
                            Versions.FEATURES, env) ? 0 : 1;
                } catch (IllegalArgumentException e) {
                    console.alert("config : Failed to evaluate condition: " + e.getMessage());
                    return 2;
                }
            case VERSION:
                out.println(versionLine());
                return 0;
            default:
                break;
        }
        PluginRegistry registry;
        try {
            registry = Plugins.load(Bascule.class.getClassLoader(), pluginsDirectory());
        } catch (PluginException e) {
            console.alert("plugins : " + e.getMessage());
            return 1;
        }
        if (commandLine.mode() == CommandLine.Mode.VERSION_VERBOSE) {
            printVerboseVersion(out, registry);
            return 0;
        }
        List<ConfigSource> sources;
        try {
            sources = ConfigFiles.read(commandLine.configFiles());
        } catch (ConfigFiles.UnreadableException e) {
            console.alert("config : " + e.getMessage());
            console.alert("config : Fatal errors found in configuration.");
            return 1;
        }
        if (sources.isEmpty()) {
            // only directories without a .cfg file: HAProxy has no configuration to read and shows its usage
            err.print(CommandLine.usage());
            return 1;
        }
        LoadOutcome outcome = load(registry, sources, env);
        outcome.diagnostics().forEach(console::diagnostic);
        if (outcome.runtime().isEmpty()) {
            for (ConfigSource source : sources) {
                boolean failed = outcome.diagnostics().stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ALERT
                        && d.location().map(l -> l.file().equals(source.name())).orElse(false));
                if (failed) {
                    console.alert("config : Error(s) found in configuration file : " + source.name());
                }
            }
            if (outcome.diagnostics().stream().noneMatch(d -> d.message().equals(InitialAddresses.FAILED))) {
                // HAProxy exits right after its "Failed to initialize server(s) addr."
                console.alert("config : Fatal errors found in configuration.");
            }
            return 1;
        }
        ProxyRuntime runtime = outcome.runtime().get();
        if (runtime.global().process().quiet()) {
            // 'quiet' in the configuration: as -q from here on
            console = new Console(err, pid, true);
        }
        // a stats socket is a listener too (HAProxy's CLI frontend): such a process runs, for its runtime API
        boolean listens = runtime.frontends().stream().anyMatch(frontend -> !frontend.binds().isEmpty())
                || !runtime.global().statsSockets().isEmpty();
        if (commandLine.mode() == CommandLine.Mode.CHECK) {
            if (!commandLine.quiet() && !runtime.global().process().quiet()) {
                if (outcome.hasWarnings()) {
                    out.println("Warnings were found.");
                }
                out.println(listens ? "Configuration file is valid"
                        : "Configuration file has no error but will not start (no listener) => exit(2).");
            }
            return listens ? 0 : 2;
        }
        if (!listens) {
            // an empty file, or only backends: HAProxy refuses to start a process that would serve nothing
            console.alert("[bascule.main()] No enabled listener found (check for 'bind' directives) ! Exiting.");
            return 1;
        }
        boolean daemon = (commandLine.daemon() || runtime.global().daemon()) && !commandLine.foreground();
        if (daemon && !environment.containsKey(DAEMON_CHILD)) {
            return Daemon.detach(args, console);
        }
        return serve(runtime, registry, commandLine, console, daemon);
    }

    private static int serve(ProxyRuntime runtime, PluginRegistry registry, CommandLine commandLine, Console console,
                             boolean daemonChild) {
        ProcessConfig process = runtime.global().process();
        // HAProxy raises the limit of open files before it binds
        ProcessSetup.applyFileLimit(process, console);
        if (daemonChild) {
            // HAProxy 2.6 binds the whole process to its cpu-map only when it runs as a daemon
            ProcessSetup.bindProcessCpus(process.cpuMap());
        }
        Transport transport = newTransport();
        // handlers first: a signal that arrives while the listeners open must still end with 0
        CountDownLatch stopped = new CountDownLatch(1);
        Signals.install(transport, stopped, console, process.hardStopAfter(), () -> reportHardStop(runtime, console));
        try {
            transport.start(runtime);
        } catch (Transport.TransportException e) {
            console.alert(e.getMessage());
            transport.close();
            return 1;
        }
        ProcessSetup.bindThreadCpus(process.cpuMap(), transport);
        Optional<String> pidFile = commandLine.pidFile().or(() -> runtime.global().pidFile());
        if (pidFile.isPresent()) {
            try {
                Files.writeString(Path.of(pidFile.get()), ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            } catch (IOException e) {
                console.alert("[bascule.main()] Cannot create pidfile " + pidFile.get());
                transport.close();
                return 1;
            }
        }
        // as HAProxy: listeners bound, files loaded and the pid file written, then chroot, group and user
        try {
            ProcessSetup.confine(process, classLoaders(registry), console);
        } catch (ProcessSetup.StartupFailure e) {
            transport.close();
            return 1;
        }
        AutoCloseable checks = startChecks(runtime, transport, eventLog(console));
        if (commandLine.debug()) {
            console.notice("Bascule " + Versions.bascule() + " ready: " + runtime.frontends().size() + " frontend(s), "
                    + runtime.backends().size() + " backend(s), " + transport.describe());
        }
        if (daemonChild) {
            Daemon.signalReady();
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(checks);
        transport.close();
        return 0;
    }

    /** The application's class loader and each plugin's: their jars are opened before a chroot. */
    private static List<ClassLoader> classLoaders(PluginRegistry registry) {
        List<ClassLoader> loaders = new ArrayList<>();
        loaders.add(Bascule.class.getClassLoader());
        for (LoadedPlugin plugin : registry.plugins()) {
            if (!loaders.contains(plugin.classLoader())) {
                loaders.add(plugin.classLoader());
            }
        }
        return loaders;
    }

    /**
     * HAProxy's {@code hard_stop()}: {@code hard-stop-after} has passed during a soft stop, the
     * connections still open are closed as the process exits.
     */
    private static void reportHardStop(ProxyRuntime runtime, Console console) {
        ProxyLog global = runtime.log().proxy(runtime.global().log().targets());
        String message = "soft-stop running for too long, performing a hard-stop.";
        console.warning(message);
        global.send(ProxyLog.WARNING, message);
        for (FrontendRuntime frontend : runtime.frontends()) {
            int open = frontend.counters().current();
            if (open > 0) {
                String proxy = "Proxy " + frontend.name() + " hard-stopped (" + open + " remaining conns will be closed).";
                console.warning(proxy);
                global.send(ProxyLog.WARNING, proxy);
            }
        }
    }

    /**
     * Starts the health checks of {@code runtime} through the started transport's probe client,
     * and the name resolution of its servers through its DNS client; transitions go to {@code log}. Closing the handle stops them.
     */
    public static AutoCloseable startChecks(ProxyRuntime runtime, Transport transport, EventLog log) {
        AutoCloseable checks = HealthCheckScheduler.startAll(runtime, transport.probeClient(), log);
        // the resolvers sections: servers whose host name is resolved again and again
        AutoCloseable resolvers = ServerResolvers.startAll(runtime, transport::dnsClient, log);
        return () -> {
            closeQuietly(resolvers);
            checks.close();
        };
    }

    /** Runtime events printed as HAProxy prints them in the foreground. */
    static EventLog eventLog(Console console) {
        return new EventLog() {
            @Override
            public void warning(String message) {
                console.warning(message);
            }

            @Override
            public void alert(String message) {
                console.alert(message);
            }
        };
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // stopping: nothing useful to do with it
        }
    }

    private static Optional<Path> pluginsDirectory() {
        String home = System.getProperty("bascule.home");
        return home == null ? Optional.empty() : Optional.of(Path.of(home, "plugins"));
    }

    private static String versionLine() {
        return "Bascule version " + Versions.bascule() + " - HAProxy " + Versions.HAPROXY_COMPAT
                + " configuration language";
    }

    private static void printVerboseVersion(PrintStream out, PluginRegistry registry) {
        out.println(versionLine());
        out.println("Running on: Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("java.vendor") + "), " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch"));
        try (Transport transport = newTransport()) {
            out.println("Transport: " + transport.describe());
            out.println("TLS: " + transport.describeTls());
        }
        out.println("Plugins:");
        for (LoadedPlugin plugin : registry.plugins()) {
            out.println("\t" + plugin.name() + " " + plugin.descriptor().version() + " (api "
                    + plugin.descriptor().apiVersion() + ", " + plugin.descriptor().origin() + ")");
        }
        out.println("Balancing algorithms: " + String.join(", ", registry.balancingAlgorithmNames()));
        out.println("Health checks: " + String.join(", ", registry.healthCheckNames()));
        out.println("Sample fetches: " + String.join(", ", registry.sampleFetchNames()));
        out.println("Converters: " + String.join(", ", registry.sampleConverterNames()));
        out.println("ACL match methods: " + String.join(", ", registry.aclMatcherNames()));
        out.println("ACL keywords: " + String.join(", ", registry.aclKeywordNames()));
        out.println("Actions: " + String.join(", ", registry.actionNames()));
        out.println("Features: " + (Versions.FEATURES.isEmpty() ? "none" : String.join(" ", Versions.FEATURES)));
    }
}
