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

    /**
     * Whether the request is authenticated as a proxy's ({@code option http-use-proxy-header} and a
     * URI that starts with neither '/' nor '*'): credentials in {@code Proxy-Authorization}, a
     * challenge in a 407 with {@code Proxy-Authenticate}. Since 1.2.
     */
    default boolean proxyAuthentication() {
        return false;
    }

    /** Whether the client connection is TLS (HAProxy's {@code ssl_fc}). */
    default boolean secure() {
        return false;
    }

    /** The server name the client sent in its TLS hello (SNI), or null. */
    default @Nullable CharSequence serverName() {
        return null;
    }

    /**
     * The cipher of the client connection's TLS session in OpenSSL's naming
     * ({@code ECDHE-RSA-AES128-GCM-SHA256}, {@code TLS_AES_256_GCM_SHA384}), as HAProxy's
     * {@code ssl_fc_cipher}; null without TLS or before the handshake.
     */
    default @Nullable CharSequence tlsCipher() {
        return null;
    }

    /** The TLS version of the client connection ({@code TLSv1.3}, HAProxy's {@code ssl_fc_protocol}), or null. */
    default @Nullable CharSequence tlsProtocol() {
        return null;
    }

    /**
     * The certificate the client presented on this TLS connection ({@code verify optional} or
     * {@code required}; HAProxy's {@code ssl_c_*}), or null without TLS or without one. A
     * connection whose certificate failed verification never gets this far.
     */
    default java.security.cert.@Nullable X509Certificate tlsClientCertificate() {
        return null;
    }

    /** The certificate this side presented on the TLS connection (HAProxy's {@code ssl_f_*}), or null without TLS. */
    default java.security.cert.@Nullable X509Certificate tlsFrontendCertificate() {
        return null;
    }

    /**
     * The chain the client presented, its certificate first (HAProxy's {@code ssl_c_chain_der});
     * empty without TLS or without one. Since API 1.4.
     */
    default java.util.List<java.security.cert.X509Certificate> tlsClientChain() {
        java.security.cert.X509Certificate certificate = tlsClientCertificate();
        return certificate == null ? java.util.List.of() : java.util.List.of(certificate);
    }

    /**
     * OpenSSL's verification result for the client's certificate ({@code X509_V_ERR_*}, 0 for
     * none): {@code which} is {@code ssl_c_verify} (the result), {@code ssl_c_err} (the first error
     * on the certificate) or {@code ssl_c_ca_err} (the first on an authority). Non-zero only for an
     * error the listener lets pass ({@code crt-ignore-err}, {@code ca-ignore-err}). Since API 1.4.
     */
    default int tlsClientVerifyError(String which) {
        return 0;
    }

    /**
     * The chain the server presented on the stream's TLS connection to it ({@code server ... ssl}),
     * its certificate first (HAProxy's {@code ssl_s_*}); empty without one. Since API 1.4.
     */
    default java.util.List<java.security.cert.X509Certificate> tlsServerChain() {
        return java.util.List.of();
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

    /** The {@code userlist} section of that name, or null when there is none (or outside a proxy). */
    default @Nullable Userlist userlist(String name) {
        return null;
    }

    /** The stream's variables, or null where there are none (health checks, tests). */
    default @Nullable Variables variables() {
        return null;
    }

    /** The request's unique ID ({@code unique-id-format}), made on first use; null when there is none. */
    default @Nullable CharSequence uniqueId() {
        return null;
    }

    /**
     * The stream's number in the process ({@code %rt}, HAProxy's {@code uniq_id}); -1 where there is
     * no stream (a connection's rules before its first request, tests).
     */
    default long streamId() {
        return -1;
    }

    /** When the client's connection was accepted, in milliseconds since the epoch ({@code %Ts}); 0 when unknown. */
    default long acceptEpochMillis() {
        return 0;
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

    /**
     * The client connection's own source address ({@code fc_src}): unlike {@link #source()}, never
     * changed by {@code set-src} or a PROXY header (HAProxy 2.6 keeps those in the session).
     */
    default InetSocketAddress connectionSource() {
        return source();
    }

    /** The client connection's own destination address ({@code fc_dst}), never changed by {@code set-dst}. */
    default InetSocketAddress connectionDestination() {
        return destination();
    }

    /** Whether the client connection began with a PROXY protocol header ({@code fc_rcvd_proxy}). */
    default boolean receivedProxyHeader() {
        return false;
    }

    /** The {@code AUTHORITY} TLV of the client connection's PROXY v2 header ({@code fc_pp_authority}), or null. */
    default @Nullable CharSequence proxyAuthority() {
        return null;
    }

    /** The {@code UNIQUE_ID} TLV of the client connection's PROXY v2 header ({@code fc_pp_unique_id}), or null. */
    default @Nullable CharSequence proxyUniqueId() {
        return null;
    }

    /** The frontend's numeric id ({@code fe_id}), or 0 outside a proxy. */
    default int frontendId() {
        return 0;
    }

    /** The backend's numeric id ({@code be_id}): the frontend's until use_backend chose one; 0 outside a proxy. */
    default int backendId() {
        return 0;
    }

    /** Whether the request is the first one of its connection ({@code http_first_req}); false outside HTTP. */
    default boolean firstRequest() {
        return false;
    }

    /**
     * The part of the request body that is available, one character per byte (ISO-8859-1), or null
     * when the body was not waited for ({@code option http-buffer-request}) or outside HTTP.
     */
    default @Nullable CharSequence requestBody() {
        return null;
    }

    /**
     * The request bytes received and not yet forwarded, one character per byte (ISO-8859-1): what
     * HAProxy's content fetches ({@code req.payload}, {@code req.ssl_sni}, ...) read in
     * {@code mode tcp}, where the rules of {@code tcp-request content} may wait for them. Null
     * where there is no such buffer (an HTTP stream, whose payload HAProxy's fetches do not read).
     * Since 1.3.
     */
    default @Nullable CharSequence requestPayload() {
        return null;
    }

    /**
     * The response bytes received from the server and not yet forwarded, one character per byte:
     * what {@code res.payload} and the like read in {@code mode tcp}, where {@code tcp-response
     * content} rules may wait for them. Null where there is no such buffer. Since 1.3.
     */
    default @Nullable CharSequence responsePayload() {
        return null;
    }

    /**
     * HAProxy's {@code req.len} on an HTTP stream: the size its HTX message gives the request so
     * far, which its manual calls not accurate and keeps for compatibility. That is the start
     * line's three parts plus 21 (the start-line block and the end of headers), each header
     * field's name and value without separators (a {@code Connection} field of only
     * {@code close}/{@code keep-alive} is not stored), the body bytes received, and once a chunked
     * body has ended 1 plus its trailers' names and values. -1 outside HTTP.
     */
    default long requestLength() {
        return -1;
    }

    /**
     * The request body's announced size ({@code req.body_size}): its Content-Length, else what is
     * available; -1 when the body is not available.
     */
    default long requestBodySize() {
        return -1;
    }

    /**
     * The value of {@code capture request header} number {@code index} (0-based) for this stream,
     * or null when there is no such capture or the header was absent.
     */
    default @Nullable CharSequence requestCapture(int index) {
        return null;
    }

    /** The value of {@code capture response header} number {@code index}, or null. */
    default @Nullable CharSequence responseCapture(int index) {
        return null;
    }

    /**
     * The request line as captured for the log ({@code METHOD URI VERSION}, HAProxy's
     * {@code txn->uri}), or null when there is none.
     */
    default @Nullable CharSequence capturedRequestLine() {
        return null;
    }

    /**
     * How many servers of the backend named {@code backend} (the current backend when null) can
     * take traffic ({@code nbsrv}, HAProxy's {@code be_usable_srv()}); -1 when there is no such backend.
     */
    default int usableServers(@Nullable CharSequence backend) {
        return -1;
    }

    /** The client connections the stream's frontend holds now ({@code fe_conn}); -1 outside a proxy. */
    default int frontendConnections() {
        return -1;
    }

    /**
     * The streams on the backend named {@code backend} (the current backend when null) now
     * ({@code be_conn}); -1 when there is no such backend.
     */
    default int backendConnections(@Nullable CharSequence backend) {
        return -1;
    }

    /**
     * The streams on server {@code server} of the backend named {@code backend} (the current
     * backend when null) now ({@code srv_conn}); -1 when there is no such server.
     */
    default int serverConnections(@Nullable CharSequence backend, CharSequence server) {
        return -1;
    }

    /** The queue and slot numbers HAProxy's fetches read (since 1.1). */
    enum QueueMetric {
        /** {@code srv_queue}: streams waiting in the server's queue. */
        SERVER_QUEUE,
        /** {@code queue}: streams waiting in the backend's queue and its servers' ({@code totpend}). */
        BACKEND_QUEUE,
        /** {@code avg_queue}: {@code queue} divided by the usable servers (rounded up), twice it without any. */
        AVERAGE_QUEUE,
        /** {@code connslots}: free slots plus free queue places of the servers not down; -1 if one has no limit. */
        CONNECTION_SLOTS,
        /** {@code be_conn_free}: free slots of the usable servers; -1 if one has no {@code maxconn}. */
        FREE_BACKEND_CONNECTIONS,
        /** {@code srv_conn_free}: free slots of the server; -1 without {@code maxconn}. */
        FREE_SERVER_CONNECTIONS
    }

    /**
     * {@code metric} of the backend named {@code backend} (the current backend when null), or of
     * its server {@code server} for the server metrics; {@link Long#MIN_VALUE} when there is no
     * such backend or server (since 1.1).
     */
    default long queueMetric(QueueMetric metric, @Nullable CharSequence backend, @Nullable CharSequence server) {
        return Long.MIN_VALUE;
    }

    /**
     * The stream's stick counters and the configuration's stick tables, or null where there are
     * none (no {@code stick-table} in the configuration, health checks, tests).
     */
    default @Nullable StickCounters stickCounters() {
        return null;
    }
}
