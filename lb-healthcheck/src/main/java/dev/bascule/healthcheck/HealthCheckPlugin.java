package dev.bascule.healthcheck;

import dev.bascule.api.Plugin;
import dev.bascule.api.check.HealthCheckFactory;

import java.util.Collection;
import java.util.List;

/** Serves the built-in health checks. */
public final class HealthCheckPlugin implements Plugin {
    @Override
    public Collection<HealthCheckFactory> healthChecks() {
        return List.of(new TcpConnectCheckFactory(), new HttpCheckFactory(), new TcpCheckFactory());
    }
}
