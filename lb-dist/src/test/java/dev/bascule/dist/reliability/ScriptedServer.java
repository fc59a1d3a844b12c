package dev.bascule.dist.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A server of the test's own on a free loopback port, a thread per connection, that does with each
 * connection what its {@link Behaviour} says: answer well, or misbehave in one precise way.
 * {@link #close} is its death: the listener and every connection close at once, as when a
 * process is killed.
 */
final class ScriptedServer implements AutoCloseable {
    /** What the server does with one connection; returning closes it. */
    interface Behaviour {
        void serve(Socket socket, InputStream in, OutputStream out) throws IOException, InterruptedException;
    }

    private static final int CRLFCRLF = 0x0D0A0D0A;
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n";

    private final ServerSocket listener;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ScriptedServer(ServerSocket listener) {
        this.listener = listener;
    }

    static ScriptedServer start(String name, Behaviour behaviour) throws IOException {
        ScriptedServer server = new ScriptedServer(new ServerSocket(0, 1024, InetAddress.getLoopbackAddress()));
        Thread acceptor = new Thread(() -> server.accept(name, behaviour), name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    /** Answers {@code 200 ok} to every request on a connection until the client closes it; counts them. */
    static Behaviour keepAlive(AtomicLong served) {
        return (socket, in, out) -> {
            while (readHead(in) != null) {
                served.incrementAndGet();
                out.write(OK.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        };
    }

    int port() {
        return listener.getLocalPort();
    }

    /**
     * A request head up to its empty line, or null when the connection ends first; a request with
     * a body is not expected.
     */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last = 0;
        while (last != CRLFCRLF) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            last = last << 8 | b;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private void accept(String name, Behaviour behaviour) {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return;
            }
            connections.add(socket);
            if (closed) {
                closeQuietly(socket);
            }
            Thread thread = new Thread(() -> {
                try (socket) {
                    behaviour.serve(socket, socket.getInputStream(), socket.getOutputStream());
                } catch (IOException | InterruptedException e) {
                    // the proxy went away, or the server died
                } finally {
                    connections.remove(socket);
                }
            }, name + "-connection");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        connections.forEach(ScriptedServer::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
