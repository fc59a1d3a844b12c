package dev.bascule.transport.netty.http;

import dev.bascule.core.runtime.TrafficObserver;
import dev.bascule.transport.netty.http.HttpTransaction.State;

/**
 * What an expired timeout of a client connection does, as HAProxy's stream on its expiry dates:
 * {@code timeout http-request} and {@code http-keep-alive} answer 408 to a started request
 * (an idle keep-alive connection closes quietly), {@code timeout client} aborts a stalled upload,
 * {@code timeout server} answers 504 before the response or cuts it short after, {@code timeout
 * tarpit} ends a tarpit with its reply. The
 * {@link ConnectionTimer} says which ran out; the connection's state says what it means now.
 */
final class HttpTimeouts implements ConnectionTimer.Expiry {
    private final HttpFrontendHandler connection;
    private final HttpTransaction txn;
    private final HttpLog httpLog;
    private final ResponseRelay relay;
    private final ServerConnector connector;

    HttpTimeouts(HttpFrontendHandler connection, HttpTransaction txn, HttpLog httpLog, ResponseRelay relay,
                 ServerConnector connector) {
        this.connection = connection;
        this.txn = txn;
        this.httpLog = httpLog;
        this.relay = relay;
        this.connector = connector;
    }

    @Override
    public void expired(ConnectionTimer.Kind kind) {
        switch (kind) {
            case REQUEST:
            case KEEP_ALIVE:
                if (txn.state == State.BUFFERING) {
                    httpLog.failed('c', 'R', 408);
                    relay.replyRawErrorAndClose(408);
                    return;
                }
                if (txn.state != State.IDLE) {
                    return;
                }
                if (txn.bytesSinceIdle) {
                    httpLog.failed('c', 'R', 408);
                    relay.replyRawErrorAndClose(408);
                } else {
                    // logged (as HAProxy does) only for the first request of a connection
                    httpLog.failed('c', 'R', 408);
                    connection.closeNow();
                }
                break;
            case CLIENT:
                // the client stopped sending its request body
                httpLog.aborted('c', 'D');
                connector.releaseServerConnection(false);
                connection.closeNow();
                break;
            case TARPIT:
                if (txn.tarpitted) {
                    relay.endTarpit();
                }
                break;
            case SERVER:
                if (txn.state != State.FORWARDING) {
                    return;
                }
                if (!txn.responseStarted) {
                    // the client connection stays (HAProxy 2.6 answers its next request); the server's goes
                    relay.countFailedResponse(connector.inflight);
                    connector.observe(TrafficObserver.Outcome.HTTP_READ_TIMEOUT);
                    httpLog.failed('s', 'H', 504);
                    relay.failExchange(504);
                } else {
                    httpLog.aborted('s', 'D');
                    connector.releaseServerConnection(false);
                    connection.closeNow();
                }
                break;
        }
    }
}
