package dev.bascule.healthcheck;

import dev.bascule.api.check.ProbeClient;
import dev.bascule.api.check.ProbeConnection;
import dev.bascule.api.check.ProbeContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/** A hand-written probe client over plain sockets, each call run off the caller's thread. */
final class BlockingProbeContext implements ProbeContext, ProbeClient {
    @Override
    public ProbeClient client() {
        return this;
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(2);
    }

    @Override
    public CompletionStage<ProbeConnection> connect(InetSocketAddress address, Duration timeout) {
        return CompletableFuture.supplyAsync(() -> {
            Socket socket = new Socket();
            try {
                socket.connect(address, (int) timeout.toMillis());
                socket.setSoTimeout(5000);
            } catch (SocketTimeoutException e) {
                closeQuietly(socket);
                throw new CompletionException(new TimeoutException(e.getMessage()));
            } catch (IOException e) {
                closeQuietly(socket);
                throw new CompletionException(e);
            }
            return new SocketConnection(socket);
        });
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the connect failure is what matters
        }
    }

    private record SocketConnection(Socket socket) implements ProbeConnection {
        @Override
        public CompletionStage<Void> send(byte[] data) {
            return CompletableFuture.runAsync(() -> {
                try {
                    socket.getOutputStream().write(data);
                    socket.getOutputStream().flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        @Override
        public CompletionStage<byte[]> receive(int maxBytes) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return socket.getInputStream().readNBytes(maxBytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        @Override
        public CompletionStage<byte[]> receiveSome(int maxBytes) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    InputStream in = socket.getInputStream();
                    byte[] buffer = new byte[maxBytes];
                    int read = in.read(buffer);
                    return read < 0 ? new byte[0] : Arrays.copyOf(buffer, read);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        @Override
        public void close() {
            closeQuietly(socket);
        }
    }
}
