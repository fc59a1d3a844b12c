package dev.bascule.healthcheck;

import dev.bascule.api.Nullable;
import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code option mysql-check [user <username> [post-41|pre-41]]}: HAProxy's {@code *mysql-check},
 * {@code *mysql41-check} and {@code *mysql40-check} rulesets. Without a user the server's initial handshake
 * must not be an error packet; with one, an authentication packet (then COM_QUIT) is sent and its answer
 * must not be one either. The server's version is the check's description.
 */
final class MysqlCheck {
    private MysqlCheck() {
    }

    /**
     * @param user    the user to log in as, null for the handshake only
     * @param post41  whether the client speaks the 4.1 protocol (else 4.0)
     */
    static List<TcpCheckRule> rules(@Nullable String user, boolean post41) {
        List<TcpCheckRule> rules = new ArrayList<>();
        rules.add(ProtocolRules.connect(1));
        if (user == null) {
            rules.add(ProtocolRules.custom(2, (data, last, lastRule) -> packet(data, 0, last, lastRule)));
            return List.copyOf(rules);
        }
        rules.add(ProtocolRules.send(2, login(user, post41)));
        rules.add(ProtocolRules.custom(3, (data, last, lastRule) -> packet(data, 0, last, lastRule)));
        rules.add(ProtocolRules.custom(4, (data, last, lastRule) -> packet(data, handshakeLength(data), last,
                lastRule)));
        return List.copyOf(rules);
    }

    /** The client authentication packet, then COM_QUIT. */
    static byte[] login(String user, boolean post41) {
        byte[] name = user.getBytes(StandardCharsets.UTF_8);
        int length = name.length + 7 + (post41 ? 27 : 0);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.writeBytes(new byte[] {(byte) length, (byte) (length >>> 8), (byte) (length >>> 16), 1});
        if (post41) {
            packet.writeBytes(new byte[] {0, (byte) 0x82, 0, 0}); // client capabilities
            packet.writeBytes(new byte[] {0, (byte) 0x80, 0, 1}); // max packet
            packet.write(0x21); // character set: UTF-8
            packet.writeBytes(new byte[23]);
        } else {
            packet.writeBytes(new byte[] {0, (byte) 0x80}); // client capabilities
            packet.writeBytes(new byte[] {0, 0, 1}); // max packet
        }
        packet.writeBytes(name);
        packet.write(0); // end of the user name
        packet.write(0); // filler
        packet.writeBytes(new byte[] {1, 0, 0, 0, 1}); // COM_QUIT, sequence 0
        return packet.toByteArray();
    }

    /** The length of the initial handshake packet, header included. */
    private static int handshakeLength(byte[] data) {
        return data.length < 3 ? 4 : 4 + length(data, 0);
    }

    private static int length(byte[] data, int offset) {
        return (data[offset] & 0xff) | (data[offset + 1] & 0xff) << 8 | (data[offset + 2] & 0xff) << 16;
    }

    /** {@code tcpcheck_mysql_expect_packet()}: the packet at {@code offset} must be complete and not an error. */
    private static TcpCheckRule.Outcome packet(byte[] data, int offset, boolean last, boolean lastRule) {
        if (data.length < offset + 4 || data.length < offset + 4 + length(data, offset)) {
            // invalid length or truncated response
            return last ? TcpCheckRule.Outcome.done(new CheckResult(CheckStatus.L7RSP, ""))
                    : TcpCheckRule.Outcome.WAIT;
        }
        if (length(data, offset) > 0 && data[offset + 4] == (byte) 0xff) {
            // an error packet: field count 0xff, the error number, then its message
            int error = data.length >= offset + 7 ? (data[offset + 5] & 0xff) | (data[offset + 6] & 0xff) << 8 : 0;
            String message = data.length > offset + 7 ? ProtocolRules.latin1(data, offset + 7, data.length) : "";
            return TcpCheckRule.Outcome.done(new CheckResult(CheckStatus.L7STS, ProtocolRules.desc(message), error));
        }
        if (!lastRule) {
            return TcpCheckRule.Outcome.CONTINUE;
        }
        // the server's version, a NUL-terminated string after the protocol version of the handshake
        String version = data.length > 5 ? ProtocolRules.desc(ProtocolRules.latin1(data, 5, data.length)) : "";
        return TcpCheckRule.Outcome.done(new CheckResult(CheckStatus.L7OK, version, 0));
    }
}
