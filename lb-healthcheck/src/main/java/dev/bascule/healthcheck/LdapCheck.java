package dev.bascule.healthcheck;

import static dev.bascule.healthcheck.ProtocolRules.expect;
import static dev.bascule.healthcheck.ProtocolRules.text;

import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;

import java.util.HexFormat;
import java.util.List;

/**
 * {@code option ldap-check}: HAProxy's {@code *ldap-check} ruleset. An anonymous LDAPv3 bind request; the
 * answer must be a bind response (BER) whose result code is 0, which is the check's code.
 */
final class LdapCheck {
    private static final String NOT_LDAP = "Not LDAPv3 protocol";

    private LdapCheck() {
    }

    static List<TcpCheckRule> rules() {
        return List.of(
                ProtocolRules.implicitConnect(),
                ProtocolRules.send(1, HexFormat.of().parseHex("300C020101600702010304008000")),
                expect(2, "rbinary", "^30").minRecv(14).onError(text(NOT_LDAP)).rule(),
                ProtocolRules.custom(3, (data, last, lastRule) -> bindResponse(data, last)));
    }

    /** {@code tcpcheck_ldap_expect_bindrsp()}. */
    static TcpCheckRule.Outcome bindResponse(byte[] data, boolean last) {
        int at = 1;
        int sizeBytes = 0;
        long length;
        if ((at(data, at) & 0x80) != 0) {
            // a length on several bytes: only 2 or 4 are known (Active Directory uses 4)
            sizeBytes = at(data, at) & 0x7f;
            if (data.length < 1 + sizeBytes) {
                return tooShort(last);
            }
            length = switch (sizeBytes) {
                case 4 -> (long) at(data, at + 1) << 24 | at(data, at + 2) << 16 | at(data, at + 3) << 8
                        | at(data, at + 4);
                case 2 -> at(data, at + 1) << 8 | at(data, at + 2);
                default -> -1;
            };
            if (length < 0) {
                return failed(CheckStatus.L7RSP, NOT_LDAP, -1);
            }
        } else {
            length = at(data, at);
        }
        at += 1 + sizeBytes;
        if (data.length < 2 + sizeBytes + length) {
            return tooShort(last);
        }
        // messageID: INTEGER 1, then protocolOp: bindResponse
        if (at(data, at) != 0x02 || at(data, at + 1) != 0x01 || at(data, at + 2) != 0x01 || at(data, at + 3) != 0x61) {
            return failed(CheckStatus.L7RSP, NOT_LDAP, -1);
        }
        at += 4;
        // the size of the bindResponse
        at += 1 + ((at(data, at) & 0x80) != 0 ? at(data, at) & 0x7f : 0);
        // ldapResult: ENUMERATED
        if (at(data, at) != 0x0a || at(data, at + 1) != 0x01) {
            return failed(CheckStatus.L7RSP, NOT_LDAP, -1);
        }
        at += 2;
        int resultCode = data.length > at ? data[at] : 0;
        if (resultCode != 0) {
            return failed(CheckStatus.L7STS, "See RFC: http://tools.ietf.org/html/rfc4511#section-4.1.9", resultCode);
        }
        return TcpCheckRule.Outcome.done(new CheckResult(CheckStatus.L7OK, "Success", 0));
    }

    /** The byte at {@code index}, unsigned; -1 past the end, which matches nothing. */
    private static int at(byte[] data, int index) {
        return index < data.length ? data[index] & 0xff : -1;
    }

    private static TcpCheckRule.Outcome tooShort(boolean last) {
        return last ? failed(CheckStatus.L7RSP, "", -1) : TcpCheckRule.Outcome.WAIT;
    }

    private static TcpCheckRule.Outcome failed(CheckStatus status, String text, int code) {
        return TcpCheckRule.Outcome.done(new CheckResult(status, text, code));
    }
}
