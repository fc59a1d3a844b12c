package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.loader.ConfigSource;
import dev.bascule.api.loader.Diagnostic;
import dev.bascule.core.Bascule;
import dev.bascule.core.Transport;
import dev.bascule.core.check.EventLog;
import dev.bascule.core.plugin.PluginException;
import dev.bascule.core.plugin.PluginRegistry;
import dev.bascule.core.plugin.Plugins;
import dev.bascule.core.runtime.ProxyRuntime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Bascule started in the test's JVM (so that Netty's leak detector watches it) on a config text. */
final class Embedded implements AutoCloseable {
    private static PluginRegistry builtins;

    private final Transport transport;
    private final AutoCloseable checks;
    private final List<String> events;

    private ProxyRuntime runtime;

    /** The runtime it serves: its backends' and servers' live counters. */
    ProxyRuntime runtime() {
        return runtime;
    }

    private Embedded(Transport transport, AutoCloseable checks, List<String> events) {
        this.transport = transport;
        this.checks = checks;
        this.events = events;
    }

    static synchronized PluginRegistry builtins() {
        if (builtins == null) {
            builtins = registry(Optional.empty());
        }
        return builtins;
    }

    static PluginRegistry registry(Optional<Path> pluginsDirectory) {
        try {
            return Plugins.load(Embedded.class.getClassLoader(), pluginsDirectory);
        } catch (PluginException e) {
            throw new IllegalStateException(e);
        }
    }

    static Embedded start(String config) {
        return start(builtins(), config);
    }

    static Embedded start(PluginRegistry registry, String config) {
        Bascule.LoadOutcome outcome = Bascule.load(registry, List.of(new ConfigSource("test.cfg", config)), Map.of());
        assertThat(outcome.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.ALERT))
                .as("alerts for:\n%s", config).isEmpty();
        ProxyRuntime runtime = outcome.runtime().orElseThrow();
        Transport transport = Bascule.newTransport();
        try {
            transport.start(runtime);
        } catch (Transport.TransportException e) {
            transport.close();
            throw new IllegalStateException(e);
        }
        List<String> events = new CopyOnWriteArrayList<>();
        AutoCloseable checks = Bascule.startChecks(runtime, transport, new EventLog() {
            @Override
            public void warning(String message) {
                events.add("[WARNING] " + message);
            }

            @Override
            public void alert(String message) {
                events.add("[ALERT] " + message);
            }
        });
        Embedded embedded = new Embedded(transport, checks, events);
        embedded.runtime = runtime;
        return embedded;
    }

    /** The health-check transitions reported so far, as {@code [WARNING] Server b/s is DOWN, ...}. */
    List<String> events() {
        return events;
    }

    int openConnections() {
        return transport.openConnections();
    }

    @Override
    public void close() {
        try {
            checks.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        transport.close();
    }

    /** A port free right now on 127.0.0.1 (listeners in configs cannot say port 0). */
    static int freePort() {
        // bound without SO_REUSEADDR (the JDK sets it by default): otherwise the kernel may hand out
        // a port that earlier connections keep in TIME_WAIT, and a listener bound without it fails
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
