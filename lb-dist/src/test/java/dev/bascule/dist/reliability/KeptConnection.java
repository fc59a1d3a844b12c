package dev.bascule.dist.reliability;

import java.io.IOException;

/**
 * A load client's keep-alive connection to one port: opened on first use, dropped after an error
 * or when either side says {@code close}, opened again by the next exchange.
 */
final class KeptConnection implements AutoCloseable {
    private final int port;
    private final int timeoutMillis;
    private HttpConnection connection;

    KeptConnection(int port, int timeoutMillis) {
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /** The connection, opened if there is none. */
    HttpConnection get() throws IOException {
        if (connection == null) {
            connection = HttpConnection.open(port, timeoutMillis);
        }
        return connection;
    }

    /** Whether the connection has already carried an exchange (so a failure on it is a reused connection's). */
    boolean reused() {
        return connection != null && connection.responses() > 0;
    }

    /** After {@code response}: the connection goes when the client asked to close or the proxy says so. */
    void after(HttpConnection.Response response, boolean clientCloses) {
        if (clientCloses || "close".equalsIgnoreCase(response.headers().get("connection"))) {
            drop();
        }
    }

    /** How a failure is described: on a reused connection, or a new one. */
    static String describe(boolean reused, Exception e) {
        return (reused ? "reused connection: " : "new connection: ") + e;
    }

    void drop() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    @Override
    public void close() {
        drop();
    }
}
