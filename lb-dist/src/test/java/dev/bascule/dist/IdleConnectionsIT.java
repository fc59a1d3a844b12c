package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * Server connections left idle are bounded by what the traffic needs, as HAProxy's
 * srv_add_to_idle_list() bounds them: clients that each send one request with
 * {@code Connection: close} open a server connection per request (http-reuse safe never gives a
 * first request an idle one), and those must not all stay open for the purge delay.
 */
final class IdleConnectionsIT {
    private static final int CLIENTS = 16;
    private static final int REQUESTS_EACH = 60;

    @Test
    void closingClientsLeaveAboutAsManyServerConnectionsAsRequestsAtOnce() throws Exception {
        try (TestOrigin origin = new TestOrigin("o1"); HttpProxyIT.Proxy proxy = HttpProxyIT.Proxy.to(origin)) {
            AtomicInteger answered = new AtomicInteger();
            AtomicInteger mostOpen = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Thread client = new Thread(() -> {
                    for (int i = 0; i < REQUESTS_EACH; i++) {
                        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port)) {
                            socket.setSoTimeout(10_000);
                            HttpProxyIT.send(socket, "GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
                            InputStream in = new BufferedInputStream(socket.getInputStream());
                            if (HttpProxyIT.readResponse(in).startsWith("HTTP/1.1 200 ")) {
                                answered.incrementAndGet();
                            }
                        } catch (IOException e) {
                            return;
                        }
                        mostOpen.accumulateAndGet(origin.openConnections(), Math::max);
                    }
                });
                client.start();
                clients.add(client);
            }
            for (Thread client : clients) {
                client.join(60_000);
            }
            assertThat(answered.get()).isEqualTo(CLIENTS * REQUESTS_EACH);
            // the requests at once, one kept per event loop, and those the proxy is closing that the
            // origin has not seen close yet (35 seen for 16 clients); before, one per request of the
            // last 5 s (960 of 960)
            assertThat(mostOpen.get()).as("most server connections open at once").isLessThanOrEqualTo(3 * CLIENTS + 4);
            System.out.printf("idle-connections: %d requests by %d closing clients, at most %d server connections open%n",
                    answered.get(), CLIENTS, mostOpen.get());
        }
    }
}
