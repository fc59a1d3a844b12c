package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A whole, valid configuration: what a loader returns when it found no error.
 *
 * @param global    the merged {@code global} sections
 * @param frontends every frontend, {@code listen} sections included, in file order
 * @param backends  every backend, {@code listen} sections included, in file order
 */
public record LbConfig(GlobalConfig global, List<FrontendConfig> frontends, List<BackendConfig> backends) {
    public LbConfig {
        requireNonNull(global, "global");
        frontends = List.copyOf(frontends);
        backends = List.copyOf(backends);
    }

    /** The backend of that name. */
    public Optional<BackendConfig> backend(String name) {
        return backends.stream().filter(backend -> backend.name().equals(name)).findFirst();
    }

    /** The frontend of that name. */
    public Optional<FrontendConfig> frontend(String name) {
        return frontends.stream().filter(frontend -> frontend.name().equals(name)).findFirst();
    }
}
