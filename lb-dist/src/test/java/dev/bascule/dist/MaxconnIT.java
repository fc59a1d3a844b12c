package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** Global {@code maxconn}: beyond it, clients wait in the backlog until a connection ends. */
@Timeout(60)
final class MaxconnIT {
    @Test
    void aClientBeyondTheGlobalMaxconnIsServedWhenAnotherLeaves() throws Exception {
        beyondMaxconn("global\n    maxconn 2\n", "");
    }

    @Test
    void aClientBeyondTheFrontendsMaxconnIsServedWhenAnotherLeaves() throws Exception {
        beyondMaxconn("global\n    maxconn 100\n", "    maxconn 2\n", false);
    }

    /** A connection ending on another frontend frees a place under the global limit only. */
    @Test
    void aFrontendAtItsMaxconnWaitsWhileAnotherFrontendsClientsComeAndGo() throws Exception {
        beyondMaxconn("global\n    maxconn 100\n", "    maxconn 2\n", true);
    }

    private static void beyondMaxconn(String global, String defaults) throws Exception {
        beyondMaxconn(global, defaults, false);
    }

    private static void beyondMaxconn(String global, String defaults, boolean otherTraffic) throws Exception {
        try (TestOrigin origin = new TestOrigin("s1")) {
            int port = Embedded.freePort();
            int otherPort = Embedded.freePort();
            String config = global + String.join("\n",
                    "defaults",
                    "    mode http",
                    "    timeout connect 5s",
                    "    timeout client 30s",
                    "    timeout server 30s",
                    defaults.stripTrailing(),
                    "listen px",
                    "    bind 127.0.0.1:" + port,
                    "    server s1 127.0.0.1:" + origin.port(),
                    "listen other",
                    "    bind 127.0.0.1:" + otherPort,
                    "    server s1 127.0.0.1:" + origin.port(),
                    "");
            try (Embedded bascule = Embedded.start(config);
                 Socket first = connect(port);
                 Socket second = connect(port);
                 Socket third = connect(port)) {
                // the first two are served and stay open (keep-alive)
                for (Socket socket : new Socket[] {first, second}) {
                    HttpProxyIT.send(socket, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
                    assertThat(HttpProxyIT.readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200");
                }
                if (otherTraffic) {
                    try (Socket other = connect(otherPort)) {
                        HttpProxyIT.send(other, "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
                        assertThat(HttpProxyIT.readResponse(other.getInputStream())).startsWith("HTTP/1.1 200");
                    }
                }
                // the third waits: nothing is read from it while two connections are open
                HttpProxyIT.send(third, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
                third.setSoTimeout(1_000);
                boolean answered;
                try {
                    answered = third.getInputStream().read() >= 0;
                } catch (SocketTimeoutException expected) {
                    answered = false;
                }
                assertThat(answered).as("a third connection served under maxconn 2").isFalse();
                // one leaves: the third is accepted and served
                first.close();
                third.setSoTimeout(10_000);
                assertThat(HttpProxyIT.readResponse(third.getInputStream())).startsWith("HTTP/1.1 200");
            }
        }
    }

    private static Socket connect(int port) throws Exception {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }
}
