package dev.bascule.api.config;

/**
 * HAProxy's HTTP/1 connection modes ({@code option http-keep-alive}, {@code option
 * http-server-close}, {@code option httpclose}), set per proxy section. A request passing through
 * a frontend and a backend gets the stronger of their two modes on the server side ("keep-alive is
 * the weakest option and close is the strongest"); the client side only follows the frontend's.
 *
 * @since 1.1
 */
public enum HttpConnectionMode {
    /** {@code option http-keep-alive}, the default: both connections stay open between exchanges. */
    KEEP_ALIVE,
    /** {@code option http-server-close}: the server connection closes after each response, the client's stays open. */
    SERVER_CLOSE,
    /** {@code option httpclose}: {@code Connection: close} both ways, the connection closed after the response. */
    CLOSE
}
