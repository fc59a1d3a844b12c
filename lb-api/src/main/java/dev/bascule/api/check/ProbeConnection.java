package dev.bascule.api.check;

import java.util.concurrent.CompletionStage;

/** An open probe connection. Closing it twice is harmless. */
public interface ProbeConnection extends AutoCloseable {
    /** Sends the bytes; completes when they are written. */
    CompletionStage<Void> send(byte[] data);

    /**
     * Receives until the peer closes or {@code maxBytes} have arrived, whichever is first, and
     * completes with what arrived.
     */
    CompletionStage<byte[]> receive(int maxBytes);

    @Override
    void close();
}
