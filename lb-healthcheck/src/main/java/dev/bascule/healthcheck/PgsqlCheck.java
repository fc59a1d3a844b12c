package dev.bascule.healthcheck;

import static dev.bascule.healthcheck.ProtocolRules.expect;
import static dev.bascule.healthcheck.ProtocolRules.payload;
import static dev.bascule.healthcheck.ProtocolRules.text;

import dev.bascule.api.check.CheckStatus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code option pgsql-check user <username>}: HAProxy's {@code *pgsql-check} ruleset. A protocol 3.0
 * StartupMessage for the user; an ErrorResponse ({@code E}) fails with its text, an
 * AuthenticationRequest (ok, cleartext, MD5, SCM, GSS...) passes.
 */
final class PgsqlCheck {
    private PgsqlCheck() {
    }

    static List<TcpCheckRule> rules(String user) {
        byte[] name = user.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream startup = new ByteArrayOutputStream();
        int length = 15 + name.length;
        startup.writeBytes(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
                (byte) length});
        startup.writeBytes(new byte[] {0, 3, 0, 0});
        startup.writeBytes("user\0".getBytes(StandardCharsets.ISO_8859_1));
        startup.writeBytes(name);
        startup.writeBytes(new byte[] {0, 0});
        return List.of(
                ProtocolRules.connect(1),
                ProtocolRules.send(2, startup.toByteArray()),
                expect(3, "rstring", "^E").inverse().minRecv(5)
                        .statuses(null, CheckStatus.L7RSP, null)
                        .onError(payload(6))
                        .rule(),
                expect(4, "rbinary", "^52000000[A-Z0-9]{2}000000(00|02|03|04|05|06|07|09|0A)").minRecv(9)
                        .statuses(null, CheckStatus.L7STS, null)
                        .onSuccess(text("PostgreSQL server is ok"))
                        .onError(text("PostgreSQL unknown error"))
                        .rule());
    }
}
