package dev.bascule.healthcheck;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.check.CheckTarget;
import dev.bascule.api.check.HealthCheck;
import dev.bascule.api.check.HealthCheckFactory;
import dev.bascule.api.check.ProbeContext;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * HAProxy's default check, what a bare {@code check} on a server line does: a TCP connection
 * that opens is {@code L4OK}; refused is {@code L4CON} ({@code "Connection refused"}); no
 * answer in time is {@code L4TOUT}.
 */
public final class TcpConnectCheckFactory implements HealthCheckFactory {
    @Override
    public String name() {
        return "tcp-connect";
    }

    @Override
    public HealthCheck create(List<String> arguments) throws InvalidArgumentException {
        if (!arguments.isEmpty()) {
            throw new InvalidArgumentException("the TCP connect check takes no argument, got '"
                    + String.join(" ", arguments) + "'");
        }
        return TcpConnectCheck.INSTANCE;
    }

    private enum TcpConnectCheck implements HealthCheck {
        INSTANCE;

        @Override
        public CompletionStage<CheckResult> check(CheckTarget target, ProbeContext context) {
            return context.client().connect(target, context.timeout()).handle((connection, failure) -> {
                if (failure == null) {
                    connection.close();
                    // over TLS, the handshake made: HAProxy's "Layer6 check passed"
                    return new CheckResult(target.encrypted() ? CheckStatus.L6OK : CheckStatus.L4OK, "");
                }
                return Layer4.failed(failure);
            });
        }
    }
}
