package dev.bascule.api.balance;

import dev.bascule.api.Nullable;

import java.net.InetSocketAddress;

/**
 * What a picker may know about the request being balanced. Reused by the transport between
 * requests: read it during {@code pick} only. Grows through default methods.
 */
public interface PickContext {
    /** 0 for the first attempt, then 1, 2... for each retry after a failed connection. */
    int attempt();

    /** The server the previous attempt failed on, or null on the first attempt. */
    @Nullable
    Server previous();

    /**
     * The client's address ({@code balance source}), or null when unknown. The same object for
     * every request of a connection: reading it allocates nothing.
     */
    default @Nullable InetSocketAddress source() {
        return null;
    }

    /**
     * The target of the HTTP request being balanced, as it goes to the server (after the rules),
     * or null outside HTTP. Each character is one byte of the request line. The same object for
     * every attempt of a request: reading it allocates nothing.
     */
    default @Nullable CharSequence uri() {
        return null;
    }

    /**
     * The value of the first request header called {@code name} (case-insensitive), the whole
     * line's value, or null when there is none or outside HTTP. Must not allocate.
     */
    default @Nullable CharSequence requestHeader(CharSequence name) {
        return null;
    }

    /**
     * The request bytes held while {@code tcp-request content} rules inspected them
     * ({@code mode tcp}), one character per byte, which {@code balance rdp-cookie} reads; null on
     * an HTTP stream. Since 1.3.
     */
    default @Nullable CharSequence requestPayload() {
        return null;
    }
}
