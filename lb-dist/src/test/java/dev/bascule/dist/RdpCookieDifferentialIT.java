package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code balance rdp-cookie} with {@code tcp-request inspect-delay} and the predefined ACL
 * {@code RDP_COOKIE}, the way HAProxy's manual balances Windows terminal servers: on haproxy 2.6
 * and on Bascule, the same RDP connection requests (one per connection, some with their cookie
 * line split over two writes, some without a cookie) reach the same servers, in the same order.
 * The probe that waits for each proxy to listen counts: a client that closes without a byte is
 * balanced in turn and forwarded to a server, by both.
 */
@Timeout(60)
final class RdpCookieDifferentialIT {
    private static final List<String> USERS = List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace",
            "heidi", "ivan", "judy", "alice", "bob", "", "mallory", "-", "alice");

    /** Answers its name once it has read something, then closes. */
    private static LoopbackServer named(String name) throws IOException {
        return new LoopbackServer("named-" + name, connection -> {
            connection.getInputStream().read(new byte[512]);
            connection.getOutputStream().write((name + "\n").getBytes(StandardCharsets.US_ASCII));
        });
    }

    /** An X.224 connection request with {@code Cookie: mstshash=<user>}; none for "-". */
    private static byte[] request(String user) {
        return connectionRequest(user.equals("-") ? "" : "Cookie: mstshash=" + user + "\r\n");
    }

    /** An X.224 connection request carrying {@code cookie} (a whole line, or nothing). */
    private static byte[] connectionRequest(String cookie) {
        String body = "\u00e0\u0000\u0000\u0000\u0000\u0000" + cookie + "\u0001\u0000\u0008\u0000\u0003\u0000\u0000\u0000";
        int length = 4 + 1 + body.length();
        String tpkt = "\u0003\u0000" + (char) (length >> 8) + (char) (length & 0xff) + (char) (body.length());
        return (tpkt + body).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String config(int port, List<LoopbackServer> servers) {
        StringBuilder out = new StringBuilder(String.join("\n",
                "defaults",
                "    mode tcp",
                "    timeout client 5s",
                "    timeout server 5s",
                "    timeout connect 2s",
                "listen rdp",
                "    bind 127.0.0.1:" + port,
                "    balance rdp-cookie",
                "    tcp-request inspect-delay 2s",
                "    tcp-request content accept if RDP_COOKIE",
                ""));
        for (int i = 0; i < servers.size(); i++) {
            out.append("    server s").append(i + 1).append(" 127.0.0.1:").append(servers.get(i).port())
                    .append(" weight ").append(i + 1).append('\n');
        }
        return out.toString();
    }

    private static List<String> script(int port) throws IOException, InterruptedException {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < USERS.size(); i++) {
            byte[] bytes = request(USERS.get(i));
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                if (i % 3 == 1) {
                    // the cookie line in two pieces: the rules wait for its end
                    out.write(bytes, 0, 20);
                    out.flush();
                    Thread.sleep(150);
                    out.write(bytes, 20, bytes.length - 20);
                } else {
                    out.write(bytes);
                }
                out.flush();
                InputStream in = socket.getInputStream();
                seen.add(USERS.get(i) + " -> " + new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
            }
        }
        return seen;
    }

    /** {@code msts=<address>.<port>.0000} as a session broker writes it: both numbers in network order, read little-endian. */
    private static String msts(int port) {
        long address = 127L | 1L << 24;
        int swapped = (port & 0xff) << 8 | port >> 8;
        return "Cookie: msts=" + address + "." + swapped + ".0000\r\n";
    }

    /**
     * {@code persist rdp-cookie}: a request whose {@code msts} cookie names a server goes to it,
     * whatever the balancing; one naming no server (or with no cookie) is balanced.
     */
    @Test
    void persistRdpCookieGoesToTheServerTheCookieNames(@TempDir Path temp) throws Exception {
        assumeTrue(ReferenceHaproxy.installed(), "haproxy 2.6 is the reference");
        List<LoopbackServer> servers = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                servers.add(named("s" + i));
            }
            List<String> cookies = List.of(msts(servers.get(2).port()), msts(servers.get(2).port()), "",
                    msts(servers.get(0).port()), msts(1), "Cookie: msts=garbage\r\n", msts(servers.get(2).port()),
                    "Cookie: mstshash=alice\r\n", msts(servers.get(1).port()));
            java.util.function.IntFunction<String> config = port -> String.join("\n",
                    "defaults",
                    "    mode tcp",
                    "    timeout client 5s",
                    "    timeout server 5s",
                    "    timeout connect 2s",
                    "listen rdp",
                    "    bind 127.0.0.1:" + port,
                    "    persist rdp-cookie",
                    "    balance roundrobin",
                    "    tcp-request inspect-delay 2s",
                    "    tcp-request content accept if RDP_COOKIE",
                    "    server s1 127.0.0.1:" + servers.get(0).port(),
                    "    server s2 127.0.0.1:" + servers.get(1).port(),
                    "    server s3 127.0.0.1:" + servers.get(2).port(),
                    "");
            List<String> actual = ReferenceHaproxy.runBascule(config, port -> send(port, cookies));
            List<String> expected = ReferenceHaproxy.run(temp, config, port -> send(port, cookies));
            assertThat(actual).isEqualTo(expected);
            assertThat(actual.get(0)).isEqualTo("s3");
            assertThat(actual.get(3)).isEqualTo("s1");
        } finally {
            for (LoopbackServer server : servers) {
                server.close();
            }
        }
    }

    private static List<String> send(int port, List<String> cookies) throws IOException {
        List<String> seen = new ArrayList<>();
        for (String cookie : cookies) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write(connectionRequest(cookie));
                seen.add(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
            }
        }
        return seen;
    }

    @Test
    void rdpCookiesGoWhereHaproxySendsThem(@TempDir Path temp) throws Exception {
        assumeTrue(ReferenceHaproxy.installed(), "haproxy 2.6 is the reference");
        List<LoopbackServer> servers = new ArrayList<>();
        try {
            for (int i = 1; i <= 4; i++) {
                servers.add(named("s" + i));
            }
            // the probe that waits for each to listen counts: a client that closes without a byte is
            // balanced in turn too
            List<String> actual = ReferenceHaproxy.runBascule(port -> config(port, servers),
                    RdpCookieDifferentialIT::script);
            List<String> expected = ReferenceHaproxy.run(temp, port -> config(port, servers),
                    RdpCookieDifferentialIT::script);
            assertThat(actual).isEqualTo(expected);
            // the same user, the same server
            assertThat(actual.get(0).substring(actual.get(0).indexOf("->")))
                    .isEqualTo(actual.get(10).substring(actual.get(10).indexOf("->")));
        } finally {
            for (LoopbackServer server : servers) {
                server.close();
            }
        }
    }
}
