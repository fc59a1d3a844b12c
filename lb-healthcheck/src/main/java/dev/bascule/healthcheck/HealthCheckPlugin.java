package dev.bascule.healthcheck;

import dev.bascule.api.Plugin;
import dev.bascule.api.check.HealthCheckFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Serves the built-in health checks. */
public final class HealthCheckPlugin implements Plugin {
    @Override
    public Collection<HealthCheckFactory> healthChecks() {
        List<HealthCheckFactory> checks = new ArrayList<>(
                List.of(new TcpConnectCheckFactory(), new HttpCheckFactory(), new TcpCheckFactory()));
        checks.addAll(ProtocolCheckFactory.all());
        return checks;
    }
}
