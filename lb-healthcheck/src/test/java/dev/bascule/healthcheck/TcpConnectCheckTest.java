package dev.bascule.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.check.CheckTarget;
import dev.bascule.api.check.HealthCheck;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;

final class TcpConnectCheckTest {
    @Test
    void openPortPassesAtLayer4() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CheckResult result = check(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            assertThat(result).isEqualTo(new CheckResult(CheckStatus.L4OK, ""));
        }
    }

    @Test
    void closedPortIsALayer4ConnectionProblem() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
        }
        CheckResult result = check(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        assertThat(result).isEqualTo(new CheckResult(CheckStatus.L4CON, "Connection refused"));
        assertThat(result.status().description()).isEqualTo("Layer4 connection problem");
    }

    private static CheckResult check(InetSocketAddress address) throws Exception {
        HealthCheck check = new HealthCheckPlugin().healthChecks().iterator().next().create(List.of());
        return check.check(new CheckTarget("s1", address), new BlockingProbeContext())
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
