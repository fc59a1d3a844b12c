package dev.bascule.api.sample;

import dev.bascule.api.Nullable;

import java.net.InetSocketAddress;

/**
 * A transport-neutral, read-only view of one stream's traffic, for fetches. Valid only during
 * the call it is passed to. Grows through default methods as fetches need more.
 */
public interface TrafficView {
    /** The client's address. */
    InetSocketAddress source();

    /** The address the client connected to. */
    InetSocketAddress destination();

    /** Whether the client connection is TLS (HAProxy's {@code ssl_fc}). */
    default boolean secure() {
        return false;
    }

    /** The server name the client sent in its TLS hello (SNI), or null. */
    default @Nullable CharSequence serverName() {
        return null;
    }

    /** The request method, or null outside HTTP. */
    default @Nullable CharSequence method() {
        return null;
    }

    /** The request target as received, or null outside HTTP. */
    default @Nullable CharSequence uri() {
        return null;
    }

    /** The value of the {@code occurrence}-th (1-based; -1 = last) header of that name, or null. */
    default @Nullable CharSequence requestHeader(CharSequence name, int occurrence) {
        return null;
    }
}
