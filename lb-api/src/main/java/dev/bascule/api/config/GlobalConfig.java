package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code global} section (all of them, merged in file order).
 *
 * @param daemon        {@code daemon}: detach from the terminal, as {@code -D} does
 * @param threads       {@code nbthread}: event-loop threads; empty means one per core
 * @param pidFile       {@code pidfile}: where to write the process id
 * @param statsSockets  {@code stats socket} lines
 * @param log           {@code log}, {@code log-tag}, {@code log-send-hostname}
 */
public record GlobalConfig(boolean daemon, OptionalInt threads, Optional<String> pidFile,
                           List<StatsSocketConfig> statsSockets, GlobalLogConfig log) {
    public GlobalConfig {
        requireNonNull(threads, "threads");
        requireNonNull(pidFile, "pidFile");
        statsSockets = List.copyOf(statsSockets);
        requireNonNull(log, "log");
    }

    /** A global section without logging settings. */
    public GlobalConfig(boolean daemon, OptionalInt threads, Optional<String> pidFile,
                        List<StatsSocketConfig> statsSockets) {
        this(daemon, threads, pidFile, statsSockets, GlobalLogConfig.none());
    }

    /** The global section of a file that has none. */
    public static GlobalConfig defaults() {
        return new GlobalConfig(false, OptionalInt.empty(), Optional.empty(), List.of());
    }
}
