package dev.bascule.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.check.CheckTarget;
import dev.bascule.api.check.HealthCheck;
import dev.bascule.api.check.ProbeClient;
import dev.bascule.api.check.ProbeConnection;
import dev.bascule.api.check.ProbeContext;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
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

    /** A hand-written probe client over plain sockets, run off the caller's thread. */
    private static final class BlockingProbeContext implements ProbeContext, ProbeClient {
        @Override
        public ProbeClient client() {
            return this;
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(2);
        }

        @Override
        public CompletionStage<ProbeConnection> connect(InetSocketAddress address, Duration timeout) {
            return CompletableFuture.supplyAsync(() -> {
                Socket socket = new Socket();
                try {
                    socket.connect(address, (int) timeout.toMillis());
                } catch (IOException e) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // the connect failure is what matters
                    }
                    throw new CompletionException(e);
                }
                return new ProbeConnection() {
                    @Override
                    public CompletionStage<Void> send(byte[] data) {
                        throw new UnsupportedOperationException("not needed by a connect check");
                    }

                    @Override
                    public CompletionStage<byte[]> receive(int maxBytes) {
                        throw new UnsupportedOperationException("not needed by a connect check");
                    }

                    @Override
                    public void close() {
                        try {
                            socket.close();
                        } catch (IOException ignored) {
                            // closing a probe connection cannot fail usefully
                        }
                    }
                };
            });
        }
    }
}
