package dev.bascule.healthcheck;

import static dev.bascule.healthcheck.ProtocolRules.expect;
import static dev.bascule.healthcheck.ProtocolRules.payloadLine;
import static dev.bascule.healthcheck.ProtocolRules.text;

import dev.bascule.api.check.CheckStatus;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code option redis-check}: HAProxy's {@code *redis-check} ruleset, a PING that must get {@code +PONG}. */
final class RedisCheck {
    private RedisCheck() {
    }

    static List<TcpCheckRule> rules() {
        return List.of(
                ProtocolRules.implicitConnect(),
                ProtocolRules.send(1, "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.ISO_8859_1)),
                expect(2, "string", "+PONG\r\n")
                        .statuses(null, CheckStatus.L7STS, null)
                        .onError(payloadLine(0))
                        .onSuccess(text("Redis server is ok"))
                        .rule());
    }
}
