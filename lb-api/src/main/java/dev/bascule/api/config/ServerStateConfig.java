package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The server state files read at start, which carry the servers' state over a reload (HAProxy's
 * {@code server-state-file}, {@code server-state-base}, {@code load-server-state-from-file} and
 * {@code server-state-file-name}). Paths have {@code server-state-base} applied.
 *
 * @param globalFile the global {@code server-state-file}, read at start when set
 * @param backends   the backends that load a state, by name, in file order: each its own file
 *                   ({@code local}), or empty for the global one ({@code global})
 * @since 1.2
 */
public record ServerStateConfig(Optional<String> globalFile, Map<String, Optional<String>> backends) {
    /** No state file. */
    public static final ServerStateConfig NONE = new ServerStateConfig(Optional.empty(), Map.of());

    public ServerStateConfig {
        requireNonNull(globalFile, "globalFile");
        Map<String, Optional<String>> ordered = new LinkedHashMap<>();
        backends.forEach((name, file) -> ordered.put(requireNonNull(name, "name"), requireNonNull(file, "file")));
        backends = Collections.unmodifiableMap(ordered);
    }
}
