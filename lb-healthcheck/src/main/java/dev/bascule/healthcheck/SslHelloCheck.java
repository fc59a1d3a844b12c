package dev.bascule.healthcheck;

import static dev.bascule.healthcheck.ProtocolRules.expect;

import dev.bascule.api.check.CheckStatus;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code option ssl-hello-chk}: HAProxy's {@code *ssl-hello-check} ruleset. An SSLv3 CLIENT HELLO; the
 * server must answer with a handshake or an alert record (0x16 or 0x15).
 */
final class SslHelloCheck {
    /** The CLIENT HELLO up to its random, after which come 39 cipher suites and NULL compression. */
    private static final byte[] HEAD = {
        0x16, 0x03, 0x00, 0x00, 0x79, // record: handshake, SSLv3, 0x79 bytes
        0x01, 0x00, 0x00, 0x75, // CLIENT HELLO, 0x75 bytes
        0x03, 0x00, // version SSLv3
    };
    private static final byte[] RANDOM = "HAPROXYSSLCHK\nHAPROXYSSLCHK\n".getBytes(StandardCharsets.ISO_8859_1);

    private SslHelloCheck() {
    }

    static List<TcpCheckRule> rules() {
        return List.of(
                ProtocolRules.implicitConnect(),
                ProtocolRules.send(1, SslHelloCheck::clientHello),
                expect(2, "rbinary", "^1[56]").minRecv(5)
                        .statuses(CheckStatus.L6OK, CheckStatus.L6RSP, CheckStatus.L6TOUT)
                        .rule());
    }

    /** The hello of one probe: its GMT time is the current one, as {@code %[date(),htonl,hex]}. */
    static byte[] clientHello() {
        ByteBuffer hello = ByteBuffer.allocate(5 + 0x79);
        hello.put(HEAD);
        hello.putInt((int) (System.currentTimeMillis() / 1000));
        hello.put(RANDOM);
        hello.put((byte) 0); // no session id
        hello.putShort((short) 78); // 39 suites: 0x0001 to 0x001B, 0x002F to 0x003A
        for (int suite = 0x01; suite <= 0x1B; suite++) {
            hello.putShort((short) suite);
        }
        for (int suite = 0x2F; suite <= 0x3A; suite++) {
            hello.putShort((short) suite);
        }
        hello.put((byte) 1).put((byte) 0); // one compression method: NULL
        return hello.array();
    }
}
