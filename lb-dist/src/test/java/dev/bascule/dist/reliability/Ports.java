package dev.bascule.dist.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/** Loopback ports: a free one for a listener a config names, and waiting for one to listen. */
final class Ports {
    private Ports() {
    }

    /** A port free right now on 127.0.0.1 (a config cannot say port 0). */
    static int free() {
        // bound without SO_REUSEADDR (the JDK sets it by default): otherwise the kernel may hand out
        // a port that earlier connections keep in TIME_WAIT, and a listener bound without it fails
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether something accepts connections on 127.0.0.1:port within the timeout. */
    static boolean awaitListening(int port, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        return false;
    }
}
