package dev.bascule.api.sample;

import dev.bascule.api.Nullable;

import java.net.InetSocketAddress;

/**
 * A transport-neutral, read-only view of one stream's traffic, for fetches. Valid only during
 * the call it is passed to. Grows through default methods as fetches need more.
 *
 * <p>Request headers are seen as the list of header lines in arrival order, addressed by index,
 * so that a fetch can walk them without allocating.
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

    /** The request's HTTP version as written ({@code HTTP/1.1}), or null outside HTTP. */
    default @Nullable CharSequence version() {
        return null;
    }

    /** How many header lines the request has (0 outside HTTP). */
    default int requestHeaderCount() {
        return 0;
    }

    /** The name of the request header line at {@code index} (0-based), as received. */
    default CharSequence requestHeaderName(int index) {
        throw new IndexOutOfBoundsException(index);
    }

    /** The value of the request header line at {@code index} (0-based), without surrounding blanks. */
    default CharSequence requestHeaderValue(int index) {
        throw new IndexOutOfBoundsException(index);
    }

    /** The stream's variables, or null where there are none (health checks, tests). */
    default @Nullable Variables variables() {
        return null;
    }

    /** The request's unique ID ({@code unique-id-format}), made on first use; null when there is none. */
    default @Nullable CharSequence uniqueId() {
        return null;
    }

    /** The frontend's name ({@code fe_name}), or null outside a proxy. */
    default @Nullable CharSequence frontendName() {
        return null;
    }

    /** The backend's name ({@code be_name}): the frontend's until use_backend chose one; null outside a proxy. */
    default @Nullable CharSequence backendName() {
        return null;
    }

    /** The name of the server serving the stream ({@code srv_name}), or null before one is chosen. */
    default @Nullable CharSequence targetServerName() {
        return null;
    }

    /** The response's status ({@code status}), or 0 before the response (or outside HTTP). */
    default int status() {
        return 0;
    }

    /**
     * The response seen as a view whose request-header methods read the response's headers (for
     * {@code res.hdr} and the like), or null before the response.
     */
    default @Nullable TrafficView responseHeaders() {
        return null;
    }

    /** The id of the server serving the stream ({@code srv_id}), or 0 before one is chosen. */
    default int targetServerId() {
        return 0;
    }
}
