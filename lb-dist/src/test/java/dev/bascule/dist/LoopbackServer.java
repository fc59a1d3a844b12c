package dev.bascule.dist;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain TCP server on 127.0.0.1, port 0, that hands each connection to {@code handler} on a
 * thread of its own; closing it closes the listener and every connection still open.
 */
final class LoopbackServer implements AutoCloseable {
    /** What the server does with one connection; the connection is closed after it returns. */
    @FunctionalInterface
    interface Handler {
        void handle(Socket connection) throws Exception;
    }

    private final ServerSocket socket;
    private final List<Socket> accepted = new ArrayList<>();

    LoopbackServer(String name, Handler handler) throws IOException {
        socket = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                Socket connection;
                try {
                    connection = socket.accept();
                } catch (IOException e) {
                    return;
                }
                synchronized (accepted) {
                    accepted.add(connection);
                }
                Thread one = new Thread(() -> {
                    try (connection) {
                        handler.handle(connection);
                    } catch (Exception e) {
                        // the proxy closed or reset the connection: the test judges what it received
                    }
                }, name + "-connection");
                one.setDaemon(true);
                one.start();
            }
        }, name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        synchronized (accepted) {
            for (Socket connection : accepted) {
                connection.close();
            }
        }
    }
}
