package dev.bascule.dist.reliability;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Many connections that each send a request head one byte a second, never finishing it, all
 * driven by one thread (non-blocking sockets and a selector); what each receives until the proxy
 * closes it is kept: a proxy with {@code timeout http-request} answers 408 and closes.
 */
final class Slowloris implements AutoCloseable {
    private static final byte[] HEAD = ("GET / HTTP/1.1\r\nHost: reliability\r\nX-Slow: " + "a".repeat(200))
            .getBytes(StandardCharsets.ISO_8859_1);

    private final Selector selector;
    private final List<Connection> connections = new ArrayList<>();

    private static final class Connection {
        final SocketChannel channel;
        final StringBuilder received = new StringBuilder();
        boolean closed;
        boolean reset;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private Slowloris(Selector selector) {
        this.selector = selector;
    }

    /** Opens {@code count} connections to 127.0.0.1:port; each sends its first byte at once. */
    static Slowloris open(int port, int count) throws IOException {
        Slowloris slowloris = new Slowloris(Selector.open());
        try {
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                channel.configureBlocking(false);
                Connection connection = new Connection(channel);
                channel.register(slowloris.selector, SelectionKey.OP_READ, connection);
                slowloris.connections.add(connection);
                channel.write(ByteBuffer.wrap(HEAD, 0, 1));
            }
        } catch (IOException e) {
            slowloris.close();
            throw e;
        }
        return slowloris;
    }

    /**
     * Sends one more byte on every open connection each second and reads what comes back, until
     * every connection is closed or {@code limit} has passed.
     */
    void drip(Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        long nextByte = System.nanoTime() + 1_000_000_000L;
        int sent = 1;
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (System.nanoTime() < deadline && connections.stream().anyMatch(c -> !c.closed)) {
            long wait = Math.max(1, (Math.min(nextByte, deadline) - System.nanoTime()) / 1_000_000);
            selector.select(wait);
            for (SelectionKey key : selector.selectedKeys()) {
                Connection connection = (Connection) key.attachment();
                buffer.clear();
                int n;
                try {
                    n = connection.channel.read(buffer);
                } catch (IOException reset) {
                    connection.reset = true;
                    n = -1;
                }
                if (n < 0) {
                    connection.closed = true;
                    key.cancel();
                    connection.channel.close();
                } else {
                    connection.received.append(new String(buffer.array(), 0, n, StandardCharsets.ISO_8859_1));
                }
            }
            selector.selectedKeys().clear();
            if (System.nanoTime() >= nextByte && sent < HEAD.length) {
                for (Connection connection : connections) {
                    if (!connection.closed) {
                        try {
                            connection.channel.write(ByteBuffer.wrap(HEAD, sent, 1));
                        } catch (IOException closing) {
                            // the read side tells how it ended
                        }
                    }
                }
                sent++;
                nextByte += 1_000_000_000L;
            }
        }
    }

    /**
     * How the connections ended, counted: the first line each received (or "nothing"), followed
     * by "then closed", "then reset" or "still open".
     */
    Map<String, Integer> outcomes() {
        Map<String, Integer> outcomes = new TreeMap<>();
        for (Connection connection : connections) {
            String received = connection.received.toString();
            String first = received.isEmpty() ? "nothing" : received.lines().findFirst().orElse("");
            String end = connection.reset ? "then reset" : connection.closed ? "then closed" : "still open";
            outcomes.merge(first + ", " + end, 1, Integer::sum);
        }
        return outcomes;
    }

    @Override
    public void close() throws IOException {
        for (Connection connection : connections) {
            connection.channel.close();
        }
        selector.close();
    }
}
