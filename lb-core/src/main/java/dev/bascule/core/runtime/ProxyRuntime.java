package dev.bascule.core.runtime;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.config.GlobalConfig;

import java.util.List;

/**
 * Everything a running proxy needs, compiled from one configuration.
 *
 * @param global    the global section
 * @param frontends every frontend, in file order
 * @param backends  every backend, in file order
 */
public record ProxyRuntime(GlobalConfig global, List<FrontendRuntime> frontends, List<BackendRuntime> backends) {
    public ProxyRuntime {
        requireNonNull(global, "global");
        frontends = List.copyOf(frontends);
        backends = List.copyOf(backends);
    }
}
