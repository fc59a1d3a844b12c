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

    /**
     * Receives the next bytes that arrive, at most {@code maxBytes}; completes with an empty array
     * when the peer has closed. For protocols whose answer ends before the connection does.
     */
    CompletionStage<byte[]> receiveSome(int maxBytes);

    @Override
    void close();
}
