package dev.bascule.core.runtime;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.config.GlobalConfig;
import dev.bascule.core.log.LogRuntime;
import dev.bascule.core.sample.ProcessVariables;
import dev.bascule.core.sample.pattern.PatternRegistry;
import dev.bascule.core.stick.StickTable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a running proxy needs, compiled from one configuration.
 *
 * @param global    the global section
 * @param frontends every frontend, in file order
 * @param backends  every backend, in file order
 * @param log       the logging state (close it when the runtime stops)
 * @param patterns  the map and ACL pattern references, which the runtime API changes
 * @param stickTables the stick tables by name, in file order
 * @param variables the {@code proc.} variables, shared by every connection and the runtime API
 */
public record ProxyRuntime(GlobalConfig global, List<FrontendRuntime> frontends, List<BackendRuntime> backends,
                           LogRuntime log, PatternRegistry patterns,
                           Map<String, StickTable> stickTables,
                           ProcessVariables variables) {
    public ProxyRuntime {
        requireNonNull(global, "global");
        frontends = List.copyOf(frontends);
        backends = List.copyOf(backends);
        requireNonNull(log, "log");
        requireNonNull(patterns, "patterns");
        stickTables = Collections.unmodifiableMap(new LinkedHashMap<>(stickTables));
        requireNonNull(variables, "variables");
    }

    /** A runtime whose {@code proc.} variables start empty, no rule naming one. */
    public ProxyRuntime(GlobalConfig global, List<FrontendRuntime> frontends, List<BackendRuntime> backends,
                        LogRuntime log, PatternRegistry patterns,
                        Map<String, StickTable> stickTables) {
        this(global, frontends, backends, log, patterns, stickTables, new ProcessVariables());
    }

    /** A runtime without stick tables. */
    public ProxyRuntime(GlobalConfig global, List<FrontendRuntime> frontends, List<BackendRuntime> backends,
                        LogRuntime log, PatternRegistry patterns) {
        this(global, frontends, backends, log, patterns, Map.of());
    }

    /** A runtime without pattern files. */
    public ProxyRuntime(GlobalConfig global, List<FrontendRuntime> frontends, List<BackendRuntime> backends,
                        LogRuntime log) {
        this(global, frontends, backends, log, new PatternRegistry());
    }

    /** A runtime whose frontends do not log. */
    public ProxyRuntime(GlobalConfig global, List<FrontendRuntime> frontends, List<BackendRuntime> backends) {
        this(global, frontends, backends, new LogRuntime(global.log()));
    }
}
