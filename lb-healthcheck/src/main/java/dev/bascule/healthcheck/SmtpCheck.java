package dev.bascule.healthcheck;

import static dev.bascule.healthcheck.ProtocolRules.expect;
import static dev.bascule.healthcheck.ProtocolRules.payloadLine;
import static dev.bascule.healthcheck.ProtocolRules.payloadNumber;
import static dev.bascule.healthcheck.ProtocolRules.payloadTrimmedLine;

import dev.bascule.api.check.CheckStatus;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code option smtpchk [<hello> <domain>]}: HAProxy's {@code *smtp-check} ruleset. The greeting must be a
 * 2xx reply, then the {@code HELO}/{@code EHLO} command (all lines of its reply) and a {@code QUIT} must get
 * one too; the last reply's code and text are the check's.
 */
final class SmtpCheck {
    private SmtpCheck() {
    }

    /** @param arguments the words after {@code option smtpchk}: none, or the command and its domain */
    static List<TcpCheckRule> rules(List<String> arguments) {
        // proxy_parse_smtpchk_opt(): anything but "EHLO <domain>" or "HELO <domain>" sends "HELO localhost"
        String command = "HELO localhost";
        if (arguments.size() == 2 && !arguments.get(1).isEmpty()
                && (arguments.get(0).equals("EHLO") || arguments.get(0).equals("HELO"))) {
            command = arguments.get(0) + " " + arguments.get(1);
        }
        return List.of(
                ProtocolRules.connect(1),
                expect(2, "rstring", "^[0-9]{3}[ \r]").minRecv(4)
                        .statuses(null, CheckStatus.L7RSP, null)
                        .onError(payloadLine(0))
                        .rule(),
                expect(3, "rstring", "^2[0-9]{2}[ \r]").minRecv(4)
                        .statuses(null, CheckStatus.L7STS, null)
                        .onError(payloadTrimmedLine(4))
                        .statusCode(payloadNumber(0, 3))
                        .rule(),
                ProtocolRules.send(4, (command + "\r\n").getBytes(StandardCharsets.ISO_8859_1)),
                expect(5, "rstring", "^(2[0-9]{2}-[^\r]*\r\n)*2[0-9]{2}[ \r]")
                        .statuses(null, CheckStatus.L7STS, null)
                        .onError(payloadTrimmedLine(4))
                        .onSuccess(payloadTrimmedLine(4))
                        .statusCode(payloadNumber(0, 3))
                        .rule(),
                // 2.6.12 (issue 1812): a QUIT for a clean disconnection, which must get a 2xx reply too
                ProtocolRules.send(6, "QUIT\r\n".getBytes(StandardCharsets.ISO_8859_1)),
                expect(7, "rstring", "^2[0-9]{2}[- \r]").minRecv(4)
                        .statuses(null, CheckStatus.L7STS, null)
                        .onError(payloadTrimmedLine(4))
                        .onSuccess(payloadTrimmedLine(4))
                        .statusCode(payloadNumber(0, 3))
                        .rule());
    }
}
